/**
 * The transport against servers that misbehave after the headers: bodies that drip, bodies that
 * are too large (also once gzip-decoded), connections that break mid-body, and ports fetch refuses.
 * Real HTTP on 127.0.0.1; no timed assertions.
 */
import { gzipSync } from "node:zlib";
import {
  answerJson,
  dripBody,
  type LoopbackServer,
  resetMidBody,
  startLoopbackServer,
} from "@theta/loopback-server";
import createClient from "openapi-fetch";
import { afterEach, describe, expect, it } from "vitest";
import { ThetaApiError, ThetaConnectionError, ThetaTimeoutError, ThetaValidationError } from "./errors.js";
import { makeTransport, postJson, rejectionOf } from "./testing/fixtures.js";
import { createTransport, DEFAULT_MAX_RESPONSE_BYTES } from "./transport.js";

const servers: LoopbackServer[] = [];
async function server(handler: Parameters<typeof startLoopbackServer>[0]): Promise<LoopbackServer> {
  const started = await startLoopbackServer(handler);
  servers.push(started);
  return started;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const MIB = 1024 * 1024;

describe("the attempt timeout covers a JSON body, whatever the operation's stream flag", () => {
  const slowJson = '{"status":"success","body":{}}';

  it("times out a JSON answer to a stream-capable billable POST that drips slower than the timeout", async () => {
    const s = await server((_req, res) =>
      dripBody(res, slowJson, { everyMs: 150, headers: { "content-type": "application/json" } }),
    );
    const { transport, base } = makeTransport(s, {}, { timeoutMs: 1000, maxRetries: 2 });
    // createInferRequest is stream-capable (x-theta-stream), like the spec's.
    const response = await transport(`${base}/infer_request/flux`, postJson({ input: {} }));
    const error = await rejectionOf(response.json());
    expect(ThetaTimeoutError.isInstance(error)).toBe(true);
    expect((error as ThetaTimeoutError).phase).toBe("attempt");
    expect((error as ThetaTimeoutError).timeoutMs).toBe(1000);
    // Billable: never re-sent once it may have run.
    expect(s.requests).toHaveLength(1);
  });

  it("times out the same body read through transport.text()", async () => {
    const s = await server((_req, res) =>
      dripBody(res, slowJson, { everyMs: 150, headers: { "content-type": "application/json" } }),
    );
    const { transport, base } = makeTransport(s, {}, { timeoutMs: 1000, maxRetries: 0 });
    const error = await rejectionOf(transport.text(`${base}/infer_request/flux`, postJson({ input: {} })));
    expect(ThetaTimeoutError.isInstance(error)).toBe(true);
    expect((error as ThetaTimeoutError).phase).toBe("attempt");
  });

  it("leaves an event stream to the SSE timeouts: it may outlast the attempt timeout", async () => {
    const events = "data: 1\n\ndata: 2\n\ndata: 3\n\ndata: [DONE]\n\n";
    const s = await server((_req, res) =>
      dripBody(res, events, { everyMs: 40, headers: { "content-type": "text/event-stream" } }),
    );
    const { transport, base } = makeTransport(s, {}, { timeoutMs: 500, maxRetries: 0 });
    const response = await transport(`${base}/infer_request/chat/completions`, postJson({ stream: true }));
    expect(await response.text()).toBe(events);
  });
});

describe("success bodies are capped (maxResponseBytes), counted after decoding", () => {
  const big = JSON.stringify({ blob: "x".repeat(2 * MIB) });

  it("refuses a body over the cap with a typed error naming the limit and the option", async () => {
    const s = await server((_req, res) => answerJson(res, 200, JSON.parse(big) as unknown));
    const { transport, base } = makeTransport(s, { maxResponseBytes: MIB });
    const response = await transport(`${base}/service/list`);
    const error = await rejectionOf(response.json());
    expect(ThetaApiError.isInstance(error)).toBe(true);
    const tooLarge = error as ThetaApiError;
    expect(tooLarge.code).toBe("response_too_large");
    expect(tooLarge.status).toBe(200);
    expect(tooLarge.retriable).toBe(false);
    expect(tooLarge.operationId).toBe("listServices");
    expect(tooLarge.message).toContain(String(MIB));
    expect(tooLarge.message).toContain("maxResponseBytes");
  });

  it("refuses a chunked body (no content-length) once it passes the cap, through every reader", async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write(big.slice(0, MIB));
      res.end(big.slice(MIB));
    });
    const { transport, base } = makeTransport(s, { maxResponseBytes: MIB });
    for (const read of [
      (r: Response) => r.text(),
      (r: Response) => r.json(),
      (r: Response) => r.arrayBuffer(),
      (r: Response) => r.blob(),
    ]) {
      const error = await rejectionOf(read(await transport(`${base}/service/list`)));
      expect((error as ThetaApiError).code).toBe("response_too_large");
    }
    const viaText = await rejectionOf(transport.text(`${base}/service/list`));
    expect((viaText as ThetaApiError).code).toBe("response_too_large");
    // Not retried: a bigger answer will not get smaller.
    expect(s.requests).toHaveLength(5);
  });

  it("stops reading a gzip bomb at the cap, without waiting for (or decoding) the rest", async () => {
    const bomb = gzipSync(Buffer.alloc(64 * MIB));
    const s = await server((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
      // All of the compressed bytes, but the response never ends: a read that decoded everything
      // before checking would wait for the end (and time out) instead of stopping at the cap.
      res.write(bomb);
    });
    const { transport, base } = makeTransport(s, { maxResponseBytes: MIB }, { timeoutMs: 10_000 });
    const response = await transport(`${base}/service/list`);
    const error = await rejectionOf(response.arrayBuffer());
    expect((error as ThetaApiError).code).toBe("response_too_large");
    const viaText = await rejectionOf(transport.text(`${base}/service/list`));
    expect((viaText as ThetaApiError).code).toBe("response_too_large");
  });

  it("applies the default cap (32 MiB) when no maxResponseBytes is given", async () => {
    // 40 MiB once decoded: over the default, a few KiB on the wire.
    const bomb = gzipSync(Buffer.alloc(40 * MIB));
    const s = await server((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
      res.end(bomb);
    });
    const { transport, base } = makeTransport(s, {}, { timeoutMs: 10_000 });
    const error = await rejectionOf((await transport(`${base}/service/list`)).arrayBuffer());
    expect((error as ThetaApiError).code).toBe("response_too_large");
    expect((error as ThetaApiError).message).toContain(String(DEFAULT_MAX_RESPONSE_BYTES));
    const viaText = await rejectionOf(transport.text(`${base}/service/list`));
    expect((viaText as ThetaApiError).code).toBe("response_too_large");
  });

  it("reads a body at or under the cap as usual, and validates the option", async () => {
    const exact = JSON.stringify({ blob: "y".repeat(1000) });
    const s = await server((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(exact);
    });
    const { transport, base } = makeTransport(s, { maxResponseBytes: exact.length });
    expect(await (await transport(`${base}/service/list`)).text()).toBe(exact);
    expect((await transport.text(`${base}/service/list`)).text).toBe(exact);
    const invalid = (() => {
      try {
        makeTransport(s, { maxResponseBytes: 0 });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(ThetaValidationError.isInstance(invalid)).toBe(true);
    expect((invalid as ThetaValidationError).field).toBe("maxResponseBytes");
  });
});

describe("a read is retried when its body fails, a billable call is not", () => {
  it("retries a GET whose connection resets mid-body, through response.json()", async () => {
    const s = await server((_req, res, { index }) =>
      index === 1 ? resetMidBody(res, '{"services":[') : answerJson(res, 200, { services: ["a"] }),
    );
    const { transport, base, delays } = makeTransport(s);
    const response = await transport(`${base}/service/list`);
    expect(await response.json()).toEqual({ services: ["a"] });
    expect(s.requests).toHaveLength(2);
    expect(delays).toEqual([75]);
  });

  it("retries a GET whose body comes up short of its content-length, through transport.text()", async () => {
    const s = await server((_req, res, { index }) => {
      if (index > 1) return answerJson(res, 200, { services: [] });
      res.writeHead(200, { "content-type": "application/json", "content-length": "500" });
      res.end('{"services":');
      res.socket?.end();
    });
    const { transport, base } = makeTransport(s);
    const { text } = await transport.text(`${base}/service/list`);
    expect(JSON.parse(text)).toEqual({ services: [] });
    expect(s.requests).toHaveLength(2);
  });

  it("retries a GET whose body times out, through openapi-fetch", async () => {
    const s = await server((_req, res, { index }) =>
      index === 1
        ? dripBody(res, '{"services":[]}', { everyMs: 400, headers: { "content-type": "application/json" } })
        : answerJson(res, 200, { services: ["b"] }),
    );
    const { transport, base } = makeTransport(s, {}, { timeoutMs: 1000 });
    const api = createClient<{
      "/service/list": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
          parameters: { query?: never; header?: never; path?: never; cookie?: never };
          responses: {
            200: {
              headers: { [name: string]: unknown };
              content: { "application/json": { services: string[] } };
            };
          };
        };
      };
    }>({ baseUrl: base, fetch: transport });
    const { data } = await api.GET("/service/list");
    expect(data).toEqual({ services: ["b"] });
    expect(s.requests).toHaveLength(2);
  });

  it("gives up within the retry budget, with a message that does not ask to check a read's status", async () => {
    const s = await server((_req, res) => resetMidBody(res, '{"services":['));
    const { transport, base } = makeTransport(s);
    const error = await rejectionOf((await transport(`${base}/service/list`)).json());
    expect(ThetaConnectionError.isInstance(error)).toBe(true);
    expect(s.requests).toHaveLength(3);
    expect((error as ThetaConnectionError).message).not.toMatch(/check its status/i);
  });

  it("sends a billable POST once when its body resets, and says its outcome is unknown", async () => {
    const s = await server((_req, res) => resetMidBody(res, '{"services":['));
    const { transport, base, delays } = makeTransport(s);
    const response = await transport(`${base}/infer_request/flux`, postJson({ input: {} }));
    const error = await rejectionOf(response.json());
    expect(ThetaConnectionError.isInstance(error)).toBe(true);
    expect((error as ThetaConnectionError).code).toBe("outcome_unknown");
    expect((error as ThetaConnectionError).message).toMatch(/check its status before retrying/i);
    const viaText = await rejectionOf(transport.text(`${base}/infer_request/flux`, postJson({ input: {} })));
    expect((viaText as ThetaConnectionError).code).toBe("outcome_unknown");
    expect(s.requests).toHaveLength(2);
    expect(delays).toEqual([]);
  });
});

