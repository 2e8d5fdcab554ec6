import {
  answerJson,
  closedPort,
  type LoopbackServer,
  resetBeforeHeaders,
  startLoopbackServer,
} from "@theta/loopback-server";
import { afterEach, describe, expect, it } from "vitest";
import {
  ThetaAbortError,
  ThetaApiError,
  ThetaConnectionError,
  ThetaDryRunError,
  ThetaTimeoutError,
  ThetaValidationError,
} from "./errors.js";
import { createConsoleLogger } from "./logger.js";
import { matchOperation } from "./operation-match.js";
import { makeTransport, OPERATIONS, postJson, rejectionOf, TOKEN } from "./testing/fixtures.js";
import { createTransport, DEFAULT_USER_AGENT } from "./transport.js";

const servers: LoopbackServer[] = [];
async function server(handler: Parameters<typeof startLoopbackServer>[0]): Promise<LoopbackServer> {
  const s = await startLoopbackServer(handler);
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe("matchOperation", () => {
  it("prefers literal segments over params", () => {
    expect(matchOperation(OPERATIONS, "POST", "/infer_request/chat/completions")?.operationId).toBe(
      "chatCompletions",
    );
    expect(matchOperation(OPERATIONS, "POST", "/infer_request/flux/completions")?.operationId).toBe(
      "createPrediction",
    );
    expect(matchOperation(OPERATIONS, "POST", "/infer_request/flux")?.operationId).toBe("createInferRequest");
  });

  it("matches method, segment count, trailing slash and embedded params", () => {
    expect(matchOperation(OPERATIONS, "get", "/service/list/")?.operationId).toBe("listServices");
    expect(matchOperation(OPERATIONS, "POST", "/service/list")).toBeUndefined();
    expect(matchOperation(OPERATIONS, "GET", "/service/list/extra")).toBeUndefined();
    expect(matchOperation(OPERATIONS, "GET", "/infer_request/infr_rqst_1")?.operationId).toBe(
      "getInferRequest",
    );
    expect(matchOperation(OPERATIONS, "GET", "/infer_request/")).toBeUndefined();
    expect(matchOperation(OPERATIONS, "GET", "/documents/abc.json")?.operationId).toBe("getDocument");
    expect(matchOperation(OPERATIONS, "GET", "/documents/abc.xml")).toBeUndefined();
  });
});

describe("createTransport: success path, headers and path prefix", () => {
  it("returns the response unread, adds auth/user-agent/accept, strips x-theta-timeout-ms", async () => {
    const s = await server((_req, res) => answerJson(res, 200, { ok: true }));
    const { transport, base } = makeTransport(s);
    const response = await transport(`${base}/service/list?category=image`, {
      headers: { "x-theta-timeout-ms": "3000" },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    const seen = s.requests[0];
    expect(seen?.path).toBe("/ondemand/service/list?category=image");
    expect(seen?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(seen?.headers["user-agent"]).toBe(DEFAULT_USER_AGENT);
    expect(seen?.headers.accept).toBe("application/json, text/event-stream");
    expect(seen?.headers["x-theta-timeout-ms"]).toBeUndefined();
  });

  it("accepts a Request object (as openapi-fetch sends) and keeps caller headers", async () => {
    const s = await server((req, res) => answerJson(res, 200, { echo: JSON.parse(req.body) as unknown }));
    const { transport, base } = makeTransport(s, { userAgent: "custom-agent/1" });
    const request = new Request(`${base}/notes`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json",
        authorization: "Bearer other",
      },
      body: JSON.stringify({ a: 1 }),
    });
    const response = await transport(request);
    expect(await response.json()).toEqual({ echo: { a: 1 } });
    expect(s.requests[0]?.headers.accept).toBe("application/json");
    expect(s.requests[0]?.headers.authorization).toBe("Bearer other");
    expect(s.requests[0]?.headers["user-agent"]).toBe("custom-agent/1");
  });

  it("never sends the family's auth headers outside the base URL (other prefix on the same origin)", async () => {
    const s = await server((_req, res) => answerJson(res, 200, {}));
    const { transport, base } = makeTransport(s);
    await transport(`${s.url}/upload/bucket/object`, { method: "GET" });
    await transport(`${base}/service/list`);
    expect(s.requests.map((r) => r.headers.authorization)).toEqual([undefined, `Bearer ${TOKEN}`]);
  });

  it("never sends the family's auth headers to another origin", async () => {
    const other = await server((_req, res) => answerJson(res, 200, {}));
    const s = await server((_req, res) => answerJson(res, 200, {}));
    const { transport } = makeTransport(s);
    await transport(`${other.url}/upload?sig=1`, { method: "GET" });
    expect(other.requests).toHaveLength(1);
    expect(other.requests[0]?.headers.authorization).toBeUndefined();
  });

  it("rejects an invalid x-theta-timeout-ms header before sending", async () => {
    const s = await server((_req, res) => answerJson(res, 200, {}));
    const { transport, base } = makeTransport(s);
    const error = await rejectionOf(
      transport(`${base}/service/list`, { headers: { "x-theta-timeout-ms": "soon" } }),
    );
    expect(ThetaValidationError.isInstance(error)).toBe(true);
    expect((error as ThetaValidationError).field).toBe("x-theta-timeout-ms");
    expect(s.requests).toHaveLength(0);
  });
});

describe("createTransport: resets and billable operations", () => {
  it("sends a billable POST exactly once when the connection resets after the body was read", async () => {
    const s = await server((_req, res) => resetBeforeHeaders(res));
    const { transport, base, delays } = makeTransport(s);
    const error = await rejectionOf(
      transport(`${base}/infer_request/flux`, postJson({ input: { prompt: "x" } })),
    );
    expect(s.requests).toHaveLength(1);
    expect(s.requests[0]?.body).toBe(JSON.stringify({ input: { prompt: "x" } }));
    expect(ThetaConnectionError.isInstance(error)).toBe(true);
    const connection = error as ThetaConnectionError;
    expect(connection.outcome).toBe("unknown");
    expect(connection.code).toBe("outcome_unknown");
    expect(connection.operationId).toBe("createInferRequest");
    expect(connection.message).toMatch(/outcome is unknown/i);
    expect(connection.message).toMatch(/check its status before retrying/i);
    expect(delays).toEqual([]);
  });

  it("does not re-send a non-idempotent (non-billable) POST after a reset either", async () => {
    const s = await server((_req, res) => resetBeforeHeaders(res));
    const { transport, base } = makeTransport(s);
    const error = await rejectionOf(transport(`${base}/notes`, postJson({ n: 1 })));
    expect(s.requests).toHaveLength(1);
    expect((error as ThetaConnectionError).outcome).toBe("unknown");
  });

  it("retries the same fault on a GET and succeeds", async () => {
    const s = await server((_req, res, { index }) =>
      index === 1 ? resetBeforeHeaders(res) : answerJson(res, 200, { ok: 1 }),
    );
    const { transport, base, delays, logger } = makeTransport(s);
    const response = await transport(`${base}/service/list`);
    expect(await response.json()).toEqual({ ok: 1 });
    expect(s.requests).toHaveLength(2);
    expect(delays).toEqual([75]); // equal jitter, random 0.5: 100/2 + 0.5*100/2
    const retry = logger.lines.find((line) => line.message === "theta.http.retry");
    expect(retry?.level).toBe("warn");
    expect(retry?.data).toMatchObject({ operationId: "listServices", attempt: 1, delayMs: 75 });
  });

  it("retries an idempotent PUT after a reset", async () => {
    const s = await server((_req, res, { index }) =>
      index < 3 ? resetBeforeHeaders(res) : answerJson(res, 200, {}),
    );
    const { transport, base } = makeTransport(s);
    const response = await transport(`${base}/settings/a`, { method: "PUT", body: "v=1" });
    expect(response.status).toBe(200);
    expect(s.requests.map((r) => r.body)).toEqual(["v=1", "v=1", "v=1"]);
  });

  it("retries a billable POST when the connection is refused (nothing was sent)", async () => {
    const port = await closedPort();
    const s = await server((_req, res) => answerJson(res, 200, {}));
    const { transport, delays } = makeTransport(s, { baseUrl: `http://127.0.0.1:${port}/ondemand` });
    const error = await rejectionOf(
      transport(`http://127.0.0.1:${port}/ondemand/infer_request/flux`, postJson({})),
    );
    expect(ThetaConnectionError.isInstance(error)).toBe(true);
    expect((error as ThetaConnectionError).outcome).toBe("not_sent");
    expect((error as ThetaConnectionError).code).toBe("connection_error");
    expect(delays).toEqual([75, 150]);
  });
});

describe("createTransport: retriable statuses", () => {
  const capacity = { status: "error", message: "No instances available - try again later" };

  it("retries a billable POST on 409 capacity and succeeds on the third attempt", async () => {
    const s = await server((_req, res, { index }) =>
      index <= 2 ? answerJson(res, 409, capacity) : answerJson(res, 200, { status: "success" }),
    );
    const { transport, base, delays } = makeTransport(s);
    const response = await transport(`${base}/infer_request/flux`, postJson({ input: {} }));
    expect(await response.json()).toEqual({ status: "success" });
    expect(s.requests).toHaveLength(3);
    expect(delays).toEqual([75, 150]);
  });

  it("throws capacity_exhausted when retries run out", async () => {
    const s = await server((_req, res) => answerJson(res, 409, capacity));
    const { transport, base } = makeTransport(s);
    const error = await rejectionOf(transport(`${base}/infer_request/flux`, postJson({ input: {} })));
    expect(s.requests).toHaveLength(3);
    expect(ThetaApiError.isInstance(error)).toBe(true);
    expect((error as ThetaApiError).code).toBe("capacity_exhausted");
    expect((error as ThetaApiError).status).toBe(409);
    expect((error as ThetaApiError).operationId).toBe("createInferRequest");
  });

  it("does not retry a 409 that is not about capacity", async () => {
    const s = await server((_req, res) => answerJson(res, 409, { message: "conflict: name taken" }));
    const { transport, base } = makeTransport(s);
    const error = await rejectionOf(transport(`${base}/infer_request/flux`, postJson({})));
    expect(s.requests).toHaveLength(1);
    expect((error as ThetaApiError).code).toBe("api_error");
  });

  it("honours Retry-After seconds, retry-after-ms and an HTTP date, within the cap", async () => {
    const hints: Array<Record<string, string>> = [
      { "retry-after": "2" },
      { "retry-after-ms": "150" },
      { "retry-after": new Date(Date.now() + 10_000).toUTCString() },
      { "retry-after": "3600" },
    ];
    const s = await server((_req, res, { index }) =>
      index <= hints.length
        ? answerJson(res, 429, { message: "slow down" }, hints[index - 1])
        : answerJson(res, 200, {}),
    );
    const { transport, base, delays } = makeTransport(s, { retryAfterCapMs: 20_000 }, { maxRetries: 6 });
    const response = await transport(`${base}/infer_request/flux`, postJson({}));
    expect(response.status).toBe(200);
    expect(s.requests).toHaveLength(5);
    expect(delays[0]).toBe(2000);
    expect(delays[1]).toBe(150);
    expect(delays[2]).toBeGreaterThan(7000);
    expect(delays[2]).toBeLessThanOrEqual(10_000);
    expect(delays[3]).toBe(20_000);
  });

  it("uses the default 30 s cap for Retry-After", async () => {
    const s = await server((_req, res, { index }) =>
      index === 1 ? answerJson(res, 503, {}, { "retry-after": "120" }) : answerJson(res, 200, {}),
    );
    const { transport, base, delays } = makeTransport(s);
    await transport(`${base}/service/list`);
    expect(delays).toEqual([30_000]);
  });

  it("applies full jitter when asked", async () => {
    const s = await server((_req, res, { index }) =>
      index <= 2 ? answerJson(res, 500, {}) : answerJson(res, 200, {}),
    );
    const { transport, base, delays } = makeTransport(s, { jitter: "full", random: () => 0.25 });
    await transport(`${base}/service/list`);
    expect(delays).toEqual([25, 50]);
  });

  it.each([400, 401, 404, 422])("does not retry HTTP %i", async (status) => {
    const s = await server((_req, res) => answerJson(res, status, { message: "nope" }));
    const { transport, base, delays } = makeTransport(s);
    const error = await rejectionOf(transport(`${base}/service/list`));
    expect(s.requests).toHaveLength(1);
    expect(delays).toEqual([]);
    expect(ThetaApiError.isInstance(error)).toBe(true);
    expect((error as ThetaApiError).status).toBe(status);
    expect((error as ThetaApiError).message).toContain("listServices failed: HTTP");
  });

  it("retries 500 on a GET but not on a billable POST; 503 and 429 are retried even when billable", async () => {
    const s500 = await server((_req, res) => answerJson(res, 500, { message: "boom" }));
    const first = makeTransport(s500);
    await rejectionOf(first.transport(`${first.base}/service/list`));
    expect(s500.requests).toHaveLength(3);
    s500.requests.length = 0;
    const error = await rejectionOf(first.transport(`${first.base}/infer_request/flux`, postJson({})));
    expect(s500.requests).toHaveLength(1);
    expect((error as ThetaApiError).code).toBe("server_error");

    const s503 = await server((_req, res, { index }) =>
      index === 1 ? answerJson(res, 503, {}) : answerJson(res, 200, {}),
    );
    const second = makeTransport(s503);
    expect((await second.transport(`${second.base}/infer_request/flux`, postJson({}))).status).toBe(200);
    expect(s503.requests).toHaveLength(2);
  });

  it("lets an operation override the retry count", async () => {
    const s = await server((_req, res) => answerJson(res, 503, {}));
    const { transport, base } = makeTransport(s);
    await rejectionOf(transport(`${base}/quick`));
    expect(s.requests).toHaveLength(1);
  });

  it("re-sends the identical buffered body on every attempt", async () => {
    const s = await server((_req, res, { index }) =>
      index <= 2 ? answerJson(res, 429, {}) : answerJson(res, 200, {}),
    );
    const { transport, base } = makeTransport(s);
    const body = JSON.stringify({ input: { prompt: "héllo 世界" } });
    await transport(new Request(`${base}/infer_request/flux`, { method: "POST", body }));
    expect(s.requests.map((r) => r.body)).toEqual([body, body, body]);
  });

  it("sends a streamed upload body once and never retries it", async () => {
    const s = await server((_req, res) => answerJson(res, 503, {}));
    const { transport } = makeTransport(s);
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode("part-1,"));
        controller.enqueue(encoder.encode("part-2"));
        controller.close();
      },
    });
    const error = await rejectionOf(
      transport(`${s.url}/bucket/object?X-Goog-Signature=abc`, { method: "PUT", body: stream }),
    );
    expect(ThetaApiError.isInstance(error)).toBe(true);
    expect(s.requests).toHaveLength(1);
    expect(s.requests[0]?.body).toBe("part-1,part-2");
  });
});

