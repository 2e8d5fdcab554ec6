/**
 * The controller commands in every adapter and generated artifact: CLI help and command list, the MCP
 * tool list, the OpenClaw plugin and manifest (paid or mutating tools optional), and
 * `theta.auth.capabilities` (probed against the loopback fake).
 */
import { PassThrough } from "node:stream";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../cli-main.js";
import { buildPluginManifest, buildSkillMarkdown } from "../../manifest.js";
import { createMcpServer } from "../../mcp-server.js";
import { openclawToolName, underscoreName } from "../../names.js";
import { createOpenClawPlugin } from "../../openclaw.js";
import { executeCommand } from "../../registry.js";
import {
  type FakeController,
  fakeControllerContext,
  startFakeController,
} from "../../testing/fake-controller-settings.js";

const READS = [
  "theta.deployments.list",
  "theta.deployments.routeProbe",
  "theta.deployments.listVm",
  "theta.deployments.listStandard",
  "theta.deployments.listCustom",
  "theta.ai.dedicatedDeployments.list",
  "theta.ai.jupyter.list",
  "theta.ai.gpuNode.list",
  "theta.ai.gpuCluster.list",
  "theta.ai.storage.list",
  "theta.billing.balance",
  "theta.billing.balanceSnapshot",
];
const CHANGES = [
  "theta.deployments.create",
  "theta.deployments.start",
  "theta.deployments.stop",
  "theta.deployments.delete",
];

let fake: FakeController;
beforeAll(async () => {
  fake = await startFakeController();
});
afterAll(async () => {
  await fake?.close();
});
afterEach(() => {
  fake.reset();
});

async function cli(argv: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = "";
  const stdin = new PassThrough();
  stdin.end();
  const code = await runCli(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: () => true },
    stdin,
    env: {},
    cwd: "/nonexistent-theta-test-dir",
  });
  return { code, stdout };
}

describe("the controller commands", () => {
  it("are in the CLI's help and command list, and create's help shows the spend inputs and that it is paid", async () => {
    const help = await cli(["--help"]);
    expect(help.stdout).toContain("Families with commands: ondemand, controller, agents, inference.");
    expect(help.stdout).toContain("THETA_EC_PROJECT_ID");
    const listed = await cli(["commands"]);
    for (const name of [...READS, ...CHANGES, "theta.health"]) expect(listed.stdout).toContain(name);
    const createHelp = await cli(["theta.deployments.create", "--help"]);
    expect(createHelp.code).toBe(0);
    expect(createHelp.stdout).toContain("--expectedHours");
    expect(createHelp.stdout).toContain("paid");
  });

  it("are MCP tools", async () => {
    const mcp = createMcpServer({ env: {} });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await mcp.connect(serverSide);
    const client = new Client({ name: "theta-test", version: "0.0.0" });
    await client.connect(clientSide);
    try {
      const { tools } = await client.listTools();
      const names = tools.map((tool) => tool.name);
      for (const name of [...READS, ...CHANGES, "theta.health"])
        expect(names).toContain(underscoreName(name));
      const create = tools.find((tool) => tool.name === "theta_deployments_create");
      expect(create?.annotations).toMatchObject({ readOnlyHint: false });
      expect(Object.keys(create?.inputSchema.properties ?? {})).toContain("expectedHours");
    } finally {
      await client.close();
    }
  });

  it("are OpenClaw tools: paid or mutating ones optional, reads not", () => {
    const registered = new Map<string, boolean>();
    createOpenClawPlugin().register({
      registerTool: (tool, options) => registered.set(tool.name, options?.optional === true),
    });
    for (const name of READS) expect(registered.get(openclawToolName(name)), name).toBe(false);
    for (const name of CHANGES) expect(registered.get(openclawToolName(name)), name).toBe(true);
    const manifest = buildPluginManifest() as { contracts: { tools: string[] } };
    for (const name of [...READS, ...CHANGES])
      expect(manifest.contracts.tools).toContain(openclawToolName(name));
    expect(buildSkillMarkdown()).toContain("### Theta EdgeCloud controller API");
  });

  it("are probed by theta.auth.capabilities: accepted, a key of another project, a wrong organization", async () => {
    const controllerEntry = async (extra: Record<string, string> = {}) => {
      const result = (await executeCommand(
        "theta.auth.capabilities",
        {},
        fakeControllerContext(fake, extra),
      )) as {
        capabilities: Record<string, unknown>[];
      };
      return result.capabilities.find((entry) => entry.name === "controller");
    };
    expect(await controllerEntry()).toMatchObject({ required: true, configured: true, verified: true });
    const otherProject = await controllerEntry({ THETA_EC_PROJECT_ID: "prj_otherproject" });
    expect(otherProject).toMatchObject({
      verified: false,
      notes: expect.stringContaining("THETA_EC_PROJECT_ID"),
    });
    const otherOrg = await controllerEntry({ THETA_ORG_ID: "org_otherorg" });
    expect(otherOrg).toMatchObject({ verified: false, notes: expect.stringContaining("THETA_ORG_ID") });
    const wrongKey = await controllerEntry({ THETA_EC_API_KEY: "not-the-key-0123456789" });
    expect(wrongKey).toMatchObject({ verified: false, notes: expect.stringContaining("Key rejected") });
    expect(JSON.stringify([otherProject, otherOrg, wrongKey])).not.toContain(fake.apiKey);
    // The probe reads only: nothing was created, changed or deleted.
    expect(fake.requests.every((request) => request.method === "GET")).toBe(true);
  });
});
