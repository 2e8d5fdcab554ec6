/**
 * The cheaper code paths behind streaming and small requests: batched SSE parsing, incremental UTF-8
 * decoding without `stream: true`, one idle timer per stream, letting a response end after [DONE],
 * the in-place body guard, `transport.text()`, the shared deadline timer and synchronous bodies.
 * Everything here asserts behaviour (never timing).
 */
import type { Socket } from "node:net";
import { answerJson, type LoopbackServer, startLoopbackServer } from "@theta/loopback-server";
import createClient from "openapi-fetch";
import { afterEach, describe, expect, it } from "vitest";
import { createFamilyClient } from "./client.js";
import { ThetaConnectionError, ThetaTimeoutError, ThetaValidationError } from "./errors.js";
import type { FamilySpec } from "./index.js";
import { createConsoleLogger } from "./logger.js";
import { matchOperation } from "./operation-match.js";
import { type SseMessage, sseBatches, sseStream } from "./sse.js";
import { makeTransport, OPERATIONS, rejectionOf, TOKEN } from "./testing/fixtures.js";
import { ThetaStream } from "./theta-stream.js";
import { Utf8ChunkDecoder } from "./utf8-chunk-decoder.js";

const encoder = new TextEncoder();

interface NotePaths {
  "/notes": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    post: {
      parameters: { query?: never; header?: never; path?: never; cookie?: never };
      requestBody: { content: { "application/json": { n: number; text?: string } } };
      responses: {
        200: {
          headers: { [name: string]: unknown };
          content: { "application/json": { echo: string; auth?: string } };
        };
      };
    };
  };
}