describe("createTransport: redirects and scheme", () => {
  it("follows a same-origin redirect for GET", async () => {
    const s = await server((req, res) => {
      if (req.path === "/ondemand/service/list") {
        res.writeHead(302, { location: "/ondemand/service/list2" });
        res.end();
      } else answerJson(res, 200, { moved: true });
    });
    const { transport, base } = makeTransport(s);
    const response = await transport(`${base}/service/list`);
    expect(await response.json()).toEqual({ moved: true });
    expect(s.requests.map((r) => r.path)).toEqual(["/ondemand/service/list", "/ondemand/service/list2"]);
  });

  it("follows 307 for POST with the same body, refuses 302/303 for POST", async () => {
    const s = await server((req, res) => {
      if (req.path.endsWith("/a")) {
        res.writeHead(307, { location: "/ondemand/settings/b" });
        res.end();
      } else if (req.path.endsWith("/notes")) {
        res.writeHead(303, { location: "/ondemand/notes/1" });
        res.end();
      } else answerJson(res, 200, { body: req.body });
    });
    const { transport, base } = makeTransport(s);
    const response = await transport(`${base}/settings/a`, { method: "PUT", body: "v=2" });
    expect(await response.json()).toEqual({ body: "v=2" });
    const error = await rejectionOf(transport(`${base}/notes`, postJson({})));
    expect((error as ThetaApiError).code).toBe("redirect_refused");
  });

  it("refuses a cross-origin redirect without contacting the other origin", async () => {
    const other = await server((_req, res) => answerJson(res, 200, {}));
    const s = await server((_req, res) => {
      res.writeHead(302, { location: `${other.url}/steal` });
      res.end();
    });
    const { transport, base } = makeTransport(s);
    const error = await rejectionOf(transport(`${base}/service/list`));
    expect(ThetaApiError.isInstance(error)).toBe(true);
    expect((error as ThetaApiError).code).toBe("redirect_refused");
    expect((error as ThetaApiError).message).toMatch(/another origin/);
    expect(other.requests).toHaveLength(0);
  });

  it("stops after 5 redirects", async () => {
    const s = await server((_req, res, { index }) => {
      res.writeHead(302, { location: `/ondemand/loop/${index}` });
      res.end();
    });
    const { transport, base } = makeTransport(s);
    const error = await rejectionOf(transport(`${base}/service/list`));
    expect((error as ThetaApiError).code).toBe("redirect_refused");
    expect(s.requests).toHaveLength(6);
  });

  it("refuses plain HTTP to a non-loopback host before any network call", async () => {
    let calls = 0;
    const transport = createTransport({
      family: "ondemand",
      baseUrl: "http://ondemand.example.invalid",
      operations: OPERATIONS,
      http: { timeoutMs: 1000, maxRetries: 0, retryBackoffMs: 25, dryRun: false },
      allowInsecureLoopback: true,
      fetch: (...args: Parameters<typeof fetch>) => {
        calls += 1;
        return fetch(...args);
      },
    });
    const error = await rejectionOf(transport("http://ondemand.example.invalid/service/list"));
    expect(ThetaValidationError.isInstance(error)).toBe(true);
    expect((error as ThetaValidationError).code).toBe("host_refused");
    expect(calls).toBe(0);
  });

  it("refuses plain HTTP to loopback without the opt-in", async () => {
    const s = await server((_req, res) => answerJson(res, 200, {}));
    const { transport, base } = makeTransport(s, { allowInsecureLoopback: false });
    const error = await rejectionOf(transport(`${base}/service/list`));
    expect((error as ThetaValidationError).code).toBe("host_refused");
    expect((error as ThetaValidationError).message).toMatch(/allowInsecureLoopback/);
    expect(s.requests).toHaveLength(0);
  });

  it("refuses URLs with credentials", async () => {
    const s = await server((_req, res) => answerJson(res, 200, {}));
    const { transport } = makeTransport(s);
    const error = await rejectionOf(
      transport(`http://user:pw1234@127.0.0.1:${s.port}/ondemand/service/list`),
    );
    expect((error as ThetaValidationError).field).toBe("url");
    expect(s.requests).toHaveLength(0);
  });
});

