import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { Simulator } from "@theta/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { distFile } from "./testing/dist.js";
import { type EchoChatServer, echoedForms, startEchoChatServer } from "./testing/echo-chat-server.js";
import { CANARY, simulator } from "./testing/helpers.js";
import { runBin } from "./testing/run-bin.js";

let sim: Simulator;
let echo: EchoChatServer;
beforeAll(async () => {
  sim = await simulator();
  echo = await startEchoChatServer();
});
afterAll(async () => {
  await sim?.close();
  await echo?.close();
});

async function connect(baseUrl: string): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [distFile("mcp.js")],
    env: { THETA_API_KEY: CANARY, THETA_API_BASE_URL: baseUrl, THETA_ALLOW_INSECURE_LOOPBACK: "1" },
    stderr: "pipe",
  });
  const client = new Client({ name: "theta-hostile-test", version: "0.0.0" });
  await client.connect(transport);
  return client;
}

function text(result: unknown): string {
  const content = (result as { content?: { type: string; text?: string }[] }).content ?? [];
  return content.map((part) => part.text ?? "").join("");
}

describe("theta-mcp with hostile input", () => {
  it.each([
    ["__proto__", '{"requestId":"r1","__proto__":{"intervalMs":1,"timeoutMs":99999999}}'],
    ["constructor", '{"requestId":"r1","constructor":{"prototype":{"intervalMs":1}}}'],
    ["toString", '{"requestId":"r1","toString":1}'],
    ["hasOwnProperty", '{"requestId":"r1","timeoutMs":2000,"hasOwnProperty":1}'],
  ])("a tool call with a %s key gets an isError result naming it", async (key, json) => {
    const client = await connect(sim.baseUrls.ondemand);
    try {
      // JSON.parse makes an own key of each (as a client's own JSON parser would).
      const result = await client.callTool({
        name: "theta_ondemand_poll_until_done",
        arguments: JSON.parse(json),
      });
      expect(result.isError).toBe(true);
      expect(text(result)).toContain(`${key} is not allowed`);
      expect(text(result)).toContain(`remove the "${key}" key`);
      // The server still answers the next call.
      const listed = await client.callTool({ name: "list_services", arguments: {} });
      expect(listed.isError).toBeFalsy();
    } finally {
      await client.close();
    }
  });

  it("a chat whose server echoes the key returns no spelling of the key", async () => {
    const client = await connect(echo.baseUrl);
    try {
      const result = await client.callTool({
        name: "theta_ondemand_chat",
        arguments: { service: "gpt_oss_120b", messages: [{ role: "user", content: "echo my key" }] },
      });
      expect(result.isError).toBeFalsy();
      const output = text(result);
      expect(output).toContain("Your token is [REDACTED]");
      for (const form of echoedForms(CANARY)) expect(output).not.toContain(form);
    } finally {
      await client.close();
    }
  });

  it("a request line over the 10 MiB read limit stops the server with a reason and a non-zero status", async () => {
    const big = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: { name: "list_services", arguments: { padding: "x".repeat(11 * 2 ** 20) } },
    });
    const ping = JSON.stringify({ jsonrpc: "2.0", id: 2, method: "ping" });
    const run = await runBin("mcp.js", [], { env: {}, input: `${big}\n${ping}\n` });
    expect(run.code).not.toBe(0);
    expect(run.code).not.toBeNull();
    const lines = run.stderr.trim().split("\n");
    const stopped = lines.filter((line) => line.includes("stopped"));
    expect(stopped).toHaveLength(1);
    expect(stopped[0]).toMatch(/10 MiB \(10485760 bytes\) read limit/);
    // Nothing after the long line was answered.
    expect(run.stdout).not.toContain('"id":2');
  });
});
