/**
 * Leak test for the transport: canary secrets are planted in the auth header (resolved through the
 * client, as in real use), in URL userinfo, in a signed query parameter (`X-Goog-Signature`), and in
 * server error bodies that echo them back. Every error path and every log line must be free of them.
 */

import {
  answerJson,
  closedPort,
  type LoopbackServer,
  resetBeforeHeaders,
  startLoopbackServer,
} from "@theta/loopback-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFamilyClient } from "./client.js";
import {
  ThetaApiError,
  ThetaConnectionError,
  ThetaDryRunError,
  ThetaStreamError,
  ThetaTimeoutError,
} from "./errors.js";
import { FAMILIES } from "./index.js";
import { createConsoleLogger } from "./logger.js";
import { sseStream } from "./sse.js";
import { CANARY, canaryEnv, expectNoCanary, mustThrow } from "./testing/canary-helpers.js";
import { OPERATIONS, recordingLogger } from "./testing/fixtures.js";
import { createTransport } from "./transport.js";

const TOKEN = CANARY.ondemandToken;
const SIGNATURE = CANARY.videoSecret;
const echoBody = {
  status: "error",
  message: `invalid token ${TOKEN} for https://storage.example/o?X-Goog-Signature=${SIGNATURE}`,
  token: TOKEN,
  authorization: `Bearer ${TOKEN}`,
  url: `https://storage.example/bucket/obj?X-Goog-Signature=${SIGNATURE}&X-Goog-Credential=${SIGNATURE}`,
};

let main: LoopbackServer;
let storage: LoopbackServer;
const logger = recordingLogger();
const consoleLines: string[] = [];
const consoleLogger = createConsoleLogger("debug", (line) => consoleLines.push(line));
const bothLoggers = {
  debug: (m: string, d?: Readonly<Record<string, unknown>>) => {
    logger.debug(m, d);
    consoleLogger.debug(m, d);
  },
  info: (m: string, d?: Readonly<Record<string, unknown>>) => {
    logger.info(m, d);
    consoleLogger.info(m, d);
  },
  warn: (m: string, d?: Readonly<Record<string, unknown>>) => {
    logger.warn(m, d);
    consoleLogger.warn(m, d);
  },
  error: (m: string, d?: Readonly<Record<string, unknown>>) => {
    logger.error(m, d);
    consoleLogger.error(m, d);
  },
};

beforeAll(async () => {
  main = await startLoopbackServer((req, res) => {
    const path = req.path.replace(/\?.*$/, "");
    if (path.endsWith("/service/list"))
      return answerJson(res, 401, echoBody, { "x-request-id": `req-${TOKEN}` });
    if (path.includes("/infer_request/flaky")) return answerJson(res, 500, echoBody);
    if (path.includes("/infer_request/reset")) return resetBeforeHeaders(res);
    if (path.includes("/infer_request/slow")) return; // never answers
    if (path.includes("/infer_request/moved")) {
      res.writeHead(302, {
        location: `http://${CANARY.basicUser}:${CANARY.basicPass}@127.0.0.2:${storage.port}/x?X-Goog-Signature=${SIGNATURE}`,
      });
      res.end();
      return;
    }
    if (path.includes("/infer_request/html")) {
      res.writeHead(502, { "content-type": "text/html" });
      res.end(
        `<html><head><title>Bad gateway ${TOKEN}</title></head><body>sig=${SIGNATURE} Authorization: Bearer ${TOKEN}</body></html>`,
      );
      return;
    }
    if (path.endsWith("/infer_request/chat/completions")) {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(`data: {"token":"${TOKEN}"}\n\n`);
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    }
    return answerJson(res, 404, echoBody);
  });
  storage = await startLoopbackServer((_req, res) => answerJson(res, 403, echoBody));
});

afterAll(async () => {
  await main.close();
  await storage.close();
});

function client(extra: { dryRun?: boolean; timeoutMs?: number } = {}) {
  return createFamilyClient(FAMILIES.ondemand, OPERATIONS, {
    baseUrl: `${main.url}/ondemand`,
    allowInsecureLoopback: true,
    env: { ...canaryEnv(), THETA_HTTP_RETRY_BACKOFF_MS: "25" },
    logger: bothLoggers,
    ...extra,
  });
}

