/**
 * Agents smoke checks: an agent with a CSV document, end to end. Live, they run only when the
 * controller's key and project id are configured (they create an agent and a document in the
 * project, free but not deletable through the API); otherwise one row says they were skipped.
 */
import { type AgentsClient, createAgentsClient } from "@theta/agents";
import { ThetaConfigError } from "@theta/core";
import type { SmokeFamily, SmokeRun } from "../../smoke-family.js";
import { runAgentChecks } from "./checks.js";

function clientFor(run: SmokeRun): AgentsClient {
  if (!run.simulator) return createAgentsClient({ budget: run.budget });
  const { apiKey, projectId } = run.simulator.credentials.agents;
  return createAgentsClient({
    baseUrl: run.simulator.baseUrls.controller,
    apiKey,
    projectId,
    allowInsecureLoopback: true,
    budget: run.budget,
    env: {},
  });
}

/**
 * True when the key and the project id are configured: without them the first read throws
 * ThetaConfigError before sending anything. Another failure is left to the checks to report.
 */
async function configured(client: AgentsClient, run: SmokeRun): Promise<boolean> {
  try {
    await client.agents.list({ number: 1 });
    return true;
  } catch (error) {
    if (!ThetaConfigError.isInstance(error)) return true;
    run.record({
      service: "(agents)",
      check: "agents checks",
      state: "skipped",
      latencyMs: 0,
      costUsd: 0,
      totalSpendUsd: (await run.budget.snapshot()).spentUsd,
      ok: true,
      detail: "set THETA_EC_API_KEY and THETA_EC_PROJECT_ID to run them",
    });
    return false;
  }
}

export const agentsSmoke: SmokeFamily = {
  family: "agents",
  async run(run) {
    const client = clientFor(run);
    run.note(`Target: ${run.simulator ? "built-in simulator at " : ""}${client.baseUrl} (agents)`);
    if (!(await configured(client, run))) return;
    await runAgentChecks(client, run.budget, run.record);
  },
};
