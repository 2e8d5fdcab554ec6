/**
 * The acceptance test of "one pattern for every family": a fixture family (a tiny spec, a simulator
 * module and a commands module, all in test/fixtures; nothing in src/ of the skill or the simulator
 * knows it) is registered through the public paths only (`createRegistry(modules)` and
 * `startSimulator({ modules })`) and shows up in the CLI's help, the MCP tool list, the plugin
 * manifest, `theta.auth.capabilities` and the simulator, where its command runs end to end.
 */
import { PassThrough } from "node:stream";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { simulatorEnv, startSimulator } from "@theta/simulator";
import { describe, expect, it } from "vitest";
import { runCli } from "./cli-main.js";
import { BUILT_IN_FAMILY_MODULES } from "./families/index.js";
import { buildPluginManifest } from "./manifest.js";
import { createMcpServer } from "./mcp-server.js";
import { createRegistry, type Registry } from "./registry.js";
import { fixtureVideoModule } from "./testing/fixtures/video-family.js";
import { fixtureVideoSimulatorModule } from "./testing/fixtures/video-simulator-module.js";

async function cli(
  registry: Registry,
  argv: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const stdin = new PassThrough();
  stdin.end();
  const code = await runCli(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    stdin,
    env,
    cwd: "/nonexistent-theta-test-dir",
    registry,
  });
  return { code, stdout, stderr };
}

async function mcpToolNames(registry: Registry, env: Record<string, string>): Promise<string[]> {
  const mcp = createMcpServer({ env, registry });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await mcp.connect(serverSide);
  const client = new Client({ name: "theta-acceptance", version: "0.0.0" });
  await client.connect(clientSide);
  try {
    const { tools } = await client.listTools();
    return tools.map((tool) => tool.name);
  } finally {
    await client.close();
  }
}

describe("a fixture family registered from outside the shared code", () => {
  it("is in the CLI's help, the MCP tools, the plugin manifest, theta.auth.capabilities and the simulator", async () => {
    const sim = await startSimulator({
      quiet: true,
      seed: 11,
      modules: [fixtureVideoSimulatorModule],
      video: { videos: ["video_fixture_1"] },
    });
    try {
      const registry = createRegistry([...BUILT_IN_FAMILY_MODULES, fixtureVideoModule]);
      // The simulator's own env lines point every family at it, the fixture's credentials included.
      const env = simulatorEnv(sim);
      expect(env.THETA_VIDEO_SA_ID).toBe(sim.credentials.video.saId);
      expect(env.THETA_VIDEO_SA_SECRET).toBe(sim.credentials.video.saSecret);

      // The simulator serves the fixture spec's operations, with auth from the spec's security.
      const served = sim.routes
        .filter((route) => route.family === "video")
        .sort((left, right) => left.operationId.localeCompare(right.operationId));
      expect(
        served.map(({ server, method, path, operationId, public: open }) => ({
          server,
          method,
          path,
          operationId,
          public: open,
        })),
      ).toEqual([
        { server: "video", method: "GET", path: "/status", operationId: "getStatus", public: true },
        { server: "video", method: "GET", path: "/videos", operationId: "listVideos", public: false },
      ]);
      expect((await fetch(`${sim.baseUrls.video}/status`)).status).toBe(200);
      const anonymous = await fetch(`${sim.baseUrls.video}/videos`);
      expect(anonymous.status).toBe(401);
      expect(await anonymous.text()).toContain("x-tva-sa-id");

      // CLI: listed in the help and the command list, and run end to end against the simulator.
      const help = await cli(registry, ["--help"], {});
      expect(help.code).toBe(0);
      const builtIn = BUILT_IN_FAMILY_MODULES.map((module) => module.family).join(", ");
      expect(help.stdout).toContain(`Families with commands: ${builtIn}, video.`);
      expect(help.stdout).toContain("THETA_VIDEO_SA_ID");
      expect((await cli(registry, ["commands"], {})).stdout).toContain("theta.video.listVideos");
      sim.families.video.addVideo("video_fixture_2");
      const run = await cli(registry, ["theta.video.listVideos", "--json"], env);
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual({
        videos: [{ id: "video_fixture_1" }, { id: "video_fixture_2" }],
      });
      expect(run.stdout + run.stderr).not.toContain(sim.credentials.video.saSecret);
      expect(sim.families.video.listCount()).toBe(1);
      expect(sim.state.requestCount("listVideos")).toBe(2);

      // MCP: in the tool list beside the built-in tools.
      const tools = await mcpToolNames(registry, env);
      expect(tools).toContain("theta_video_list_videos");
      expect(tools).toContain("list_services");

      // Plugin manifest: the tool, its profiles and the family's credentials up front.
      const manifest = buildPluginManifest(registry) as {
        contracts: { tools: string[] };
        uiHints: Record<string, { advanced?: boolean }>;
      };
      expect(manifest.contracts.tools).toContain("theta_video_list_videos");
      expect(manifest.uiHints).toHaveProperty("videoSaId");
      expect(manifest.uiHints.videoSaId?.advanced).toBeUndefined();

      // theta.auth.capabilities: probed with the simulator's credentials, and refused with revoked ones.
      const capability = async (probeEnv: Record<string, string>) => {
        const result = (await registry.executeCommand("theta.auth.capabilities", {}, { env: probeEnv })) as {
          capabilities: Record<string, unknown>[];
        };
        return result.capabilities.find((entry) => entry.name === "video");
      };
      expect(await capability(env)).toMatchObject({ required: true, configured: true, verified: true });
      expect(await capability({ ...env, THETA_VIDEO_SA_SECRET: "invalid" })).toMatchObject({
        configured: true,
        verified: false,
      });
      expect(sim.families.video.listCount()).toBe(2);
    } finally {
      await sim.close();
    }
  });
});
