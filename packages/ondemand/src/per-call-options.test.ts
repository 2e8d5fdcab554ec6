/**
 * Per-call `timeoutMs` and `maxRetries` (as openai-node allows): they override the client's settings
 * for one request, on the operation-call path (services.list) and the typed-client path
 * (requests.get, services.get, infer). Real HTTP against a node:http server made here.
 */
import { ThetaTimeoutError, ThetaValidationError } from "@theta/core";
import { answerAfter, answerJson } from "@theta/loopback-server";
import { useLoopbackServer } from "@theta/loopback-server/vitest";
import { describe, expect, it } from "vitest";
import { createOndemandClient } from "./client.js";

const server = useLoopbackServer();

/** A client that retries twice with the shortest backoff and waits the default 20 s per attempt. */
const client = () =>
  createOndemandClient({
    baseUrl: server.url(),
    apiToken: "local-test-token-abcdef",
    allowInsecureLoopback: true,
    env: {},
    maxRetries: 2,
    retryBackoffMs: 25,
  });

const unavailable = () =>
  server.handle((_request, response) => answerJson(response, 503, { status: "error" }));

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("per-call maxRetries", () => {
  it("the client default retries a 503 of services.list; maxRetries: 0 on the call makes one attempt", async () => {
    unavailable();
    await rejection(client().services.list());
    expect(server.requests()).toHaveLength(3);

    const before = server.requests().length;
    await rejection(client().services.list({ maxRetries: 0 }));
    expect(server.requests().length - before).toBe(1);
  });

  it("holds on the typed-client path too (requests.get, services.get)", async () => {
    unavailable();
    await rejection(client().requests.get("infr_rqst_1", { maxRetries: 0 }));
    expect(server.requests()).toHaveLength(1);
    await rejection(client().services.get("flux", { maxRetries: 1 }));
    expect(server.requests()).toHaveLength(3);
  });

  it("is validated like the client option, before any request", async () => {
    const error = await rejection(client().services.list({ maxRetries: -1 }));
    expect(error).toBeInstanceOf(ThetaValidationError);
    expect((error as ThetaValidationError).field).toBe("maxRetries");
    expect((error as Error).message).toMatch(/maxRetries option must be an integer from 0 to 6/);
    const infer = await rejection(client().infer("flux", { prompt: "x" }, { timeoutMs: 5 }));
    expect(infer).toBeInstanceOf(ThetaValidationError);
    expect((infer as ThetaValidationError).field).toBe("timeoutMs");
    expect(server.requests()).toHaveLength(0);
  });
});

describe("per-call timeoutMs", () => {
  it("times out a slow answer that the client's 20 s timeout would wait for", async () => {
    server.handle((_request, response) =>
      answerAfter(response, 3000, (late) => answerJson(late, 200, { body: {} })),
    );
    const error = await rejection(client().services.list({ timeoutMs: 1000, maxRetries: 0 }));
    expect(error).toBeInstanceOf(ThetaTimeoutError);
    expect((error as ThetaTimeoutError).timeoutMs).toBe(1000);
  });

  it("times out a slow infer answer (the typed-client path)", async () => {
    server.handle((_request, response) =>
      answerAfter(response, 3000, (late) => answerJson(late, 200, { body: {} })),
    );
    const error = await rejection(client().infer("flux", { prompt: "x" }, { timeoutMs: 1000 }));
    expect(error).toBeInstanceOf(ThetaTimeoutError);
    expect((error as ThetaTimeoutError).timeoutMs).toBe(1000);
  });

  it("times out a slow chat answer, and maxRetries: 0 sends a chat once", async () => {
    server.handle((_request, response) => answerAfter(response, 3000, (late) => answerJson(late, 200, {})));
    const hi = [{ role: "user" as const, content: "hi" }];
    const error = await rejection(
      client().chat.create({ model: "gpt_oss_120b", messages: hi }, { timeoutMs: 1000, maxRetries: 0 }),
    );
    expect(error).toBeInstanceOf(ThetaTimeoutError);
    expect((error as ThetaTimeoutError).timeoutMs).toBe(1000);
    expect(server.requests()).toHaveLength(1);
  });

  it("a bad per-call chat value is refused before any request", async () => {
    const hi = [{ role: "user" as const, content: "hi" }];
    const error = await rejection(client().chat.create({ messages: hi }, { timeoutMs: 0 }));
    expect(error).toBeInstanceOf(ThetaValidationError);
    expect((error as ThetaValidationError).field).toBe("timeoutMs");
    expect(server.requests()).toHaveLength(0);
  });
});
