import { createParser } from "eventsource-parser";
import { ThetaAbortError, ThetaError, ThetaStreamError, ThetaTimeoutError } from "./errors.js";

/** One server-sent event. `event` and `id` are present only when the server sent them. */
export interface SseMessage {
  event?: string;
  id?: string;
  data: string;
}

export interface SseStreamOptions {
  /** Aborting it cancels the body and makes the iteration throw ThetaAbortError. */
  signal?: AbortSignal;
  /** Maximum wait for the first bytes of the body (ThetaTimeoutError phase `first_chunk`). */
  firstChunkTimeoutMs?: number;
  /** Maximum silence between two chunks (ThetaTimeoutError phase `idle`). Comments count as traffic. */
  idleTimeoutMs?: number;
  /** Largest accepted event (default 1 MiB); larger → ThetaStreamError `stream_buffer_exceeded`. */
  maxEventBytes?: number;
  /** When true, a body that ends without `data: [DONE]` is ThetaStreamError `stream_incomplete`. */
  requireDone?: boolean;
}

export const DEFAULT_MAX_EVENT_BYTES = 1024 * 1024;

type IteratorFactory<T> = () => AsyncIterator<T>;

function toIteratorFactory<T>(factory: () => AsyncIterable<T> | AsyncIterator<T>): IteratorFactory<T> {
  return () => {
    const made = factory();
    if (typeof (made as AsyncIterable<T>)[Symbol.asyncIterator] === "function") {
      return (made as AsyncIterable<T>)[Symbol.asyncIterator]();
    }
    return made as AsyncIterator<T>;
  };
}

/**
 * A single-consumption async iterable over a response stream.
 * - Iterate it once (`for await`); a second iteration throws ThetaStreamError. Use `tee()` to read it twice.
 * - Leaving a `for await` loop early (`break`, `return`, a throw) cancels the underlying body.
 * - `abort()` cancels it from outside; the pending iteration throws ThetaAbortError.
 */
export class ThetaStream<T> implements AsyncIterable<T> {
  readonly controller: AbortController;
  readonly #factory: IteratorFactory<T>;
  #consumed = false;

  constructor(
    factory: () => AsyncIterable<T> | AsyncIterator<T>,
    controller: AbortController = new AbortController(),
  ) {
    this.#factory = toIteratorFactory(factory);
    this.controller = controller;
  }

  /** Wraps an async iterable (factory) into a ThetaStream sharing `controller`. */
  static from<T>(
    factory: () => AsyncIterable<T> | AsyncIterator<T>,
    controller: AbortController = new AbortController(),
  ): ThetaStream<T> {
    return new ThetaStream<T>(factory, controller);
  }

  /** True once iteration (or `tee()`/`map()`) has started. */
  get consumed(): boolean {
    return this.#consumed;
  }

  #take(): AsyncIterator<T> {
    if (this.#consumed) {
      throw new ThetaStreamError({
        code: "stream_error",
        message:
          "This stream was already consumed: a ThetaStream can be iterated only once. Call tee() before reading it to get two independent copies.",
      });
    }
    this.#consumed = true;
    return this.#factory();
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this.#take();
  }

  /** Cancels the underlying body; a pending or later read throws ThetaAbortError. */
  abort(reason?: unknown): void {
    this.controller.abort(reason);
  }

  /**
   * Splits the stream into two independent streams; each receives every item (each branch buffers
   * what the other has read ahead). The source is cancelled only once both branches have stopped.
   */
  tee(): [ThetaStream<T>, ThetaStream<T>] {
    const source = this.#take();
    const queues: [Array<Promise<IteratorResult<T>>>, Array<Promise<IteratorResult<T>>>] = [[], []];
    const open = [true, true];
    let sourceFinished = false;
    const makeBranch = (index: 0 | 1): AsyncIterator<T> => {
      const mine = queues[index];
      return {
        next: () => {
          if (!open[index]) return Promise.resolve({ done: true, value: undefined });
          if (mine.length === 0) {
            const result = source.next();
            result.then(
              (r) => {
                if (r.done) sourceFinished = true;
              },
              () => {
                sourceFinished = true;
              },
            );
            for (const [i, queue] of queues.entries()) {
              if (open[i]) queue.push(result);
            }
          }
          return mine.shift() as Promise<IteratorResult<T>>;
        },
        return: async () => {
          open[index] = false;
          mine.length = 0;
          if (!open[0] && !open[1] && !sourceFinished) {
            sourceFinished = true;
            await source.return?.();
          }
          return { done: true, value: undefined };
        },
      };
    };
    return [
      new ThetaStream<T>(() => makeBranch(0), this.controller),
      new ThetaStream<T>(() => makeBranch(1), this.controller),
    ];
  }

  /** A new stream whose items are `fn(item)`; consuming it consumes this one. */
  map<U>(fn: (item: T) => U | Promise<U>): ThetaStream<U> {
    const source = this;
    return new ThetaStream<U>(async function* mapped() {
      for await (const item of source) {
        yield await fn(item);
      }
    }, this.controller);
  }

  /** Reads the whole stream into an array. */
  async toArray(): Promise<T[]> {
    const items: T[] = [];
    for await (const item of this) items.push(item);
    return items;
  }
}