const servers: LoopbackServer[] = [];
async function server(handler: Parameters<typeof startLoopbackServer>[0]): Promise<LoopbackServer> {
  const s = await startLoopbackServer(handler);
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A deterministic pseudo-random generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A body yielding `chunks`, recording whether it was cancelled. */
function body(chunks: Array<string | Uint8Array>): {
  stream: ReadableStream<Uint8Array>;
  state: { cancelled: boolean };
} {
  const state = { cancelled: false };
  let index = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks[index++];
      if (next === undefined) controller.close();
      else controller.enqueue(typeof next === "string" ? encoder.encode(next) : next);
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

describe("Utf8ChunkDecoder", () => {
  it("gives the same text as a streaming TextDecoder, whatever the bytes and the splits", () => {
    const next = random(7);
    const pieces = [
      "a",
      "é",
      "世",
      "🙂",
      "\uFEFF",
      "\r\n",
      // malformed input: stray continuation bytes, truncated sequences, invalid lead bytes
      new Uint8Array([0x80]),
      new Uint8Array([0xe2, 0x82]),
      new Uint8Array([0xf0, 0x9f, 0x99]),
      new Uint8Array([0xc0]),
      new Uint8Array([0xff]),
      new Uint8Array([0xed, 0xa0, 0x80]),
    ];
    for (let round = 0; round < 400; round++) {
      const parts: Uint8Array[] = [];
      const length = 1 + Math.floor(next() * 24);
      for (let i = 0; i < length; i++) {
        const piece = pieces[Math.floor(next() * pieces.length)] as string | Uint8Array;
        parts.push(typeof piece === "string" ? encoder.encode(piece) : piece);
      }
      const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let offset = 0;
      for (const part of parts) {
        bytes.set(part, offset);
        offset += part.length;
      }
      const expected = new TextDecoder().decode(bytes);
      // split at random points into 1..6 chunks
      const cuts = new Set<number>();
      const count = Math.floor(next() * 6);
      for (let i = 0; i < count; i++) cuts.add(Math.floor(next() * (bytes.length + 1)));
      const sorted = [0, ...[...cuts].sort((a, b) => a - b), bytes.length];
      const decoder = new Utf8ChunkDecoder();
      let text = "";
      for (let i = 1; i < sorted.length; i++) {
        text += decoder.decode(bytes.subarray(sorted[i - 1], sorted[i]));
      }
      text += decoder.end();
      expect(text).toBe(expected);
    }
  });

  it("drops a byte-order mark only at the very start, even when split", () => {
    const decoder = new Utf8ChunkDecoder();
    const bom = encoder.encode("\uFEFFx\uFEFF");
    expect(decoder.decode(bom.subarray(0, 1)) + decoder.decode(bom.subarray(1)) + decoder.end()).toBe(
      "x\uFEFF",
    );
    const second = new Utf8ChunkDecoder();
    expect(second.decode(encoder.encode("a")) + second.decode(encoder.encode("\uFEFFb"))).toBe("a\uFEFFb");
  });
});

describe("ThetaStream.fromBatches", () => {
  it("hands out the items of each batch in order and skips empty batches", async () => {
    const stream = ThetaStream.fromBatches(async function* () {
      yield [1, 2];
      yield [];
      yield [3];
    });
    expect(await stream.toArray()).toEqual([1, 2, 3]);
    await expect(stream.toArray()).rejects.toMatchObject({ code: "stream_error" });
  });

  it("keeps the order when next() is called again before the previous call settled", async () => {
    const iterator = ThetaStream.fromBatches(async function* () {
      await pause(5);
      yield ["a", "b"];
      await pause(5);
      yield ["c"];
    })[Symbol.asyncIterator]();
    const results = await Promise.all([iterator.next(), iterator.next(), iterator.next(), iterator.next()]);
    expect(results).toEqual([
      { done: false, value: "a" },
      { done: false, value: "b" },
      { done: false, value: "c" },
      { done: true, value: undefined },
    ]);
  });

  it("closes the source when the consumer breaks out", async () => {
    let closed = false;
    const stream = ThetaStream.fromBatches(async function* () {
      try {
        yield [1, 2, 3];
        yield [4];
      } finally {
        closed = true;
      }
    });
    for await (const item of stream) {
      if (item === 2) break;
    }
    expect(closed).toBe(true);
  });
});

describe("sseBatches", () => {
  it("yields the messages of each chunk together and stops at [DONE]", async () => {
    const { stream } = body(["data: 1\n\ndata: 2\n\nda", "ta: 3\n\n", ": comment\n\n", "data: [DONE]\n\n"]);
    const batches = await sseBatches(stream).toArray();
    expect(batches).toEqual([[{ data: "1" }, { data: "2" }], [{ data: "3" }]]);
  });
});

describe("sse timeouts with one timer per stream", () => {
  it("does not fire the idle timeout while chunks keep coming, over longer than the timeout", async () => {
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (sent === 12) {
          controller.close();
          return;
        }
        await pause(50);
        sent += 1;
        controller.enqueue(encoder.encode(`data: ${sent}\n\n`));
      },
    });
    // 12 chunks 50 ms apart: 600 ms in all, more than the 400 ms idle timeout.
    const messages = await sseStream(stream, { firstChunkTimeoutMs: 400, idleTimeoutMs: 400 }).toArray();
    expect(messages.map((m) => m.data)).toEqual([
      "1",
      "2",
      "3",
      "4",
      "5",
      "6",
      "7",
      "8",
      "9",
      "10",
      "11",
      "12",
    ]);
  });

  it("switches from the first-chunk limit to the idle limit after the first bytes", async () => {
    let first = true;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (first) {
          first = false;
          controller.enqueue(encoder.encode("data: only\n\n"));
          return;
        }
        return new Promise<void>(() => {});
      },
    });
    const seen: SseMessage[] = [];
    // Were the 10 s first-chunk limit still in force, this test would hit its own 5 s timeout.
    const error = await rejectionOf(
      (async () => {
        for await (const m of sseStream(stream, { firstChunkTimeoutMs: 10_000, idleTimeoutMs: 100 })) {
          seen.push(m);
        }
      })(),
    );
    expect(seen).toEqual([{ data: "only" }]);
    expect(ThetaTimeoutError.isInstance(error)).toBe(true);
    expect((error as ThetaTimeoutError).phase).toBe("idle");
    expect((error as ThetaTimeoutError).timeoutMs).toBe(100);
  }, 5_000);

  it("does not count the consumer's own time as silence", async () => {
    const { stream } = body(["data: 1\n\n", "data: 2\n\n", "data: 3\n\n"]);
    const seen: string[] = [];
    for await (const m of sseStream(stream, { idleTimeoutMs: 100 })) {
      seen.push(m.data);
      await pause(250); // longer than the idle timeout, but the data is already there
    }
    expect(seen).toEqual(["1", "2", "3"]);
  });
});