describe("transport canaries", () => {
  it("an API error echoing the token (401) leaks nothing", async () => {
    const error = await mustThrow(() => client().transport(`${main.url}/ondemand/service/list`));
    expect(ThetaApiError.isInstance(error)).toBe(true);
    expect((error as ThetaApiError).status).toBe(401);
    expectNoCanary(error, "401 error");
  });

  it("a retried 500 echoing secrets leaks nothing (errors and retry logs)", async () => {
    const c = client();
    const error = await mustThrow(() =>
      c.transport(`${main.url}/ondemand/infer_request/flaky/x`, {
        method: "GET",
        headers: { "x-api-key": TOKEN },
      }),
    );
    expectNoCanary(error, "500 error");
    expect(logger.lines.some((line) => line.message === "theta.http.retry")).toBe(true);
  });

  it("an HTML error page with secrets leaks nothing", async () => {
    const error = await mustThrow(() => client().transport(`${main.url}/ondemand/infer_request/html/x`));
    expectNoCanary(error, "502 html error");
  });

  it("a reset after a billable POST leaks nothing", async () => {
    const error = await mustThrow(() =>
      client().transport(`${main.url}/ondemand/infer_request/reset`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ input: { api_key: TOKEN } }),
      }),
    );
    expect(ThetaConnectionError.isInstance(error)).toBe(true);
    expectNoCanary(error, "reset error");
  });

  it("a timeout leaks nothing", async () => {
    const error = await mustThrow(() =>
      client({ timeoutMs: 1000 }).transport(`${main.url}/ondemand/infer_request/slow?token=${TOKEN}`, {
        method: "POST",
        headers: { "x-theta-timeout-ms": "60" },
      }),
    );
    expect(ThetaTimeoutError.isInstance(error)).toBe(true);
    expectNoCanary(error, "timeout error");
  });

  it("a dry-run plan masks the auth header, body secrets and signed URL", async () => {
    const error = await mustThrow(() =>
      client({ dryRun: true }).transport(
        `${main.url}/ondemand/infer_request/flux?X-Goog-Signature=${SIGNATURE}`,
        {
          method: "POST",
          headers: { "content-type": "application/json", cookie: `session=${TOKEN}` },
          body: JSON.stringify({
            input: { prompt: "x", api_key: TOKEN, nested: { password: CANARY.basicPass } },
          }),
        },
      ),
    );
    expect(ThetaDryRunError.isInstance(error)).toBe(true);
    const { plan } = error as ThetaDryRunError;
    expect(plan.headers.authorization).toBeDefined();
    expectNoCanary(plan, "dry-run plan");
    expectNoCanary(error, "dry-run error");
  });

  it("basic auth in the URL is refused without echoing it", async () => {
    const error = await mustThrow(() =>
      client().transport(
        `http://${CANARY.basicUser}:${CANARY.basicPass}@127.0.0.1:${main.port}/ondemand/service/list`,
      ),
    );
    expectNoCanary(error, "userinfo error");
  });

  it("a presigned URL (X-Goog-Signature) answering 403 with an echo leaks nothing, and gets no auth header", async () => {
    const error = await mustThrow(() =>
      client().transport(`${storage.url}/bucket/object?X-Goog-Signature=${SIGNATURE}&X-Goog-Expires=900`, {
        method: "PUT",
        body: new Uint8Array([1, 2, 3]),
      }),
    );
    expect(ThetaApiError.isInstance(error)).toBe(true);
    expectNoCanary(error, "presigned 403");
    expect(storage.requests.at(-1)?.headers.authorization).toBeUndefined();
  });

  it("a refused cross-origin redirect carrying secrets leaks nothing", async () => {
    const error = await mustThrow(() => client().transport(`${main.url}/ondemand/infer_request/moved/x`));
    expect((error as ThetaApiError).code).toBe("redirect_refused");
    expectNoCanary(error, "redirect error");
  });

  it("connection refused on a signed URL leaks nothing", async () => {
    const port = await closedPort();
    const transport = createTransport({
      family: "ondemand",
      baseUrl: `${main.url}/ondemand`,
      operations: OPERATIONS,
      http: { timeoutMs: 1000, maxRetries: 1, retryBackoffMs: 25, dryRun: false },
      allowInsecureLoopback: true,
      logger: bothLoggers,
      sleep: async () => {},
      headers: () => ({ authorization: `Bearer ${TOKEN}` }),
    });
    const error = await mustThrow(() =>
      transport(`http://127.0.0.1:${port}/obj?X-Goog-Signature=${SIGNATURE}`),
    );
    expect(ThetaConnectionError.isInstance(error)).toBe(true);
    expectNoCanary(error, "connection refused");
  });

  it("a stream broken mid-way leaks nothing", async () => {
    const response = await client().transport(`${main.url}/ondemand/infer_request/chat/completions`, {
      method: "POST",
      body: "{}",
    });
    const error = await mustThrow(async () => {
      for await (const _message of sseStream(response, { requireDone: true })) {
        // drain
      }
    });
    expect(ThetaStreamError.isInstance(error)).toBe(true);
    expectNoCanary(error, "stream error");
  });

  it("no log line (recorded or console) contains a canary", () => {
    expect(logger.lines.length).toBeGreaterThan(5);
    expect(consoleLines.length).toBeGreaterThan(5);
    expectNoCanary(logger.lines, "recorded log lines");
    expectNoCanary(consoleLines, "console log lines");
  });
});
