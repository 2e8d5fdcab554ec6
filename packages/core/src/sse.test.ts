import { type LoopbackServer, startLoopbackServer } from "@theta/loopback-server";
import { afterEach, describe, expect, it } from "vitest";
import { ThetaAbortError, ThetaStreamError, ThetaTimeoutError } from "./errors.js";
import { isEventStream, looksLikeSse, type SseMessage, sseStream } from "./sse.js";
import { rejectionOf } from "./testing/fixtures.js";
import { ThetaStream } from "./theta-stream.js";

const encoder = new TextEncoder();

/** A body that yields the given chunks, and records whether it was cancelled. */
function body(chunks: Array<string | Uint8Array>): {
  stream: ReadableStream<Uint8Array>;
  state: { cancelled: boolean; pulled: number };
} {
  const state = { cancelled: false, pulled: 0 };
  let index = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      state.pulled += 1;
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

/** A body that never sends anything (until cancelled). */
function silentBody(): { stream: ReadableStream<Uint8Array>; state: { cancelled: boolean } } {
  const state = { cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull: () => new Promise<void>(() => {}),
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of stream) out.push(item);
  return out;
}

describe("sseStream parsing", () => {
  it("parses data, event and id fields, skips comments and stops at [DONE]", async () => {
    const { stream, state } = body([
      ": keep-alive\n\n",
      'data: {"a":1}\n\n',
      "event: usage\nid: 7\ndata: line1\ndata: line2\n\n",
      "data: [DONE]\n\n",
      "data: after-done\n\n",
    ]);
    const messages = await collect(sseStream(stream));
    expect(messages).toEqual([{ data: '{"a":1}' }, { event: "usage", id: "7", data: "line1\nline2" }]);
    expect(state.cancelled).toBe(true);
  });

  it("accepts CRLF and CR line endings", async () => {
    const crlf = await collect(sseStream(body(["data: one\r\n\r\nevent: x\r\ndata: two\r\n\r\n"]).stream));
    const cr = await collect(sseStream(body(["data: one\r\rdata: two\r\r"]).stream));
    expect(crlf).toEqual([{ data: "one" }, { event: "x", data: "two" }]);
    expect(cr).toEqual([{ data: "one" }, { data: "two" }]);
  });

  it("decodes multi-byte UTF-8 split at every byte boundary (with LF, CRLF and CR)", async () => {
    for (const eol of ["\n", "\r\n", "\r"]) {
      const text = `data: héllo 世界 🙂${eol}${eol}event: e${eol}data: ñ🙂${eol}${eol}data: [DONE]${eol}${eol}`;
      const bytes = encoder.encode(text);
      const expected = [{ data: "héllo 世界 🙂" }, { event: "e", data: "ñ🙂" }];
      for (let split = 1; split < bytes.length; split++) {
        const parts = [bytes.slice(0, split), bytes.slice(split)];
        expect(await collect(sseStream(body(parts).stream, { requireDone: true }))).toEqual(expected);
      }
      // and one byte per chunk
      const single = Array.from(bytes, (b) => new Uint8Array([b]));
      expect(await collect(sseStream(body(single).stream, { requireDone: true }))).toEqual(expected);
    }
  });

  it("accepts a Response and ends quietly without [DONE] unless requireDone", async () => {
    const response = new Response("data: a\n\n", { headers: { "content-type": "text/event-stream" } });
    expect(await collect(sseStream(response))).toEqual([{ data: "a" }]);
    const error = await rejectionOf(collect(sseStream(body(["data: a\n\n"]).stream, { requireDone: true })));
    expect(ThetaStreamError.isInstance(error)).toBe(true);
    expect((error as ThetaStreamError).code).toBe("stream_incomplete");
  });

  it("treats a null body as an empty stream", async () => {
    expect(await collect(sseStream(null))).toEqual([]);
    expect(
      ((await rejectionOf(collect(sseStream(null, { requireDone: true })))) as ThetaStreamError).code,
    ).toBe("stream_incomplete");
  });

  it("refuses an event larger than maxEventBytes and cancels the body", async () => {
    const big = "x".repeat(200);
    const { stream, state } = body([`data: ${big.slice(0, 100)}`, `${big.slice(100)}\n\n`]);
    const error = await rejectionOf(collect(sseStream(stream, { maxEventBytes: 64 })));
    expect(ThetaStreamError.isInstance(error)).toBe(true);
    expect((error as ThetaStreamError).code).toBe("stream_buffer_exceeded");
    expect(state.cancelled).toBe(true);
    // Multi-line events count their bytes too (3-byte characters).
    const wide = "世".repeat(30); // 90 bytes
    const error2 = await rejectionOf(
      collect(sseStream(body([`data: ${wide}\n\n`]).stream, { maxEventBytes: 64 })),
    );
    expect((error2 as ThetaStreamError).code).toBe("stream_buffer_exceeded");
    // Events under the cap pass.
    expect(await collect(sseStream(body(["data: small\n\n"]).stream, { maxEventBytes: 64 }))).toEqual([
      { data: "small" },
    ]);
  });
});

describe("sseStream timeouts and cancellation", () => {
  it("fires the first-chunk timeout", async () => {
    const { stream, state } = silentBody();
    const error = await rejectionOf(collect(sseStream(stream, { firstChunkTimeoutMs: 50 })));
    expect(ThetaTimeoutError.isInstance(error)).toBe(true);
    expect((error as ThetaTimeoutError).phase).toBe("first_chunk");
    expect(state.cancelled).toBe(true);
  });

  it("fires the idle timeout after the first chunk", async () => {
    let sent = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (!sent) {
          sent = true;
          controller.enqueue(encoder.encode("data: first\n\n"));
          return;
        }
        return new Promise<void>(() => {});
      },
    });
    const seen: SseMessage[] = [];
    const error = await rejectionOf(
      (async () => {
        for await (const m of sseStream(stream, { firstChunkTimeoutMs: 1000, idleTimeoutMs: 50 }))
          seen.push(m);
      })(),
    );
    expect(seen).toEqual([{ data: "first" }]);
    expect((error as ThetaTimeoutError).phase).toBe("idle");
  });

  it("cancels the body when the consumer breaks out of for-await", async () => {
    const { stream, state } = body(["data: 1\n\n", "data: 2\n\n", "data: 3\n\n"]);
    const seen: string[] = [];
    for await (const m of sseStream(stream)) {
      seen.push(m.data);
      break;
    }
    expect(seen).toEqual(["1"]);
    expect(state.cancelled).toBe(true);
  });

  it("abort() and the caller signal end a pending read with ThetaAbortError", async () => {
    const first = silentBody();
    const s = sseStream(first.stream);
    const pending = rejectionOf(collect(s));
    await new Promise((resolve) => setTimeout(resolve, 10));
    s.abort();
    expect(ThetaAbortError.isInstance(await pending)).toBe(true);
    expect(first.state.cancelled).toBe(true);

    const second = silentBody();
    const controller = new AbortController();
    const pending2 = rejectionOf(collect(sseStream(second.stream, { signal: controller.signal })));
    await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    expect(ThetaAbortError.isInstance(await pending2)).toBe(true);
    expect(second.state.cancelled).toBe(true);

    const third = silentBody();
    const early = new AbortController();
    early.abort();
    expect(
      ThetaAbortError.isInstance(
        await rejectionOf(collect(sseStream(third.stream, { signal: early.signal }))),
      ),
    ).toBe(true);
    expect(third.state.cancelled).toBe(true);
  });
});

