import { readFileSync } from "node:fs";
import type { Simulator } from "@theta/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import plugin, {
  type OpenClawAgentTool,
  type OpenClawPluginApi,
  type OpenClawToolResult,
} from "./openclaw.js";
import { listCommands } from "./registry.js";
import { CANARY, isRecord, simulator } from "./testing/helpers.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await simulator();
});
afterAll(async () => {
  await sim?.close();
});

interface Registered {
  tool: OpenClawAgentTool;
  optional: boolean;
}

function fakeApi(pluginConfig: unknown): { api: OpenClawPluginApi; tools: Map<string, Registered> } {
  const tools = new Map<string, Registered>();
  const api: OpenClawPluginApi = {
    id: "theta-edgecloud",
    pluginConfig,
    registerTool(tool, opts) {
      if (tools.has(tool.name)) throw new Error(`duplicate tool ${tool.name}`);
      tools.set(tool.name, { tool, optional: opts?.optional === true });
    },
  };
  return { api, tools };
}

function config(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ondemandApiToken: CANARY,
    baseUrls: { ondemand: sim.baseUrls.ondemand },
    allowInsecureLoopback: true,
    ...extra,
  };
}

function tool(tools: Map<string, Registered>, name: string): OpenClawAgentTool {
  const found = tools.get(name);
  if (!found) throw new Error(`tool ${name} not registered`);
  return found.tool;
}

const manifest = JSON.parse(readFileSync(new URL("../openclaw.plugin.json", import.meta.url), "utf8")) as {
  id: string;
  contracts: { tools: string[] };
  toolMetadata: Record<string, { optional?: boolean }>;
};

describe("OpenClaw plugin entry", () => {
  it("has the manifest id and registers exactly the tools of contracts.tools", () => {
    expect(plugin.id).toBe(manifest.id);
    const { api, tools } = fakeApi(config());
    plugin.register(api);
    expect([...tools.keys()].sort()).toEqual([...manifest.contracts.tools].sort());
    for (const [name, entry] of tools) {
      expect(name).toMatch(/^[a-z][a-z0-9_]{0,63}$/);
      expect(name).not.toContain("__");
      expect(entry.tool.parameters.type).toBe("object");
      expect(entry.optional).toBe(manifest.toolMetadata[name]?.optional === true);
    }
    expect(tools.get("theta_ondemand_chat")?.optional).toBe(true);
    expect(tools.get("theta_ondemand_infer")?.optional).toBe(true);
    expect(tools.get("theta_ondemand_list_services")?.optional).toBe(false);
    expect(tools.size).toBe(listCommands("openclaw").length);
    // Commands that read local files are CLI-only.
    expect(tools.has("theta_ondemand_upload")).toBe(false);
  });

  it("lists services and returns details under a non-reserved key", async () => {
    const { api, tools } = fakeApi(config());
    plugin.register(api);
    const result = await tool(tools, "theta_ondemand_list_services").execute("call-1", { category: "image" });
    expect(result.content[0]?.type).toBe("text");
    // The model reads the compact catalog text; the data is complete under the wrapper key.
    const text = result.content[0]?.text ?? "";
    expect(text).toContain("## image");
    expect(result.details.theta).toMatchObject({ category: "image", detail: false });
    const services = (result.details.theta as { services: { alias: string }[] }).services;
    for (const service of services) expect(text).toContain(`${service.alias} (`);
  });

  it("chats with the config's token and reports partial text through onUpdate", async () => {
    const { api, tools } = fakeApi(config());
    plugin.register(api);
    const updates: OpenClawToolResult[] = [];
    const result = await tool(tools, "theta_ondemand_chat").execute(
      "call-2",
      { messages: [{ role: "user", content: "hello there" }] },
      undefined,
      (partial) => updates.push(partial),
    );
    const theta = result.details.theta;
    expect(isRecord(theta) && typeof theta.content === "string" && theta.content.length > 0).toBe(true);
    expect(updates.length).toBeGreaterThan(0);
    expect(updates.at(-1)?.content[0]?.text).toBe((theta as { content: string }).content);
    expect(JSON.stringify(result)).not.toContain(CANARY);
  });

  it("treats an unresolved SecretRef as unavailable and throws a redacted, actionable error", async () => {
    const { api, tools } = fakeApi(
      config({ ondemandApiToken: { source: "env", provider: "default", id: "THETA_ONDEMAND_API_TOKEN" } }),
    );
    plugin.register(api);
    const run = tool(tools, "theta_ondemand_status").execute("call-3", { requestId: "infr_rqst_x" });
    await expect(run).rejects.toThrow(/THETA_ONDEMAND_API_TOKEN/);
  });

  it("returns a plan under dry-run and sends nothing", async () => {
    const { api, tools } = fakeApi(config({ dryRun: true }));
    plugin.register(api);
    const before = sim.state.requests();
    const result = await tool(tools, "theta_infer").execute("call-4", {
      service: "stable_diffusion_xl_turbo",
      input: { prompt: "x" },
    });
    expect(result.details.theta).toMatchObject({ dryRun: true, plan: { method: "POST" } });
    expect(sim.state.requests()).toBe(before);
    expect(JSON.stringify(result)).not.toContain(CANARY);
  });

  it("throws validation errors that name the field", async () => {
    const { api, tools } = fakeApi(config());
    plugin.register(api);
    await expect(tool(tools, "theta_ondemand_infer").execute("call-5", { service: "flux" })).rejects.toThrow(
      /input/,
    );
  });

  it("honours the abort signal", async () => {
    const { api, tools } = fakeApi(config());
    plugin.register(api);
    sim.faults.add({ path: /^\/infer_request\/infr_rqst_/, delayMs: 5000, times: 1 });
    const controller = new AbortController();
    const run = tool(tools, "theta_ondemand_status").execute(
      "call-6",
      { requestId: "infr_rqst_slow" },
      controller.signal,
    );
    setTimeout(() => controller.abort(), 50);
    await expect(run).rejects.toMatchObject({ code: "aborted" });
    sim.faults.clear();
  });

  it("keeps the spend cap across calls of one plugin instance", async () => {
    const { api, tools } = fakeApi(config({ maxBudgetUsd: 0 }));
    plugin.register(api);
    const before = sim.state.requestCount("createInferRequest");
    await expect(
      tool(tools, "theta_ondemand_infer").execute("call-7", {
        service: "stable_diffusion_xl_turbo",
        input: { prompt: "x" },
      }),
    ).rejects.toMatchObject({ code: "budget_exceeded" });
    expect(sim.state.requestCount("createInferRequest")).toBe(before);
  });
});