describe("[DONE] on an HTTP response", () => {
  it("reads the response to its end, so the next request reuses the connection", async () => {
    const sockets: Socket[] = [];
    const s = await server((_req, res, { incoming: req }) => {
      sockets.push(req.socket);
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write("data: a\n\ndata: [DONE]\n\n");
      // The end of the body comes a moment after [DONE], in a packet of its own.
      setTimeout(() => res.end(), 5);
    });
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${s.url}/stream`);
      expect((await sseStream(response).toArray()).map((m) => m.data)).toEqual(["a"]);
      // Let the client put the connection back in its pool (as it does after any body read to its end).
      await pause(20);
      expect(sockets[i]?.destroyed).toBe(false);
    }
    expect(sockets).toHaveLength(2);
    expect(sockets[1]).toBe(sockets[0]);
  });

  it("cancels a response that goes on after [DONE] without ending", async () => {
    let closed = false;
    const s = await server((_req, res, { incoming: req }) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write("data: a\n\ndata: [DONE]\n\n");
      req.socket.on("close", () => {
        closed = true;
      });
      // never ends
    });
    const response = await fetch(`${s.url}/stream`);
    expect((await sseStream(response).toArray()).map((m) => m.data)).toEqual(["a"]);
    for (let i = 0; i < 200 && !closed; i++) await pause(5);
    expect(closed).toBe(true);
  });
});

describe("the transport's in-place body guard", () => {
  it("leaves usage errors and malformed JSON alone (they are not connection failures)", async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{not json");
    });
    const { transport, base } = makeTransport(s);
    const response = await transport(`${base}/service/list`);
    const parseError = await rejectionOf(response.json());
    expect(parseError).toBeInstanceOf(SyntaxError);
    const reuse = await rejectionOf(response.text());
    expect(reuse).toBeInstanceOf(TypeError);
    expect(ThetaConnectionError.isInstance(reuse)).toBe(false);
    expect(response.bodyUsed).toBe(true);
    expect(response).toBeInstanceOf(Response);
  });

  it("hands out body, clone() and the reading methods like a plain response", async () => {
    const s = await server((_req, res) => answerJson(res, 200, { hello: "wörld" }));
    const { transport, base } = makeTransport(s);
    const response = await transport(`${base}/service/list`);
    expect(response.headers.get("content-type")).toBe("application/json");
    const copy = response.clone();
    expect(response.body).toBeInstanceOf(ReadableStream);
    // Taking `body` without reading it does not use the body up.
    expect(await response.json()).toEqual({ hello: "wörld" });
    expect(await new Response(copy.body).text()).toBe('{"hello":"wörld"}');
  });

  it("turns a connection lost mid-body into a typed error, through json() and through body", async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      res.write('{"partial":');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const { transport, base } = makeTransport(s);
    const viaJson = await rejectionOf((await transport(`${base}/service/list`)).json());
    expect(ThetaConnectionError.isInstance(viaJson)).toBe(true);
    expect((viaJson as ThetaConnectionError).outcome).toBe("unknown");
    const response = await transport(`${base}/service/list`);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const viaBody = await rejectionOf(
      (async () => {
        for (;;) if ((await reader.read()).done) return;
      })(),
    );
    expect(ThetaConnectionError.isInstance(viaBody)).toBe(true);
  });

  it("reads an SSE response given to sseStream directly, with the same error mapping", async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write("data: 1\n\n");
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const { transport, base } = makeTransport(s);
    const response = await transport(`${base}/service/list`);
    const seen: string[] = [];
    const error = await rejectionOf(
      (async () => {
        for await (const m of sseStream(response)) seen.push(m.data);
      })(),
    );
    expect(seen).toEqual(["1"]);
    expect((error as { code?: string }).code).toBe("stream_error");
  });
});

describe("transport.text()", () => {
  it("returns the response and its text, read within the attempt", async () => {
    const s = await server((_req, res) => answerJson(res, 200, { services: [] }));
    const { transport, base } = makeTransport(s);
    const { response, text } = await transport.text(`${base}/service/list`);
    expect(response.status).toBe(200);
    expect(response.bodyUsed).toBe(true);
    expect(JSON.parse(text)).toEqual({ services: [] });
  });

  it("times out a body that stalls, and maps a broken body like the guard does", async () => {
    const s = await server((req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write("[");
      if (req.path.includes("broken")) setTimeout(() => res.socket?.destroy(), 20);
    });
    const { transport, base } = makeTransport(s, {}, { timeoutMs: 200, maxRetries: 0 });
    const stalled = await rejectionOf(transport.text(`${base}/service/list`));
    expect(ThetaTimeoutError.isInstance(stalled)).toBe(true);
    expect((stalled as ThetaTimeoutError).phase).toBe("attempt");
    const broken = await rejectionOf(
      makeTransport(s, {}, { timeoutMs: 5000, maxRetries: 0 }).transport.text(`${base}/broken`),
    );
    expect(ThetaConnectionError.isInstance(broken)).toBe(true);
  });
});

describe("remembered routes (each URL string parsed and checked once)", () => {
  it("refuses a refused URL on every call, never remembering it as allowed", async () => {
    const s = await server((_req, res) => answerJson(res, 200, {}));
    const { transport } = makeTransport(s);
    const withCredentials = `http://user:pw1234@127.0.0.1:${s.port}/ondemand/service/list`;
    const elsewhere = "http://ondemand.example.invalid/service/list";
    for (let i = 0; i < 3; i++) {
      const refused = await rejectionOf(transport.text(withCredentials));
      expect((refused as ThetaValidationError).field).toBe("url");
      const plain = await rejectionOf(transport(elsewhere));
      expect((plain as ThetaValidationError).code).toBe("host_refused");
    }
    expect(s.requests).toHaveLength(0);
  });

  it("keeps policy and authentication per URL after many distinct URLs", async () => {
    const s = await server((_req, res) => answerJson(res, 200, { ok: true }));
    const { transport, base } = makeTransport(s, {}, { maxRetries: 0 });
    // More distinct URLs than the cache holds: the first ones are parsed again after it is cleared.
    for (let i = 0; i < 300; i++) await transport.text(`${base}/service/list?n=${i}`);
    await transport.text(`${base}/service/list?n=0`);
    // The same origin, outside the base path: never authenticated, even once remembered.
    await transport.text(`${s.url}/storage/upload?n=1`);
    await transport.text(`${s.url}/storage/upload?n=1`);
    expect(s.requests).toHaveLength(303);
    expect(s.requests.slice(0, 301).every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(s.requests.slice(301).map((r) => r.headers.authorization)).toEqual([undefined, undefined]);
    expect(s.requests.at(-3)?.path).toBe("/ondemand/service/list?n=0");
  });
});

describe("attempt deadlines (one timer for all attempts)", () => {
  it("fires a short deadline on time while a longer one is pending", async () => {
    const s = await server(() => {
      // never answers
    });
    const { transport, base } = makeTransport(s, {}, { maxRetries: 0 });
    const slow = rejectionOf(
      transport(`${base}/service/list`, { headers: { "x-theta-timeout-ms": "10000" } }),
    );
    await pause(20);
    const fast = await rejectionOf(
      transport(`${base}/service/list`, { headers: { "x-theta-timeout-ms": "150" } }),
    );
    expect(ThetaTimeoutError.isInstance(fast)).toBe(true);
    expect((fast as ThetaTimeoutError).timeoutMs).toBe(150);
    await s.close();
    servers.splice(servers.indexOf(s), 1);
    expect(ThetaTimeoutError.isInstance(await slow)).toBe(false);
  }, 5_000);
});

describe("request bodies read without a stream", () => {
  it("sends strings, URLSearchParams, ArrayBuffers and views exactly, with a Request's content-type", async () => {
    const seen: Array<{ body: string; type: string | undefined }> = [];
    const s = await server((req, res) => {
      seen.push({ body: req.body, type: req.headers["content-type"] });
      answerJson(res, 200, {});
    });
    const { transport, base } = makeTransport(s);
    const url = `${base}/notes`;
    const backing = encoder.encode("xxhello worldxx");
    await transport(url, { method: "POST", body: "plain text é" });
    await transport(url, { method: "POST", body: new URLSearchParams({ a: "1 2", b: "é" }) });
    await transport(url, { method: "POST", body: backing.subarray(2, 13) });
    await transport(url, { method: "POST", body: encoder.encode("buffer").buffer });
    await transport(url, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    await transport(url, { method: "POST", body: new Blob(["blob"], { type: "text/x-blob" }) });
    expect(seen).toEqual([
      { body: "plain text é", type: "text/plain;charset=UTF-8" },
      { body: "a=1+2&b=%C3%A9", type: "application/x-www-form-urlencoded;charset=UTF-8" },
      { body: "hello world", type: undefined },
      { body: "buffer", type: undefined },
      { body: "{}", type: "application/json" },
      { body: "blob", type: "text/x-blob" },
    ]);
  });

  it("still refuses a Request whose body was already read", async () => {
    const s = await server((_req, res) => answerJson(res, 200, {}));
    const { transport, base } = makeTransport(s);
    const request = new Request(`${base}/notes`, { method: "POST", body: "once" });
    await request.text();
    const error = await rejectionOf(transport(request));
    expect(ThetaValidationError.isInstance(error)).toBe(true);
    expect(s.requests).toHaveLength(0);
  });

  it("sends openapi-fetch's JSON body as is, through the family client's Request class", async () => {
    const s = await server((req, res) =>
      answerJson(res, 200, { echo: req.body, auth: req.headers.authorization }),
    );
    const spec: FamilySpec = {
      family: "ondemand",
      title: "On-demand",
      credentials: [{ key: "apiToken", env: ["X_TEST_TOKEN"], secret: true, description: "token" }],
      packageName: "@theta/ondemand",
      configPrefix: "ondemand",
      auth: { kind: "bearer", credential: "apiToken" },
      servers: [
        { name: "ondemand", title: "On-demand", env: [], defaultUrl: "https://ondemand.thetaedgecloud.com" },
      ],
      baseUrlEnv: [],
      defaultBaseUrl: "https://ondemand.thetaedgecloud.com",
    };
    const family = createFamilyClient<NotePaths>(spec, OPERATIONS, {
      baseUrl: `${s.url}/ondemand`,
      allowInsecureLoopback: true,
      env: {},
      credentials: { apiToken: "tok_abcdef" },
    });
    // A plain openapi-fetch client over the same transport: its Request body is read back from the stream.
    const plain = createClient<NotePaths>({ baseUrl: family.baseUrl, fetch: family.transport });
    for (let i = 0; i < 2; i++) {
      const typed = await family.api.POST("/notes", { body: { n: i, text: "é" } });
      expect(typed.data).toEqual({ echo: JSON.stringify({ n: i, text: "é" }), auth: "Bearer tok_abcdef" });
      const other = await plain.POST("/notes", { body: { n: i } });
      expect(other.data).toEqual({ echo: JSON.stringify({ n: i }), auth: "Bearer tok_abcdef" });
    }
  });
});

describe("operation matching cache and logger levels", () => {
  it("keeps answering correctly past the cache size", () => {
    for (let i = 0; i < 600; i++) {
      expect(matchOperation(OPERATIONS, "GET", `/infer_request/infr_${i}`)?.operationId).toBe(
        "getInferRequest",
      );
      expect(matchOperation(OPERATIONS, "POST", `/infer_request/alias_${i}/predict`)?.operationId).toBe(
        "createPrediction",
      );
    }
    expect(matchOperation(OPERATIONS, "POST", "/infer_request/chat/completions")?.operationId).toBe(
      "chatCompletions",
    );
  });

  it("skips entries below a console logger's level, and still redacts the rest", async () => {
    let attempts = 0;
    const s = await server((_req, res) => {
      attempts += 1;
      if (attempts === 1) answerJson(res, 503, { message: "busy" });
      else answerJson(res, 200, {});
    });
    const lines: string[] = [];
    const { transport, base } = makeTransport(s, {
      logger: createConsoleLogger("warn", (l) => lines.push(l)),
    });
    await transport(`${base}/service/list?token=sekrit-value-123`);
    expect(lines.some((l) => l.includes("theta.http.request"))).toBe(false);
    expect(lines.filter((l) => l.includes("theta.http.retry"))).toHaveLength(1);
    expect(lines.join("\n")).not.toContain("tok_fixture");
  });
});
