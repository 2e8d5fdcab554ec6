import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import { type Simulator, startSimulator } from "@theta/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILT_IN_FAMILY_MODULES } from "./families/index.js";
import { createRegistry, listCommands } from "./registry.js";
import { fixtureVideoModule } from "./testing/fixtures/video-family.js";
import { connectedClient, resultText, wireBytes } from "./testing/mcp-client.js";

const TOKEN = "mcp-answer-test-token-5d1c";

let sim: Simulator;
let client: Client;
let env: Record<string, string>;
beforeAll(async () => {
  sim = await startSimulator({ quiet: true, seed: 7 });
  env = {
    THETA_API_KEY: TOKEN,
    THETA_API_BASE_URL: sim.baseUrls.ondemand,
    THETA_ALLOW_INSECURE_LOOPBACK: "1",
  };
  client = await connectedClient({ env });
});
afterAll(async () => {
  await client?.close();
  await sim?.close();
});

/** The official Theta MCP server answers 4.0 KB for the simulator's 19 services. */
const OFFICIAL_CATALOG_BYTES = 4000;

describe("MCP answers", () => {
  it("answer list_services in compact text at or under the official server's size", async () => {
    const result = await client.callTool({ name: "list_services", arguments: {} });
    expect(result.isError).toBeFalsy();
    const text = resultText(result);
    expect(text).toMatch(/^19 services/);
    expect(wireBytes(text)).toBeLessThanOrEqual(OFFICIAL_CATALOG_BYTES);
    // Not JSON, and no pretty-printing.
    expect(text.startsWith("{")).toBe(false);
    expect(text).not.toContain('\n  "');
  });

  it("answer with minified JSON when a command declares no presentation", async () => {
    const created = await client.callTool({
      name: "infer",
      arguments: { service: "stable_diffusion_xl_turbo", input: { prompt: "a blue cloud" }, wait: 0 },
    });
    const text = resultText(created);
    expect(created.isError).toBeFalsy();
    expect(text).toBe(JSON.stringify(JSON.parse(text)));
    const { requestId } = JSON.parse(text) as { requestId: string };
    const status = await client.callTool({
      name: "get_request_status",
      arguments: { request_id: requestId },
    });
    expect(resultText(status)).toBe(JSON.stringify(JSON.parse(resultText(status))));
    // No structuredContent without an outputSchema: the text already is the JSON.
    expect(status.structuredContent).toBeUndefined();
  });

  it("keep each default answer within its budget", async () => {
    const budgets: [name: string, input: Record<string, unknown>, bytes: number][] = [
      ["list_services", {}, OFFICIAL_CATALOG_BYTES],
      ["list_services", { category: "image" }, 1400],
      ["theta_ondemand_list_services", {}, OFFICIAL_CATALOG_BYTES],
      // One line per family of the family list, and what to do next.
      ["theta_setup", {}, 3600],
      ["theta_auth_capabilities", {}, 1500],
      ["infer", { service: "flux", input: { prompt: "a cat" }, wait: 0 }, 600],
      ["theta_ondemand_chat", { messages: [{ role: "user", content: "hi" }], stream: false }, 1200],
      ["get_upload_url", { service: "whisper", input_field: "audio_filename" }, 1200],
    ];
    for (const [name, input, bytes] of budgets) {
      const result = await client.callTool({ name, arguments: input });
      expect({ name, isError: result.isError ?? false }).toEqual({ name, isError: false });
      expect({ name, bytes: wireBytes(resultText(result)) <= bytes }).toEqual({ name, bytes: true });
    }
  });

  it("send structuredContent that validates against the tool's outputSchema", async () => {
    const { tools } = await client.listTools();
    const declared = tools.filter((tool) => tool.outputSchema !== undefined);
    expect(declared.map((tool) => tool.name).sort()).toEqual([
      "list_services",
      "theta_ondemand_list_services",
    ]);
    const validator = new AjvJsonSchemaValidator();
    for (const tool of declared) {
      const check = validator.getValidator(tool.outputSchema as Parameters<typeof validator.getValidator>[0]);
      for (const input of [{}, { detail: true }, { category: "audio" }]) {
        const result = await client.callTool({ name: tool.name, arguments: input });
        expect(result.structuredContent).toBeDefined();
        const verdict = check(result.structuredContent);
        expect({ tool: tool.name, input, valid: verdict.valid, error: verdict.errorMessage }).toEqual({
          tool: tool.name,
          input,
          valid: true,
          error: undefined,
        });
      }
    }
  });

  it("send the facts of the text as data, much smaller than the summary", async () => {
    const result = await client.callTool({ name: "list_services", arguments: {} });
    const data = result.structuredContent as {
      services: { alias: string; prediction: string; required: string[]; optional: object }[];
    };
    const qwen = data.services.find((service) => service.alias === "qwen3");
    expect(qwen).toMatchObject({ prediction: "completions", required: ["messages"] });
    expect(qwen?.optional).toMatchObject({ max_tokens: 1024 });
    expect(wireBytes(data)).toBeLessThanOrEqual(6000);
  });

  it("give full entries with detail: true", async () => {
    const result = await client.callTool({ name: "list_services", arguments: { detail: true } });
    const data = result.structuredContent as { detail: boolean; services: Record<string, unknown>[] };
    expect(data.detail).toBe(true);
    expect(data.services[0]).toHaveProperty("predictions");
    expect(data.services[0]).toHaveProperty("template_id");
    expect(JSON.parse(resultText(result))).toEqual(data);
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });
});

