/**
 * Per-call `timeoutMs` and `maxRetries` of the controller's request options: they override the
 * client's settings for one request. Real HTTP against a node:http server made here.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { ThetaTimeoutError, ThetaValidationError } from "@theta/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createControllerClient } from "./client.js";
import { createInferenceClient } from "./inference-client.js";

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

let server: Server;
let url = "";
let requests = 0;
let handler: Handler = (_request, response) => response.writeHead(500).end();
/** Slow answers still pending when the test ends (ended in afterAll so the server can close). */
const pending = new Set<ServerResponse>();

beforeAll(async () => {
  server = createServer((request, response) => {
    requests += 1;
    request.resume();
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;
});

beforeEach(() => {
  requests = 0;
});

afterAll(async () => {
  for (const response of pending) response.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A client that retries twice with the shortest backoff and waits the default 20 s per attempt. */
const client = () =>
  createControllerClient({
    baseUrl: `${url}/controller`,
    baseUrls: { platform: `${url}/platform` },
    apiKey: "local-test-key-abcdef",
    projectId: "prj_test",
    orgId: "org_test",
    allowInsecureLoopback: true,
    env: {},
    maxRetries: 2,
    retryBackoffMs: 25,
  });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("controller per-call options", () => {
  it("the client default retries a 503; maxRetries: 0 on the call makes one attempt", async () => {
    handler = (_request, response) =>
      response.writeHead(503, { "content-type": "application/json" }).end("{}");
    await rejection(client().projects.get());
    expect(requests).toBe(3);
    requests = 0;
    await rejection(client().projects.get({ maxRetries: 0 }));
    expect(requests).toBe(1);
  });

  it("timeoutMs on the call times out a slow answer the client's 20 s timeout would wait for", async () => {
    handler = (_request, response) => {
      pending.add(response);
    };
    const error = await rejection(client().projects.get({ timeoutMs: 1000, maxRetries: 0 }));
    expect(error).toBeInstanceOf(ThetaTimeoutError);
    expect((error as ThetaTimeoutError).timeoutMs).toBe(1000);
  });

  it("a bad per-call value is a ThetaValidationError naming the option, before any request", async () => {
    const error = await rejection(client().projects.get({ maxRetries: 99 }));
    expect(error).toBeInstanceOf(ThetaValidationError);
    expect((error as ThetaValidationError).field).toBe("maxRetries");
    expect(requests).toBe(0);
  });
});

describe("dedicated endpoint per-call options", () => {
  const inference = () =>
    createInferenceClient({
      endpoint: `${url}/endpoint`,
      auth: { token: "local-endpoint-token-abcdef" },
      allowInsecureLoopback: true,
      env: {},
      maxRetries: 2,
      retryBackoffMs: 25,
    });

  it("models() and the Gradio calls take maxRetries and timeoutMs for one call", async () => {
    handler = (_request, response) =>
      response.writeHead(503, { "content-type": "application/json" }).end("{}");
    await rejection(inference().models());
    expect(requests).toBe(3);
    requests = 0;
    await rejection(inference().models({ maxRetries: 0 }));
    expect(requests).toBe(1);
    requests = 0;
    await rejection(inference().gradioConfig({ maxRetries: 0 }));
    expect(requests).toBe(1);
    handler = (_request, response) => {
      pending.add(response);
    };
    const error = await rejection(inference().models({ timeoutMs: 1000, maxRetries: 0 }));
    expect(error).toBeInstanceOf(ThetaTimeoutError);
  });
});
