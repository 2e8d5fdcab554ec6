import { createAgentsClient } from "@theta/agents";
import { createBudgetGuard } from "@theta/core";
import { startSimulator } from "@theta/simulator";
import { describe, expect, it } from "vitest";
import type { CheckRow } from "../../check-row.js";
import { runAgentChecks, SALES_CSV, SALES_METADATA } from "./checks.js";

async function run(breakDocuments: boolean): Promise<{ rows: CheckRow[]; documents: unknown }> {
  const simulator = await startSimulator({ seed: 3 });
  try {
    if (breakDocuments)
      simulator.faults.add({ family: "agents", method: "POST", path: /\/document$/, status: 500 });
    const { apiKey, projectId } = simulator.credentials.agents;
    const client = createAgentsClient({
      baseUrl: simulator.baseUrls.controller,
      apiKey,
      projectId,
      allowInsecureLoopback: true,
      maxRetries: 0,
      env: {},
    });
    const rows: CheckRow[] = [];
    await runAgentChecks(client, createBudgetGuard({ capUsd: 1 }), (row) => rows.push(row));
    const [agentId] = simulator.families.agents.agentIds();
    return { rows, documents: simulator.families.agents.documents(agentId ?? "") };
  } finally {
    await simulator.close();
  }
}

describe("agents smoke checks", () => {
  it("create an agent, add the CSV with SQL metadata, list, get, update and verify", async () => {
    const { rows, documents } = await run(false);
    expect(rows.map((row) => [row.check, row.ok])).toEqual([
      ["create agent", true],
      ["add CSV document (SQL metadata)", true],
      ["list documents", true],
      ["get document", true],
      ["update agent", true],
      ["verify", true],
    ]);
    expect(documents).toMatchObject([
      { filename: "sales.csv", contentType: "text/csv", metadata: SALES_METADATA },
    ]);
    expect(new TextDecoder().decode((documents as { content: Uint8Array }[])[0]?.content)).toBe(SALES_CSV);
  });

  it("stop at the first failing step and say why", async () => {
    const { rows } = await run(true);
    expect(rows.map((row) => [row.check, row.state])).toEqual([
      ["create agent", "success"],
      ["add CSV document (SQL metadata)", "error"],
    ]);
  });
});