/** True when `text` starts like an SSE body (`data:`, `event:`, `id:`, `retry:` or a `:` comment line). */
export function looksLikeSse(text: string): boolean {
  const start = text.replace(/^\uFEFF/, "").trimStart();
  return /^(data|event|id|retry):/.test(start) || /^:[^\r\n]*(\r\n|\r|\n)/.test(start);
}

/**
 * True when the response is an event stream: its content-type is `text/event-stream`, or (when the
 * caller already peeked at the start of the body and passes it as `bodyPrefix`) the body looks like SSE.
 */
export function isEventStream(response: { headers: Headers }, bodyPrefix?: string): boolean {
  const type = response.headers.get("content-type") ?? "";
  if (/^\s*text\/event-stream\b/i.test(type)) return true;
  return bodyPrefix !== undefined && looksLikeSse(bodyPrefix);
}

const encoder = new TextEncoder();

function exceedsUtf8Bytes(text: string, limit: number): boolean {
  // A UTF-16 code unit encodes to 1-3 bytes: decide cheaply when possible.
  if (text.length > limit) return true;
  if (text.length * 3 <= limit) return false;
  return encoder.encode(text).byteLength > limit;
}

function bufferExceeded(limit: number): ThetaStreamError {
  return new ThetaStreamError({
    code: "stream_buffer_exceeded",
    message: `A server-sent event exceeded maxEventBytes (${limit} bytes); the stream was cancelled. Raise maxEventBytes if such large events are expected.`,
  });
}

function streamAbortError(signal: AbortSignal): ThetaError {
  const reason: unknown = signal.reason;
  if (ThetaError.isInstance(reason)) return reason;
  return new ThetaAbortError({
    message: "The stream was aborted by the caller; the response body was cancelled.",
    cause: reason,
  });
}

/**
 * Parses an SSE body into a ThetaStream of messages. Stops at `data: [DONE]`.
 * UTF-8 is decoded incrementally (multi-byte characters split across chunks are kept intact);
 * LF, CRLF and CR line endings are accepted; comments are skipped.
 */