describe("ThetaStream", () => {
  it("can be consumed only once", async () => {
    const s = sseStream(body(["data: 1\n\n"]).stream);
    expect(await collect(s)).toEqual([{ data: "1" }]);
    const error = await rejectionOf(collect(s));
    expect(ThetaStreamError.isInstance(error)).toBe(true);
    expect((error as ThetaStreamError).message).toMatch(/tee\(\)/);
  });

  it("tee() gives both branches every item, each buffering independently", async () => {
    const { stream } = body(["data: 1\n\n", "data: 2\n\ndata: 3\n\n", "data: [DONE]\n\n"]);
    const [left, right] = sseStream(stream).tee();
    const leftItems = await collect(left); // reads ahead; right must still get everything
    const rightItems = await collect(right);
    expect(leftItems.map((m) => m.data)).toEqual(["1", "2", "3"]);
    expect(rightItems.map((m) => m.data)).toEqual(["1", "2", "3"]);
  });

  it("tee() interleaved reads and cancels the source only when both branches stop", async () => {
    const { stream, state } = body(["data: 1\n\n", "data: 2\n\n", "data: 3\n\n"]);
    const [a, b] = sseStream(stream).tee();
    const ia = a[Symbol.asyncIterator]();
    const ib = b[Symbol.asyncIterator]();
    expect((await ia.next()).value).toEqual({ data: "1" });
    expect((await ib.next()).value).toEqual({ data: "1" });
    await ia.return?.();
    expect(state.cancelled).toBe(false);
    expect((await ib.next()).value).toEqual({ data: "2" });
    await ib.return?.();
    expect(state.cancelled).toBe(true);
  });

  it("map() returns a new single-use ThetaStream", async () => {
    const mapped = sseStream(body(["data: 1\n\ndata: 2\n\n"]).stream).map((m) => Number(m.data) * 10);
    expect(mapped).toBeInstanceOf(ThetaStream);
    expect(await mapped.toArray()).toEqual([10, 20]);
    expect(ThetaStreamError.isInstance(await rejectionOf(mapped.toArray()))).toBe(true);
  });

  it("from() wraps any async iterable", async () => {
    const s = ThetaStream.from(async function* gen() {
      yield 1;
      yield 2;
    });
    const [x, y] = s.tee();
    expect(await x.toArray()).toEqual([1, 2]);
    expect(await y.toArray()).toEqual([1, 2]);
  });
});

