/**
 * Per-call `timeoutMs` and `maxRetries` on core's operation call path (`call`, `callText`) and through
 * the typed client's headers (`callSettingsHeaders`). Real HTTP against the loopback server.
 */
import { answerAfter, answerJson, type LoopbackServer, startLoopbackServer } from "@theta/loopback-server";
import { afterEach, describe, expect, it } from "vitest";
import { callSettingsFrom, callSettingsHeaders } from "./call-settings.js";
import { createFamilyClient } from "./client.js";
import { ThetaTimeoutError, ThetaValidationError } from "./errors.js";
import { FAMILIES } from "./families.js";
import type { OperationPolicy } from "./operations.js";
import { OPERATIONS, rejectionOf } from "./testing/fixtures.js";

const listServices = OPERATIONS.listServices as OperationPolicy;

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Retries twice with the shortest backoff; waits the default 20 s per attempt. */
function client(url: string) {
  return createFamilyClient<Record<string, never>>(FAMILIES.ondemand, OPERATIONS, {
    baseUrl: url,
    allowInsecureLoopback: true,
    env: {},
    maxRetries: 2,
    retryBackoffMs: 25,
    credentials: { apiToken: "tok_call_settings_0123456" },
  });
}

describe("per-call settings of an operation call", () => {
  it("maxRetries: 0 makes one attempt where the client's default makes three", async () => {
    server = await startLoopbackServer((_request, response) => answerJson(response, 503, {}));
    const family = client(server.url);
    await rejectionOf(family.callText(listServices));
    expect(server.requests).toHaveLength(3);
    await rejectionOf(family.callText(listServices, { maxRetries: 0 }));
    expect(server.requests).toHaveLength(4);
    // The same through the headers the typed client sends; the transport strips them.
    await rejectionOf(family.call(listServices, { headers: callSettingsHeaders({ maxRetries: 0 }) }));
    expect(server.requests).toHaveLength(5);
    expect(server.requests[4]?.headers["x-theta-max-retries"]).toBeUndefined();
  });

  it("timeoutMs times out a slow answer the client's 20 s timeout would wait for", async () => {
    server = await startLoopbackServer((_request, response) =>
      answerAfter(response, 3000, (late) => answerJson(late, 200, {})),
    );
    const error = await rejectionOf(
      client(server.url).call(listServices, { timeoutMs: 1000, maxRetries: 0 }),
    );
    expect(error).toBeInstanceOf(ThetaTimeoutError);
    expect((error as ThetaTimeoutError).timeoutMs).toBe(1000);
  });

  it("a value outside the client option's range is a ThetaValidationError naming the option", () => {
    for (const [options, option] of [
      [{ timeoutMs: 999 }, "timeoutMs"],
      [{ timeoutMs: 1.5 }, "timeoutMs"],
      [{ maxRetries: 7 }, "maxRetries"],
      [{ maxRetries: -1 }, "maxRetries"],
    ] as const) {
      let error: unknown;
      try {
        callSettingsFrom(options);
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(ThetaValidationError);
      expect((error as ThetaValidationError).field).toBe(option);
    }
    expect(callSettingsFrom({})).toBeUndefined();
  });
});
