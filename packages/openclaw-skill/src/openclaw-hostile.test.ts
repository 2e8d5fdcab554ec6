import { ThetaValidationError } from "@theta/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import plugin, { type OpenClawAgentTool, type OpenClawToolResult } from "./openclaw.js";
import { type EchoChatServer, echoedForms, startEchoChatServer } from "./testing/echo-chat-server.js";
import { CANARY } from "./testing/helpers.js";

let echo: EchoChatServer;
beforeAll(async () => {
  echo = await startEchoChatServer();
});
afterAll(async () => {
  await echo?.close();
});

function tools(): Map<string, OpenClawAgentTool> {
  const registered = new Map<string, OpenClawAgentTool>();
  plugin.register({
    pluginConfig: {
      ondemandApiToken: CANARY,
      baseUrls: { ondemand: echo.baseUrl },
      allowInsecureLoopback: true,
    },
    registerTool(tool) {
      registered.set(tool.name, tool);
    },
  });
  return registered;
}

function tool(name: string): OpenClawAgentTool {
  const found = tools().get(name);
  if (!found) throw new Error(`tool ${name} not registered`);
  return found;
}

describe("OpenClaw tools with hostile servers and input", () => {
  it("streamed updates and the result of a chat that echoes the key show no spelling of it", async () => {
    const updates: OpenClawToolResult[] = [];
    const result = await tool("theta_ondemand_chat").execute(
      "call-1",
      { service: "gpt_oss_120b", messages: [{ role: "user", content: "echo my key" }] },
      undefined,
      (update) => updates.push(update),
    );
    expect(updates.length).toBeGreaterThan(1);
    const shown = [...updates, result].map((entry) => JSON.stringify(entry)).join("\n");
    for (const form of echoedForms(CANARY)) expect(shown).not.toContain(form);
    expect(result.content[0]?.text).toContain("Your token is [REDACTED]");
  });

  it.each([
    ["__proto__", '{"requestId":"r1","__proto__":{"intervalMs":1,"timeoutMs":99999999}}'],
    ["constructor", '{"requestId":"r1","constructor":1}'],
    ["toString", '{"requestId":"r1","toString":1}'],
  ])("params with a %s key are refused, naming it", async (key, json) => {
    const error = await tool("theta_ondemand_poll_until_done")
      .execute("call-2", JSON.parse(json))
      .catch((caught: unknown) => caught);
    expect(ThetaValidationError.isInstance(error)).toBe(true);
    expect((error as ThetaValidationError).field).toBe(key);
    expect((error as Error).message).toContain(`remove the "${key}" key`);
  });
});
