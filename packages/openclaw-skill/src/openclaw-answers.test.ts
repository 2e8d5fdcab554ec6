import { type Simulator, startSimulator } from "@theta/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import plugin, { type OpenClawAgentTool, type OpenClawPluginApi } from "./openclaw.js";
import { connectedClient, resultText } from "./testing/mcp-client.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ quiet: true, seed: 7 });
});
afterAll(async () => {
  await sim?.close();
});

function registeredTools(pluginConfig: Record<string, unknown>): Map<string, OpenClawAgentTool> {
  const tools = new Map<string, OpenClawAgentTool>();
  const api: OpenClawPluginApi = {
    id: "theta-edgecloud",
    pluginConfig: {
      baseUrls: { ondemand: sim.baseUrls.ondemand },
      allowInsecureLoopback: true,
      ...pluginConfig,
    },
    registerTool(tool) {
      tools.set(tool.name, tool);
    },
  };
  plugin.register(api);
  return tools;
}

describe("OpenClaw tool results", () => {
  it("carry the same compact text as the MCP answer, and the data under the theta key", async () => {
    const tool = registeredTools({}).get("theta_list_services");
    const result = await tool?.execute("call-1", {});
    const mcp = await connectedClient({
      env: { THETA_API_BASE_URL: sim.baseUrls.ondemand, THETA_ALLOW_INSECURE_LOOPBACK: "1" },
    });
    try {
      const answer = await mcp.callTool({ name: "list_services", arguments: {} });
      expect(result?.content[0]?.text).toBe(resultText(answer));
      // The host keeps the whole result as data; MCP sends the facts of the text as its structured data.
      expect(result?.details.theta).toMatchObject({ count: 19, detail: false });
      expect(answer.structuredContent).toMatchObject({ count: 19, detail: false });
      expect(Object.keys(result?.details ?? {})).toEqual(["theta"]);
    } finally {
      await mcp.close();
    }
  });

  it("are minified JSON for a command that declares no presentation", async () => {
    const created = await registeredTools({ ondemandApiToken: "openclaw-answer-token" })
      .get("theta_infer")
      ?.execute("call-2", { service: "flux", input: { prompt: "a cat" }, wait: 0 });
    const text = created?.content[0]?.text ?? "";
    expect(created?.details.theta).toMatchObject({ requestId: expect.stringMatching(/^infr_rqst_/) });
    expect(text).toBe(JSON.stringify(created?.details.theta));
  });
});

describe("OpenClaw tool selection", () => {
  it("registers only the families and tools of the plugin config", () => {
    const onlyTwo = registeredTools({ tools: ["theta_list_services", "theta.setup"] });
    expect([...onlyTwo.keys()]).toEqual(["theta_setup", "theta_list_services"]);
    const ondemand = registeredTools({ families: ["ondemand"] });
    expect(ondemand.has("theta_setup")).toBe(true);
    expect(ondemand.has("theta_ondemand_chat")).toBe(true);
  });

  it("refuses an unknown tool, naming the config key", () => {
    expect(() => registeredTools({ tools: ["theta_list_service"] })).toThrow(
      expect.objectContaining({
        name: "ThetaConfigError",
        variable: "plugins.entries.theta-edgecloud.config.tools",
        message: expect.stringContaining("theta_list_services"),
      }),
    );
  });
});
