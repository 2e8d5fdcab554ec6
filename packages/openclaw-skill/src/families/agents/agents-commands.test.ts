/** The theta.ai.agent.* commands against the simulator (real loopback HTTP), through the registry. */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Simulator, simulatorEnv, startSimulator } from "@theta/simulator";
import { afterEach, describe, expect, it } from "vitest";
import plugin, { type OpenClawPluginApi } from "../../openclaw.js";
import { executeCommand, listCommands } from "../../registry.js";

const running: Simulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((simulator) => simulator.close()));
});

async function simulated(): Promise<{ simulator: Simulator; env: Record<string, string> }> {
  const simulator = await startSimulator({ quiet: true, seed: 11 });
  running.push(simulator);
  return { simulator, env: simulatorEnv(simulator) };
}

type Json = Record<string, unknown>;

const AGENT_COMMANDS = [
  "theta.ai.agent.create",
  "theta.ai.agent.get",
  "theta.ai.agent.update",
  "theta.ai.agent.list",
  "theta.ai.agent.document.create",
  "theta.ai.agent.document.update",
  "theta.ai.agent.document.get",
  "theta.ai.agent.document.list",
];
const MUTATING = new Set([
  "theta.ai.agent.create",
  "theta.ai.agent.update",
  "theta.ai.agent.document.create",
  "theta.ai.agent.document.update",
]);

describe("theta.ai.agent commands", () => {
  it("create an agent, add a base64 document byte for byte, list, get and update it", async () => {
    const { simulator, env } = await simulated();
    const agent = (await executeCommand("theta.ai.agent.create", { name: "Sales" }, { env })) as Json;
    const agentId = agent.id as string;
    const bytes = new Uint8Array([0, 255, 13, 10, 45, 45, 200]);
    const created = (await executeCommand(
      "theta.ai.agent.document.create",
      {
        agentId,
        content: Buffer.from(bytes).toString("base64"),
        encoding: "base64",
        filename: "raw.bin",
        metadata: { query_type: "text", description: "bytes" },
      },
      { env },
    )) as Json;
    const [stored] = simulator.families.agents.documents(agentId) ?? [];
    expect(stored?.id).toBe(created.id);
    expect([...(stored?.content ?? [])]).toEqual([...bytes]);
    expect(stored?.contentType).toBe("application/octet-stream");

    const listed = (await executeCommand("theta.ai.agent.document.list", { agentId }, { env })) as Json;
    expect(listed).toMatchObject({ page: 0, totalItems: 1, totalPages: 1 });
    const updated = (await executeCommand(
      "theta.ai.agent.update",
      { agentId, warm_up_messages: [{ role: "assistant", content: "Hi" }] },
      { env },
    )) as Json;
    expect(updated.warm_up_messages).toEqual([{ role: "assistant", content: "Hi" }]);
    const agents = (await executeCommand("theta.ai.agent.list", {}, { env })) as Json;
    expect((agents.agents as Json[]).map((entry) => entry.id)).toEqual([agentId]);
  });

  it("update with createIfMissing adds a document the agent no longer has", async () => {
    const { simulator, env } = await simulated();
    const { id: agentId } = (await executeCommand(
      "theta.ai.agent.create",
      { name: "Docs" },
      { env },
    )) as Json;
    const first = (await executeCommand(
      "theta.ai.agent.document.create",
      { agentId, content: "v1", filename: "notes.txt" },
      { env },
    )) as Json;
    simulator.families.agents.removeDocument(agentId as string, first.id as string);
    const again = (await executeCommand(
      "theta.ai.agent.document.update",
      { agentId, documentId: first.id, content: "v2", filename: "notes.txt", createIfMissing: true },
      { env },
    )) as Json;
    expect(again.created).toBe(true);
    const document = (await executeCommand(
      "theta.ai.agent.document.get",
      { agentId, documentId: again.id },
      { env },
    )) as Json;
    expect(document.content).toBe("v2");
  });

  it("under dry-run, plan document uploads with the content [redacted] and send nothing", async () => {
    const { simulator, env } = await simulated();
    const { id: agentId } = (await executeCommand("theta.ai.agent.create", { name: "Dry" }, { env })) as Json;
    const before = simulator.state.requests();
    const result = (await executeCommand(
      "theta.ai.agent.document.create",
      { agentId, content: "region,total\ntop-secret-row,1\n", filename: "sales.csv" },
      { env, dryRun: true },
    )) as Json;
    expect(result).toMatchObject({
      dryRun: true,
      command: "theta.ai.agent.document.create",
      plan: {
        method: "POST",
        body: { file: { filename: "sales.csv", contentType: "text/csv", content: "[redacted]" } },
      },
    });
    expect(JSON.stringify(result)).not.toContain("top-secret-row");
    const planned = (await executeCommand(
      "theta.ai.agent.create",
      { name: "Planned" },
      { env, dryRun: true },
    )) as Json;
    expect(planned).toMatchObject({ dryRun: true, plan: { operationId: "createAgent" } });
    expect(simulator.state.requests()).toBe(before);
  });

  it("refuse content that is not base64 when encoding says so, before any request", async () => {
    const { simulator, env } = await simulated();
    await expect(
      executeCommand(
        "theta.ai.agent.document.create",
        { agentId: "chatbot_x", content: "not base64!", encoding: "base64", filename: "a.bin" },
        { env },
      ),
    ).rejects.toThrow(/base64/);
    expect(simulator.state.requests()).toBe(0);
  });

  it("read a local file only in the CLI-only upload command", async () => {
    const { simulator, env } = await simulated();
    const directory = await mkdtemp(join(tmpdir(), "theta-agents-upload-"));
    try {
      const file = join(directory, "sales.csv");
      await writeFile(file, "region,total\nnorth,1\n");
      const { id: agentId } = (await executeCommand(
        "theta.ai.agent.create",
        { name: "Files" },
        { env },
      )) as Json;
      const uploaded = (await executeCommand(
        "theta.ai.agent.document.upload",
        { agentId, file },
        { env },
      )) as Json;
      expect(uploaded).toMatchObject({ created: true, filename: "sales.csv", bytes: 21 });
      const [stored] = simulator.families.agents.documents(agentId as string) ?? [];
      expect(new TextDecoder().decode(stored?.content)).toBe("region,total\nnorth,1\n");
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
    const surfaces = Object.fromEntries(listCommands().map((entry) => [entry.name, entry.surfaces]));
    expect(surfaces["theta.ai.agent.document.upload"]).toEqual(["cli"]);
    for (const name of AGENT_COMMANDS) expect(surfaces[name]).toEqual(["openclaw", "mcp", "cli"]);
  });

  it("offer the mutating commands as optional OpenClaw tools, the reads as plain ones", () => {
    const optional = new Map<string, boolean>();
    const api: OpenClawPluginApi = {
      id: "theta-edgecloud",
      pluginConfig: {},
      registerTool(tool, options) {
        optional.set(tool.name, options?.optional === true);
      },
    };
    plugin.register(api);
    for (const name of AGENT_COMMANDS) {
      expect(optional.get(`theta_${name.slice("theta.".length).replace(/\./g, "_")}`), name).toBe(
        MUTATING.has(name),
      );
    }
    expect(optional.has("theta_ai_agent_document_upload")).toBe(false);
  });
});