describe("sniffing", () => {
  it("looksLikeSse", () => {
    expect(looksLikeSse('data: {"id":1}\n\n')).toBe(true);
    expect(looksLikeSse("\uFEFF  event: x\n")).toBe(true);
    expect(looksLikeSse(": comment\n")).toBe(true);
    expect(looksLikeSse('{"data": 1}')).toBe(false);
    expect(looksLikeSse("")).toBe(false);
  });

  it("isEventStream", () => {
    expect(
      isEventStream(new Response("", { headers: { "content-type": "text/event-stream; charset=utf-8" } })),
    ).toBe(true);
    expect(isEventStream(new Response("", { headers: { "content-type": "application/json" } }))).toBe(false);
    expect(
      isEventStream(new Response("", { headers: { "content-type": "application/json" } }), "data: {}"),
    ).toBe(true);
  });
});

describe("sseStream over real HTTP", () => {
  let server: LoopbackServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("reads a chunked SSE response and cancels the connection on break", async () => {
    let closed = false;
    server = await startLoopbackServer((_req, res, { incoming: req }) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      let n = 0;
      const timer = setInterval(() => {
        n += 1;
        res.write(`data: ${n}\n\n`);
      }, 5);
      req.socket.on("close", () => {
        closed = true;
        clearInterval(timer);
      });
    });
    const response = await fetch(`${server.url}/stream`);
    expect(isEventStream(response)).toBe(true);
    const seen: string[] = [];
    for await (const m of sseStream(response, { firstChunkTimeoutMs: 2000, idleTimeoutMs: 2000 })) {
      seen.push(m.data);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual(["1", "2", "3"]);
    for (let i = 0; i < 200 && !closed; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(closed).toBe(true);
  });
});
