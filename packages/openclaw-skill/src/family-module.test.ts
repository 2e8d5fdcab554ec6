/**
 * A family module registered through the public path (`createRegistry`) shows up in every adapter and
 * generated file without any change to shared code: the CLI's help and command list, the MCP tool
 * list, the plugin manifest and SKILL.md, `theta.auth.capabilities` and the setup wizard.
 */
import { PassThrough } from "node:stream";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { type LoopbackServer, startLoopbackServer } from "@theta/loopback-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./cli-main.js";
import { BUILT_IN_FAMILY_MODULES } from "./families/index.js";
import { buildPluginManifest, buildSkillMarkdown } from "./manifest.js";
import { createMcpServer } from "./mcp-server.js";
import { createOpenClawPlugin } from "./openclaw.js";
import { createRegistry } from "./registry.js";
import { setupPrompts } from "./setup-wizard.js";
import { fixtureVideoModule, fixtureVideoOperation } from "./testing/fixtures/video-family.js";

const SA_ID = "srvacc_fixture_1";
const SA_SECRET = "fixture-secret-5d0c1e9a";

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer((request, response) => {
    const accepted =
      request.headers["x-tva-sa-id"] === SA_ID && request.headers["x-tva-sa-secret"] === SA_SECRET;
    if (request.path !== "/videos") {
      response.writeHead(404, { "content-type": "application/json" }).end('{"status":"error"}');
    } else if (!accepted) {
      response
        .writeHead(401, { "content-type": "application/json" })
        .end('{"status":"error","message":"bad sa"}');
    } else {
      response.writeHead(200, { "content-type": "application/json" }).end('{"videos":[{"id":"video_1"}]}');
    }
  });
});
afterAll(async () => {
  await server?.close();
});

const registry = createRegistry([...BUILT_IN_FAMILY_MODULES, fixtureVideoModule]);

function videoEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    THETA_VIDEO_SA_ID: SA_ID,
    THETA_VIDEO_SA_SECRET: SA_SECRET,
    THETA_VIDEO_API_BASE_URL: server.url,
    THETA_ALLOW_INSECURE_LOOPBACK: "1",
    ...extra,
  };
}

async function cli(
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

describe("a family module registered with createRegistry", () => {
  it("is in the CLI's help, its command list and runs from the CLI (with its own base-URL flag)", async () => {
    const help = await cli(["--help"], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Families with commands: ondemand, controller, agents, inference, video.");
    expect(help.stdout).toContain("THETA_VIDEO_SA_ID");
    const commands = await cli(["commands"], {});
    expect(commands.stdout).toContain("theta.video.listVideos");
    const commandHelp = await cli(["theta.video.listVideos", "--help"], {});
    expect(commandHelp.stdout).toContain("List videos (fixture)");
    const run = await cli(["theta.video.listVideos", "--json", "--video-base-url", server.url], {
      ...videoEnv(),
      THETA_VIDEO_API_BASE_URL: "https://videos.invalid",
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ videos: [{ id: "video_1" }] });
    expect(run.stdout + run.stderr).not.toContain(SA_SECRET);
  });

  it("is in the MCP tool list and callable over MCP", async () => {
    const mcp = createMcpServer({ env: videoEnv(), registry });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await mcp.connect(serverSide);
    const client = new Client({ name: "theta-test", version: "0.0.0" });
    await client.connect(clientSide);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toContain("theta_video_list_videos");
      expect(tools.map((tool) => tool.name)).toContain("list_services");
      expect(client.getInstructions()).toContain("theta_video_list_videos");
      const result = await client.callTool({ name: "theta_video_list_videos", arguments: {} });
      expect(result.isError).toBeFalsy();
      expect(JSON.stringify(result)).toContain("video_1");
    } finally {
      await client.close();
    }
  });

  it("is in the generated plugin manifest, SKILL.md and the OpenClaw plugin", () => {
    const manifest = buildPluginManifest(registry) as {
      description: string;
      contracts: { tools: string[] };
      toolMetadata: Record<string, { profiles?: string[] }>;
      uiHints: Record<string, { advanced?: boolean }>;
    };
    expect(manifest.contracts.tools).toContain("theta_video_list_videos");
    expect(manifest.toolMetadata.theta_video_list_videos?.profiles).toEqual(["coding", "messaging", "full"]);
    expect(manifest.description).toContain("fixture videos");
    // A family with commands has its credentials up front; the others stay advanced.
    expect(manifest.uiHints.videoSaId?.advanced).toBeUndefined();
    expect(manifest.uiHints.inferenceEndpoint?.advanced).toBeUndefined();
    const skill = buildSkillMarkdown(registry);
    expect(skill).toContain("### Theta Video API");
    expect(skill).toContain("`theta_video_list_videos`");
    expect(skill).toContain("`THETA_VIDEO_SA_SECRET`");
    const names: string[] = [];
    createOpenClawPlugin(registry).register({ registerTool: (tool) => names.push(tool.name) });
    expect(names).toContain("theta_video_list_videos");
  });

  it("is probed by theta.auth.capabilities with its own credentials", async () => {
    const capabilities = async (env: Record<string, string>) => {
      const result = (await registry.executeCommand("theta.auth.capabilities", {}, { env })) as {
        capabilities: Record<string, unknown>[];
      };
      return result.capabilities.find((entry) => entry.name === "video");
    };
    expect(await capabilities(videoEnv())).toMatchObject({
      required: true,
      configured: true,
      verified: true,
    });
    expect(await capabilities(videoEnv({ THETA_VIDEO_SA_SECRET: "wrong" }))).toMatchObject({
      configured: true,
      verified: false,
    });
    expect(await capabilities({})).toMatchObject({ required: true, configured: false, verified: false });
  });

  it("asks its setup questions, after the built-in modules'", () => {
    const names = setupPrompts(registry).map((prompt) => prompt.name);
    expect(names).toEqual([
      "THETA_ONDEMAND_API_TOKEN",
      "THETA_ONDEMAND_API_BASE_URL",
      "THETA_EC_API_KEY",
      "THETA_EC_PROJECT_ID",
      "THETA_ORG_ID",
      "THETA_CONTROLLER_BASE_URL",
      "THETA_PLATFORM_API_BASE_URL",
      "THETA_INFERENCE_ENDPOINT",
      "THETA_INFERENCE_AUTH_TOKEN",
      "THETA_INFERENCE_AUTH_USER",
      "THETA_INFERENCE_AUTH_PASS",
      "THETA_INFERENCE_MODEL",
      "THETA_VIDEO_SA_ID",
      "THETA_VIDEO_SA_SECRET",
      "THETA_VIDEO_API_BASE_URL",
      "THETA_DRY_RUN",
      "THETA_MAX_BUDGET_USD",
    ]);
  });

  it("refuses a second module for the same family and a probe that is not a free read", () => {
    expect(() => createRegistry([fixtureVideoModule, fixtureVideoModule])).toThrow(/Two family modules/);
    const paidProbe = {
      ...fixtureVideoModule,
      probe: {
        ...fixtureVideoModule.probe,
        operations: [{ ...fixtureVideoOperation("listVideos"), billable: true }],
      },
    };
    expect(() => createRegistry([paidProbe])).toThrow(/mutating or billable/);
  });
});