describe("createTransport: timeouts and aborts", () => {
  it("fires the per-attempt timeout on a server that never answers", async () => {
    const s = await server(() => {
      /* never answers */
    });
    const { transport, base } = makeTransport(s, {}, { timeoutMs: 100, maxRetries: 0 });
    const error = await rejectionOf(transport(`${base}/service/list`));
    expect(ThetaTimeoutError.isInstance(error)).toBe(true);
    expect((error as ThetaTimeoutError).phase).toBe("attempt");
    expect((error as ThetaTimeoutError).timeoutMs).toBe(100);
  });

  it("retries a timed-out GET but never a timed-out billable POST", async () => {
    const s = await server(() => {});
    const { transport, base } = makeTransport(s, {}, { timeoutMs: 100, maxRetries: 1 });
    await rejectionOf(transport(`${base}/service/list`));
    expect(s.requests).toHaveLength(2);
    s.requests.length = 0;
    const error = await rejectionOf(transport(`${base}/infer_request/flux`, postJson({})));
    expect(ThetaTimeoutError.isInstance(error)).toBe(true);
    expect(s.requests).toHaveLength(1);
  });

  it("uses x-theta-timeout-ms over the operation and client timeouts", async () => {
    const s = await server(() => {});
    const { transport, base } = makeTransport(s, {}, { timeoutMs: 60_000, maxRetries: 0 });
    const error = await rejectionOf(
      transport(`${base}/infer_request/chat/completions`, postJson({}, { "x-theta-timeout-ms": "80" })),
    );
    expect((error as ThetaTimeoutError).timeoutMs).toBe(80);
  });

  it("times out a response body that stalls after the headers", async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"partial":');
    });
    const { transport, base } = makeTransport(s, {}, { timeoutMs: 500, maxRetries: 0 });
    const response = await transport(`${base}/service/list`);
    const error = await rejectionOf(response.text());
    expect(ThetaTimeoutError.isInstance(error)).toBe(true);
  });

  it("turns a caller abort into ThetaAbortError", async () => {
    const s = await server(() => {});
    const { transport, base } = makeTransport(s);
    const controller = new AbortController();
    const pending = transport(`${base}/service/list`, { signal: controller.signal });
    while (s.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    const error = await rejectionOf(pending);
    expect(ThetaAbortError.isInstance(error)).toBe(true);
    expect((error as ThetaAbortError).operationId).toBe("listServices");
  });

  it("does not send when the caller's signal is already aborted, and aborts a backoff sleep", async () => {
    const s = await server((_req, res) => answerJson(res, 503, {}));
    const controller = new AbortController();
    controller.abort();
    const { transport, base } = makeTransport(s);
    expect(
      ThetaAbortError.isInstance(
        await rejectionOf(transport(`${base}/service/list`, { signal: controller.signal })),
      ),
    ).toBe(true);
    expect(s.requests).toHaveLength(0);

    const live = new AbortController();
    const sleeping = makeTransport(s, {
      sleep: (_ms, signal) =>
        new Promise((_resolve, reject) => {
          signal?.addEventListener("abort", () => reject(signal.reason));
          live.abort();
        }),
    });
    const error = await rejectionOf(sleeping.transport(`${base}/service/list`, { signal: live.signal }));
    expect(ThetaAbortError.isInstance(error)).toBe(true);
    expect(s.requests).toHaveLength(1);
  });
});