export function sseStream(
  body: ReadableStream<Uint8Array> | Response | null,
  options: SseStreamOptions = {},
): ThetaStream<SseMessage> {
  const source = body instanceof Response ? body.body : body;
  const controller = new AbortController();
  const maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
  const external = options.signal;
  let started = false;
  let cancelReader: (() => void) | undefined;
  let rejectWait: ((error: ThetaError) => void) | undefined;
  const abortedSignal = (): AbortSignal | undefined =>
    controller.signal.aborted ? controller.signal : external?.aborted ? external : undefined;
  const onAbort = (): void => {
    const signal = abortedSignal();
    if (!signal) return;
    if (!started) {
      source?.cancel(signal.reason).catch(() => undefined);
      return;
    }
    rejectWait?.(streamAbortError(signal));
    cancelReader?.();
  };
  controller.signal.addEventListener("abort", onAbort, { once: true });
  external?.addEventListener("abort", onAbort, { once: true });
  const detach = (): void => {
    controller.signal.removeEventListener("abort", onAbort);
    external?.removeEventListener("abort", onAbort);
  };

  async function* iterate(): AsyncGenerator<SseMessage> {
    const abortedAtStart = abortedSignal();
    if (abortedAtStart) {
      detach();
      await source?.cancel(abortedAtStart.reason).catch(() => undefined);
      throw streamAbortError(abortedAtStart);
    }
    started = true;
    if (!source) {
      detach();
      if (options.requireDone) {
        throw new ThetaStreamError({
          code: "stream_incomplete",
          message:
            "The response had no body, so the stream ended before `data: [DONE]`. Retry the request; the server closed the stream early.",
        });
      }
      return;
    }
    const reader = source.getReader();
    cancelReader = () => {
      reader.cancel().catch(() => undefined);
    };
    const decoder = new TextDecoder("utf-8");
    const pending: SseMessage[] = [];
    let failure: ThetaError | undefined;
    let reachedEnd = false;
    const parser = createParser({
      maxBufferSize: maxEventBytes,
      onEvent(event) {
        if (failure) return;
        if (exceedsUtf8Bytes(event.data, maxEventBytes)) {
          failure = bufferExceeded(maxEventBytes);
          return;
        }
        const message: SseMessage = { data: event.data };
        if (event.event !== undefined) message.event = event.event;
        if (event.id !== undefined) message.id = event.id;
        pending.push(message);
      },
      onError(error) {
        if (error.type === "max-buffer-size-exceeded") failure = bufferExceeded(maxEventBytes);
        // Unknown fields and invalid `retry:` values are ignored, as EventSource does.
      },
    });

    // Line endings are normalized to LF here (a CR at the end of a chunk is emitted at once and a
    // following LF is dropped), so CR-only streams dispatch without waiting for the next chunk.
    let dropLeadingLf = false;
    const feed = (text: string): void => {
      let input = text;
      if (dropLeadingLf && input.length > 0) {
        if (input.startsWith("\n")) input = input.slice(1);
        dropLeadingLf = false;
      }
      if (input.length === 0) return;
      dropLeadingLf = input.endsWith("\r");
      parser.feed(input.replace(/\r\n?/g, "\n"));
    };

    let timer: ReturnType<typeof setTimeout> | undefined;

    const read = (timeoutMs: number | undefined, phase: "first_chunk" | "idle") =>
      new Promise<ReadableStreamReadResult<Uint8Array>>((resolve, reject) => {
        const aborted = abortedSignal();
        if (aborted) {
          reject(streamAbortError(aborted));
          return;
        }
        rejectWait = reject;
        if (timeoutMs !== undefined && timeoutMs > 0) {
          timer = setTimeout(() => {
            const what =
              phase === "first_chunk" ? "the first bytes of the stream" : "the next chunk of the stream";
            const option = phase === "first_chunk" ? "firstChunkTimeoutMs" : "idleTimeoutMs";
            reject(
              new ThetaTimeoutError({
                timeoutMs,
                phase,
                message: `No data arrived within ${timeoutMs} ms while waiting for ${what}; the stream was cancelled. Retry, or raise ${option}.`,
              }),
            );
          }, timeoutMs);
        }
        reader.read().then(resolve, (error: unknown) => {
          const abortedNow = abortedSignal();
          if (abortedNow) reject(streamAbortError(abortedNow));
          else if (ThetaError.isInstance(error)) reject(error);
          else
            reject(
              new ThetaStreamError({
                code: "stream_error",
                message:
                  "Reading the event stream failed (the connection broke mid-stream). Retry the request.",
                cause: error,
              }),
            );
        });
      }).finally(() => {
        if (timer !== undefined) clearTimeout(timer);
        timer = undefined;
        rejectWait = undefined;
      });

    try {
      let first = true;
      for (;;) {
        const chunk = await read(
          first ? options.firstChunkTimeoutMs : options.idleTimeoutMs,
          first ? "first_chunk" : "idle",
        );
        if (chunk.done) break;
        if (chunk.value.byteLength > 0) first = false;
        feed(decoder.decode(chunk.value, { stream: true }));
        if (failure) throw failure;
        while (pending.length > 0) {
          const message = pending.shift() as SseMessage;
          if (message.data.trim() === "[DONE]") return;
          yield message;
        }
      }
      reachedEnd = true;
      feed(decoder.decode());
      // An event not followed by a blank line before EOF is discarded, as EventSource does.
      if (failure) throw failure;
      while (pending.length > 0) {
        const message = pending.shift() as SseMessage;
        if (message.data.trim() === "[DONE]") return;
        yield message;
      }
      if (options.requireDone) {
        throw new ThetaStreamError({
          code: "stream_incomplete",
          message:
            "The stream ended before `data: [DONE]`: the response is incomplete. Retry the request; the server closed the stream early.",
        });
      }
    } finally {
      detach();
      if (timer !== undefined) clearTimeout(timer);
      if (!reachedEnd) {
        // [DONE], break, abort, timeout or error: stop the transfer.
        await reader.cancel().catch(() => undefined);
      }
      reader.releaseLock();
    }
  }

  return ThetaStream.from(() => iterate(), controller);
}