describe("ports fetch refuses outright", () => {
  it("says a GET to a blocked port was never sent, and why, without retrying", async () => {
    const delays: number[] = [];
    const transport = createTransport({
      family: "ondemand",
      baseUrl: "http://127.0.0.1:6000/",
      operations: {},
      http: { timeoutMs: 5000, maxRetries: 2, retryBackoffMs: 100, dryRun: false },
      allowInsecureLoopback: true,
      sleep: async (ms) => {
        delays.push(ms);
      },
    });
    const error = await rejectionOf(transport("http://127.0.0.1:6000/"));
    expect(ThetaConnectionError.isInstance(error)).toBe(true);
    const connection = error as ThetaConnectionError;
    expect(connection.outcome).toBe("not_sent");
    expect(connection.code).toBe("connection_error");
    expect(connection.message).toMatch(/never sent/i);
    expect(connection.message).toContain("6000");
    expect(connection.message).toMatch(/another port/i);
    expect(connection.message).not.toMatch(/check its status/i);
    expect(delays).toEqual([]);
  });

  it("only asks to check the status of a call that may have changed something", async () => {
    const s = await server((_req, res) => {
      res.socket?.destroy();
    });
    const { transport, base } = makeTransport(s);
    const read = await rejectionOf(transport(`${base}/service/list`));
    expect((read as ThetaConnectionError).outcome).toBe("unknown");
    expect((read as ThetaConnectionError).message).not.toMatch(/check its status/i);
    const silent = await server(() => {
      // never answers
    });
    const slow = makeTransport(silent, {}, { timeoutMs: 1000, maxRetries: 0 });
    const timedOut = await rejectionOf(slow.transport(`${slow.base}/service/list`));
    expect(ThetaTimeoutError.isInstance(timedOut)).toBe(true);
    expect((timedOut as ThetaTimeoutError).message).not.toMatch(/check its status/i);
  });
});