describe("createTransport: dry-run", () => {
  it("throws ThetaDryRunError with a redacted plan for a mutating op and sends nothing", async () => {
    const s = await server((_req, res) => answerJson(res, 200, { ok: true }));
    const { transport, base } = makeTransport(s, {}, { dryRun: true });
    const error = await rejectionOf(
      transport(
        `${base}/infer_request/chat/completions`,
        postJson({ model: "qwen3", api_key: "sk-hidden-value", max_tokens: 5 }),
      ),
    );
    expect(ThetaDryRunError.isInstance(error)).toBe(true);
    const { plan } = error as ThetaDryRunError;
    expect(plan).toMatchObject({
      dryRun: true,
      family: "ondemand",
      operationId: "chatCompletions",
      method: "POST",
      url: `${base}/infer_request/chat/completions`,
      mutating: true,
      billable: true,
    });
    expect(plan.headers.authorization).toBeDefined();
    expect(plan.headers.authorization).not.toContain(TOKEN);
    expect(plan.body).toMatchObject({ model: "qwen3", max_tokens: 5 });
    expect(JSON.stringify(plan)).not.toContain("sk-hidden-value");
    expect(s.requests).toHaveLength(0);
  });

  it("still runs reads under dry-run", async () => {
    const s = await server((_req, res) => answerJson(res, 200, { ok: true }));
    const { transport, base } = makeTransport(s, {}, { dryRun: true });
    expect((await transport(`${base}/service/list`)).status).toBe(200);
    expect(s.requests).toHaveLength(1);
  });

  it("treats unknown non-GET requests as mutating", async () => {
    const s = await server((_req, res) => answerJson(res, 200, {}));
    const { transport } = makeTransport(s, {}, { dryRun: true });
    const error = await rejectionOf(transport(`${s.url}/elsewhere/thing`, { method: "DELETE" }));
    expect((error as ThetaDryRunError).plan.billable).toBe(false);
    expect((error as ThetaDryRunError).plan.operationId).toBe(`DELETE ${s.url}/elsewhere/thing`);
    expect(s.requests).toHaveLength(0);
  });
});

describe("createConsoleLogger", () => {
  it("writes redacted lines at or above its level", () => {
    const lines: string[] = [];
    const logger = createConsoleLogger("info", (line) => lines.push(line));
    logger.debug("hidden");
    logger.warn("theta.http.retry", { authorization: "Bearer abcdefgh12345", delayMs: 5 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("theta.http.retry");
    expect(lines[0]).toContain('"delayMs":5');
    expect(lines[0]).not.toContain("abcdefgh12345");
  });
});