describe("MCP tool list", () => {
  it("keeps every tool short: a description of at most two sentences and a small entry", async () => {
    const { tools } = await client.listTools();
    for (const tool of tools) {
      const sentences = (tool.description ?? "").split(/[.!?](?:\s|$)/).filter((part) => part.trim() !== "");
      expect({ tool: tool.name, sentences: sentences.length <= 2 }).toEqual({
        tool: tool.name,
        sentences: true,
      });
      expect({ tool: tool.name, long: (tool.description ?? "").length > 240 }).toEqual({
        tool: tool.name,
        long: false,
      });
      // A create with a dozen inputs (theta.deployments.create) is the largest entry.
      expect({ tool: tool.name, small: wireBytes(tool) <= 2000 }).toEqual({ tool: tool.name, small: true });
      // The title is given once, not again in the annotations.
      expect(tool.annotations?.title).toBeUndefined();
    }
  });

  it("lists the on-demand family's tools and the diagnostics within 11 KB", async () => {
    const ondemand = await connectedClient({ env, families: ["ondemand"] });
    try {
      const list = await ondemand.listTools();
      // The on-demand family's tools and the diagnostics (family null), nothing of the other families.
      const offered = listCommands("mcp").filter(
        (command) => command.family === "ondemand" || command.family === null,
      );
      expect(list.tools.length).toBe(offered.length);
      expect(wireBytes(list)).toBeLessThanOrEqual(11_000);
    } finally {
      await ondemand.close();
    }
  });
});

describe("MCP tool selection", () => {
  it("offers only the tools named by the options or THETA_MCP_TOOLS", async () => {
    const named = await connectedClient({ env, tools: ["list_services", "theta.ondemand.chat"] });
    const fromEnv = await connectedClient({ env: { ...env, THETA_MCP_TOOLS: "infer, get_request_status" } });
    try {
      expect((await named.listTools()).tools.map((tool) => tool.name)).toEqual([
        "theta_ondemand_chat",
        "list_services",
      ]);
      expect((await fromEnv.listTools()).tools.map((tool) => tool.name)).toEqual([
        "infer",
        "get_request_status",
      ]);
      const hidden = await named.callTool({ name: "infer", arguments: {} });
      expect(hidden.isError).toBe(true);
      expect(wireBytes((await named.listTools()).tools)).toBeLessThanOrEqual(2600);
    } finally {
      await named.close();
      await fromEnv.close();
    }
  });

  it("keeps the diagnostics with a family selection from THETA_MCP_FAMILIES", async () => {
    const twoFamilies = createRegistry([...BUILT_IN_FAMILY_MODULES, fixtureVideoModule]);
    const selected = await connectedClient({
      env: { ...env, THETA_MCP_FAMILIES: "ondemand" },
      registry: twoFamilies,
    });
    const video = await connectedClient({ env, registry: twoFamilies, families: ["video"] });
    try {
      const names = (await selected.listTools()).tools.map((tool) => tool.name);
      expect(names).toContain("theta_setup");
      expect(names).toContain("list_services");
      expect(names).not.toContain("theta_video_list_videos");
      const videoNames = (await video.listTools()).tools.map((tool) => tool.name);
      expect(videoNames).toEqual([
        "theta_setup",
        "theta_auth_capabilities",
        "theta_health",
        "theta_video_list_videos",
      ]);
      // The instructions speak only of the families offered.
      expect(video.getInstructions()).not.toContain("list_services");
    } finally {
      await selected.close();
      await video.close();
    }
  });

  it("refuses an unknown family or tool, naming where it came from and the known names", async () => {
    await expect(connectedClient({ env: { ...env, THETA_MCP_FAMILIES: "ondemnd" } })).rejects.toMatchObject({
      name: "ThetaConfigError",
      variable: "THETA_MCP_FAMILIES",
      message: expect.stringContaining("did you mean ondemand"),
    });
    await expect(connectedClient({ env, tools: ["list_service"] })).rejects.toMatchObject({
      name: "ThetaConfigError",
      variable: "--tools",
      message: expect.stringContaining("list_services"),
    });
  });
});
