import { type Simulator, startSimulator } from "@theta/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_REGISTRY } from "./registry.js";
import { connectedClient } from "./testing/mcp-client.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ quiet: true, seed: 7 });
});
afterAll(async () => {
  await sim?.close();
});

/** An environment that counts how often the on-demand base URL is read: once per client made. */
function countingEnv(): { env: Record<string, string>; reads: () => number } {
  let reads = 0;
  const env: Record<string, string> = { THETA_ALLOW_INSECURE_LOOPBACK: "1" };
  Object.defineProperty(env, "THETA_API_BASE_URL", {
    enumerable: true,
    get: () => {
      reads++;
      return sim.baseUrls.ondemand;
    },
  });
  return { env, reads: () => reads };
}

describe("a command session", () => {
  it("makes a family's client once for all its calls, where executeCommand makes one per call", async () => {
    const perCall = countingEnv();
    for (let call = 0; call < 3; call++) {
      await DEFAULT_REGISTRY.executeCommand("list_services", {}, { env: perCall.env });
    }
    const session = countingEnv();
    const calls = DEFAULT_REGISTRY.openSession({ env: session.env });
    for (let call = 0; call < 3; call++) await calls.executeCommand("list_services", {});
    expect(session.reads()).toBeGreaterThan(0);
    expect(perCall.reads()).toBe(3 * session.reads());
  });

  it("is what the MCP server runs its tool calls in", async () => {
    const counted = countingEnv();
    const client = await connectedClient({ env: counted.env });
    try {
      await client.callTool({ name: "list_services", arguments: {} });
      const afterFirst = counted.reads();
      await client.callTool({ name: "list_services", arguments: {} });
      await client.callTool({ name: "theta_ondemand_list_services", arguments: { category: "audio" } });
      expect(counted.reads()).toBe(afterFirst);
    } finally {
      await client.close();
    }
  });

  it("resolves the context's settings once for all its calls", async () => {
    let dryRunReads = 0;
    const env: Record<string, string> = {
      THETA_API_BASE_URL: sim.baseUrls.ondemand,
      THETA_ALLOW_INSECURE_LOOPBACK: "1",
    };
    Object.defineProperty(env, "THETA_DRY_RUN", {
      enumerable: true,
      get: () => {
        dryRunReads++;
        return "0";
      },
    });
    const calls = DEFAULT_REGISTRY.openSession({ env });
    for (let call = 0; call < 3; call++) await calls.executeCommand("list_services", {});
    expect(dryRunReads).toBe(1);
  });

  it("reports a bad spend cap on every call, not only the first", async () => {
    const calls = DEFAULT_REGISTRY.openSession({
      env: {
        THETA_API_BASE_URL: sim.baseUrls.ondemand,
        THETA_ALLOW_INSECURE_LOOPBACK: "1",
        THETA_MAX_BUDGET_USD: "lots",
      },
    });
    for (let call = 0; call < 2; call++) {
      await expect(calls.executeCommand("list_services", {})).rejects.toThrow(/THETA_MAX_BUDGET_USD/);
    }
  });
});
