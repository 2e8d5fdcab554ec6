/**
 * The MCP server reuses the answer of a command whose result is the same as on its previous call
 * (`answer-memo.ts`). What a model reads must still be what the server answered now: a changed
 * catalog gives the new catalog, and a secret registered since is redacted from the same catalog.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { registerSecret } from "@theta/core";
import { answerJson, type LoopbackServer, startLoopbackServer } from "@theta/loopback-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_REGISTRY } from "./registry.js";
import { connectedClient, resultText } from "./testing/mcp-client.js";

/** A value the catalog carries, registered as a secret in one test. */
const ECHOED = "echoed-catalog-value-7f3a91c2";

function catalogEntry(alias: string, instructions: string): Record<string, unknown> {
  return {
    alias,
    name: alias.toUpperCase(),
    default_prediction: "run",
    predictions: {
      run: {
        instructions,
        input_vars: { prompt: { type: "string", required: true, description: "What to make." } },
      },
    },
  };
}

let services: Record<string, unknown>[] = [];
let server: LoopbackServer;
let client: Client;
beforeAll(async () => {
  server = await startLoopbackServer((_request, response) => {
    answerJson(response, 200, { status: "success", body: { services } });
  });
  client = await connectedClient({
    env: { THETA_API_BASE_URL: server.url, THETA_ALLOW_INSECURE_LOOPBACK: "1" },
  });
});
afterAll(async () => {
  await client?.close();
  await server?.close();
});

async function catalogText(): Promise<string> {
  const result = await client.callTool({ name: "list_services", arguments: {} });
  expect(result.isError).toBeFalsy();
  return resultText(result);
}

describe("repeated MCP answers", () => {
  it("answer a catalog that changed since the last call with the new catalog", async () => {
    services = [catalogEntry("first_model", "Makes pictures. $0.01 per request.")];
    const before = await catalogText();
    expect(before).toContain("first_model");
    expect(await catalogText()).toBe(before);
    services = [catalogEntry("second_model", "Makes pictures. $0.02 per request.")];
    const after = await catalogText();
    expect(after).toContain("second_model");
    expect(after).not.toContain("first_model");
  });

  it("redact a secret registered since the last call from the same catalog", async () => {
    services = [catalogEntry("echo_model", `Echoes ${ECHOED} back.`)];
    expect(await catalogText()).toContain(ECHOED);
    registerSecret(ECHOED);
    const again = await catalogText();
    expect(again).not.toContain(ECHOED);
    expect(again).toContain("echo_model");
  });

  it("give the same answer object again in a session for the same catalog", async () => {
    services = [catalogEntry("steady_model", "Steady. $0.01 per request.")];
    const session = DEFAULT_REGISTRY.openSession({
      env: { THETA_API_BASE_URL: server.url, THETA_ALLOW_INSECURE_LOOPBACK: "1" },
      surface: "mcp",
    });
    const first = await session.answerCommand("list_services", {});
    const second = await session.answerCommand("list_services", {});
    expect(second).toBe(first);
    expect(first.text).toContain("steady_model");
    const audio = await session.answerCommand("list_services", { category: "audio" });
    expect(audio).not.toBe(first);
    expect(audio.text).toMatch(/^0 services \(audio\)/);
  });
});
