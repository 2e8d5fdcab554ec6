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

const EMPTY_BATCH: readonly never[] = Object.freeze([]);

/**
 * Flattens an iterator of arrays into an iterator of their items. Items of a batch already received
 * are handed out without going back to the source (one settled promise each), which is what keeps
 * per-item overhead low on fast streams.
 */
class FlatIterator<T> implements AsyncIterator<T> {
  readonly #source: AsyncIterator<readonly T[]>;
  #batch: readonly T[] = EMPTY_BATCH;
  #index = 0;
  /** The pull in progress: concurrent `next()` calls wait for it, so items keep their order. */
  #pending: Promise<IteratorResult<T>> | undefined;

  constructor(source: AsyncIterator<readonly T[]>) {
    this.#source = source;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.#index < this.#batch.length) {
      return Promise.resolve({ done: false, value: this.#batch[this.#index++] as T });
    }
    if (this.#pending) {
      const next = (): Promise<IteratorResult<T>> => this.next();
      return this.#pending.then(next, next);
    }
    const pulled = this.#pull();
    this.#pending = pulled;
    const clear = (): void => {
      if (this.#pending === pulled) this.#pending = undefined;
    };
    pulled.then(clear, clear);
    return pulled;
  }

  async #pull(): Promise<IteratorResult<T>> {
    for (;;) {
      const result = await this.#source.next();
      if (result.done) return { done: true, value: undefined };
      const batch = result.value;
      if (batch.length > 0) {
        this.#batch = batch;
        this.#index = 1;
        return { done: false, value: batch[0] as T };
      }
    }
  }

  async return(): Promise<IteratorResult<T>> {
    this.#batch = EMPTY_BATCH;
    this.#index = 0;
    await this.#source.return?.();
    return { done: true, value: undefined };
  }
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

  /**
   * A stream of the items of the arrays `factory` yields, in order (empty arrays are skipped).
   * Producers that parse a whole network chunk at a time yield one array per chunk; consumers still
   * see one item per iteration, without an async hop per item.
   */
  static fromBatches<T>(
    factory: () => AsyncIterable<readonly T[]> | AsyncIterator<readonly T[]>,
    controller: AbortController = new AbortController(),
  ): ThetaStream<T> {
    const make = toIteratorFactory(factory);
    return new ThetaStream<T>(() => new FlatIterator<T>(make()), controller);
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
 * Shared non-streaming UTF-8 decoder. Decoding whole sequences without `stream: true` takes the
 * runtime's fast path (several times faster than streaming decoding); `Utf8ChunkDecoder` cuts the
 * input at sequence boundaries so the result is the same as streaming decoding would give.
 */
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/** How many bytes at the end of `bytes` start a UTF-8 sequence that the next chunk completes (0-3). */
function incompleteTail(bytes: Uint8Array): number {
  const n = bytes.length;
  const stop = n >= 4 ? n - 4 : 0;
  for (let i = n - 1; i >= stop; i--) {
    const byte = bytes[i] as number;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: look further back
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return n - i < length ? n - i : 0;
  }
  // Four continuation bytes in a row are invalid whatever follows: decode them now.
  return 0;
}

/**
 * Incremental UTF-8 decoding of a byte stream: characters split across chunks are kept intact, a
 * leading byte-order mark is dropped, malformed bytes become U+FFFD (as TextDecoder does).
 */
export class Utf8ChunkDecoder {
  #carry: Uint8Array | undefined;
  #atStart = true;

  /** The text of `chunk`, without the bytes of a character it leaves incomplete (kept for later). */
  decode(chunk: Uint8Array): string {
    let bytes = chunk;
    const carry = this.#carry;
    if (carry) {
      bytes = new Uint8Array(carry.length + chunk.length);
      bytes.set(carry);
      bytes.set(chunk, carry.length);
      this.#carry = undefined;
    }
    const tail = incompleteTail(bytes);
    if (tail > 0) {
      this.#carry = bytes.slice(bytes.length - tail);
      bytes = bytes.subarray(0, bytes.length - tail);
    }
    return bytes.length === 0 ? "" : this.#text(utf8.decode(bytes));
  }

  /** The end of the input: the text of whatever is still held (an incomplete character becomes U+FFFD). */
  end(): string {
    const carry = this.#carry;
    this.#carry = undefined;
    return carry ? this.#text(utf8.decode(carry)) : "";
  }

  #text(text: string): string {
    if (this.#atStart && text.length > 0) {
      this.#atStart = false;
      if (text.charCodeAt(0) === 0xfeff) return text.slice(1);
    }
    return text;
  }
}

/** True when an event's data is the end-of-stream marker `[DONE]` (surrounding whitespace ignored). */
function isDoneMarker(data: string): boolean {
  if (data.length < 6) return false;
  const first = data.charCodeAt(0);
  // Data starting with any other visible ASCII character (e.g. `{`) cannot be the marker.
  if (first !== 91 && first > 32 && first < 127) return false;
  return data.trim() === "[DONE]";
}

const now: () => number =
  typeof performance !== "undefined" && typeof performance.now === "function"
    ? () => performance.now()
    : () => Date.now();

/** Timers may fire up to this much before the wall clock says the limit is reached. */
const TIMER_SLACK_MS = 1;

function positiveOrUndefined(value: number | undefined): number | undefined {
  return value !== undefined && value > 0 ? value : undefined;
}

/**
 * After `data: [DONE]` on an HTTP response, how long (and how many more bytes) to read on for the
 * end of the body, which servers send right away, before cancelling it instead. A response read to
 * its end leaves its connection reusable for the next request; a cancelled one costs the connection.
 */
const DONE_END_GRACE_MS = 25;
const DONE_END_MAX_BYTES = 64 * 1024;

/** True when the body behind `reader` ends within `graceMs` and `maxBytes` (what is read is dropped). */
async function endsWithin(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  graceMs: number,
  maxBytes: number,
): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), graceMs);
  });
  try {
    let bytes = 0;
    for (;;) {
      const result = await Promise.race([reader.read(), expired]);
      if (result === undefined) return false;
      if (result.done) return true;
      bytes += result.value.byteLength;
      if (bytes > maxBytes) return false;
    }
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The controller of a parsed stream: `abort()` also calls the parser directly, so no AbortSignal
 * (costly to create) is made unless someone asks for `signal`.
 */
class StreamController extends AbortController {
  onAbort: (() => void) | undefined;
  #aborted = false;

  get aborted(): boolean {
    return this.#aborted;
  }

  override abort(reason?: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    super.abort(reason);
    this.onAbort?.();
  }
}

/**
 * What the transport attaches to the responses it returns (see transport.ts): their own body, read
 * without the transport's extra stream layer, with its error mapping and end-of-attempt hook.
 */
interface TransportBodyGuard {
  proto: object;
  finish: () => void;
  mapError: (error: unknown) => unknown;
  stream?: ReadableStream<Uint8Array>;
}

const TRANSPORT_BODY_GUARD = Symbol.for("theta.transport.bodyGuard");

/** The transport's guard of `response`, when its body can still be read directly. */
function transportGuardOf(response: Response): TransportBodyGuard | undefined {
  const guard = (response as Response & { [TRANSPORT_BODY_GUARD]?: TransportBodyGuard })[
    TRANSPORT_BODY_GUARD
  ];
  if (!guard || typeof guard.finish !== "function" || typeof guard.mapError !== "function") return undefined;
  // The guarded `body` was already handed out and is being read: leave it to its reader.
  if (guard.stream?.locked || response.bodyUsed) return undefined;
  return guard;
}

/**
 * The parsing core shared by `sseStream` and `sseBatches`: a generator yielding, per network chunk,
 * the complete messages it carried (never an empty array).
 */
function openSse(
  body: ReadableStream<Uint8Array> | Response | null,
  options: SseStreamOptions,
): { controller: AbortController; iterate: () => AsyncGenerator<SseMessage[]> } {
  let source: ReadableStream<Uint8Array> | null;
  let guard: TransportBodyGuard | undefined;
  /** An HTTP response (not a bare stream): after [DONE], let it end so its connection is reused. */
  const isResponse = body instanceof Response;
  if (body instanceof Response) {
    guard = transportGuardOf(body);
    source = guard
      ? (Reflect.get(guard.proto, "body", body) as ReadableStream<Uint8Array> | null)
      : body.body;
  } else {
    source = body;
  }
  const controller = new StreamController();
  const maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
  const external = options.signal;
  let started = false;
  let cancelReader: (() => void) | undefined;
  let rejectWait: ((error: ThetaError) => void) | undefined;
  const abortedSignal = (): AbortSignal | undefined =>
    controller.aborted ? controller.signal : external?.aborted ? external : undefined;
  const onAbort = (): void => {
    const signal = abortedSignal();
    if (!signal) return;
    if (!started) {
      source?.cancel(signal.reason).catch(() => undefined);
      guard?.finish();
      return;
    }
    rejectWait?.(streamAbortError(signal));
    cancelReader?.();
  };
  controller.onAbort = onAbort;
  external?.addEventListener("abort", onAbort, { once: true });
  const detach = (): void => {
    controller.onAbort = undefined;
    external?.removeEventListener("abort", onAbort);
    // The transport's attempt ends with the stream (its abort listener is removed).
    guard?.finish();
  };

  async function* iterate(): AsyncGenerator<SseMessage[]> {
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
    const decoder = new Utf8ChunkDecoder();
    /** Messages of the chunk being parsed. */
    let batch: SseMessage[] = [];
    /** `data: [DONE]` was seen: later events are ignored and the transfer stops. */
    let sawDone = false;
    let failure: ThetaError | undefined;
    let reachedEnd = false;
    const parser = createParser({
      maxBufferSize: maxEventBytes,
      onEvent(event) {
        if (failure || sawDone) return;
        if (exceedsUtf8Bytes(event.data, maxEventBytes)) {
          failure = bufferExceeded(maxEventBytes);
          return;
        }
        if (isDoneMarker(event.data)) {
          sawDone = true;
          return;
        }
        const message: SseMessage = { data: event.data };
        if (event.event !== undefined) message.event = event.event;
        if (event.id !== undefined) message.id = event.id;
        batch.push(message);
      },
      onError(error) {
        if (error.type === "max-buffer-size-exceeded" && !sawDone) failure = bufferExceeded(maxEventBytes);
        // Unknown fields and invalid `retry:` values are ignored, as EventSource does.
      },
    });

    // Line endings are normalized to LF here (a CR at the end of a chunk is emitted at once and a
    // following LF is dropped), so CR-only streams dispatch without waiting for the next chunk.
    let dropLeadingLf = false;
    const feed = (text: string): void => {
      let input = text;
      if (dropLeadingLf && input.length > 0) {
        if (input.charCodeAt(0) === 10) input = input.slice(1);
        dropLeadingLf = false;
      }
      if (input.length === 0) return;
      if (input.indexOf("\r") !== -1) {
        dropLeadingLf = input.charCodeAt(input.length - 1) === 13;
        input = input.replace(/\r\n?/g, "\n");
      }
      parser.feed(input);
    };

    // One timer for the whole stream instead of one per chunk: each read only records when it
    // started waiting; the timer, when it fires, re-arms itself for the rest of the current wait.
    let phase: "first_chunk" | "idle" = "first_chunk";
    let limitMs = positiveOrUndefined(options.firstChunkTimeoutMs);
    let waitingSince: number | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onTimer = (): void => {
      timer = undefined;
      if (waitingSince === undefined || limitMs === undefined) return;
      const elapsed = now() - waitingSince;
      if (elapsed + TIMER_SLACK_MS < limitMs) {
        timer = setTimeout(onTimer, limitMs - elapsed);
        return;
      }
      const what = phase === "first_chunk" ? "the first bytes of the stream" : "the next chunk of the stream";
      const option = phase === "first_chunk" ? "firstChunkTimeoutMs" : "idleTimeoutMs";
      rejectWait?.(
        new ThetaTimeoutError({
          timeoutMs: limitMs,
          phase,
          message: `No data arrived within ${limitMs} ms while waiting for ${what}; the stream was cancelled. Retry, or raise ${option}.`,
        }),
      );
    };
    const enterIdlePhase = (): void => {
      phase = "idle";
      limitMs = positiveOrUndefined(options.idleTimeoutMs);
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    };

    const readFailure = (error: unknown): ThetaError => {
      const abortedNow = abortedSignal();
      if (abortedNow) return streamAbortError(abortedNow);
      const mapped = guard ? guard.mapError(error) : error;
      if (ThetaError.isInstance(mapped)) return mapped;
      return new ThetaStreamError({
        code: "stream_error",
        message: "Reading the event stream failed (the connection broke mid-stream). Retry the request.",
        cause: error,
      });
    };

    const read = (): Promise<ReadableStreamReadResult<Uint8Array>> =>
      new Promise<ReadableStreamReadResult<Uint8Array>>((resolve, reject) => {
        const aborted = abortedSignal();
        if (aborted) {
          reject(streamAbortError(aborted));
          return;
        }
        rejectWait = reject;
        if (limitMs !== undefined) {
          waitingSince = now();
          if (timer === undefined) timer = setTimeout(onTimer, limitMs);
        }
        reader.read().then(
          (result) => {
            waitingSince = undefined;
            rejectWait = undefined;
            resolve(result);
          },
          (error: unknown) => {
            waitingSince = undefined;
            rejectWait = undefined;
            reject(readFailure(error));
          },
        );
      });

    try {
      for (;;) {
        const chunk = await read();
        if (chunk.done) break;
        if (phase === "first_chunk" && chunk.value.byteLength > 0) enterIdlePhase();
        feed(decoder.decode(chunk.value));
        if (failure) throw failure;
        if (batch.length > 0) {
          const out = batch;
          batch = [];
          yield out;
        }
        if (sawDone) return;
      }
      reachedEnd = true;
      feed(decoder.end());
      // An event not followed by a blank line before EOF is discarded, as EventSource does.
      if (failure) throw failure;
      if (batch.length > 0) {
        const out = batch;
        batch = [];
        yield out;
      }
      if (sawDone) return;
      if (options.requireDone) {
        throw new ThetaStreamError({
          code: "stream_incomplete",
          message:
            "The stream ended before `data: [DONE]`: the response is incomplete. Retry the request; the server closed the stream early.",
        });
      }
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      if (isResponse && !reachedEnd && sawDone && !failure && !abortedSignal()) {
        // After [DONE] the response normally ends at once: let it, so the connection stays reusable.
        reachedEnd = await endsWithin(reader, DONE_END_GRACE_MS, DONE_END_MAX_BYTES);
      }
      if (!reachedEnd) {
        // More data after [DONE], break, abort, timeout or error: stop the transfer.
        await reader.cancel().catch(() => undefined);
      }
      reader.releaseLock();
      detach();
    }
  }

  return { controller, iterate };
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
  const { controller, iterate } = openSse(body, options);
  return ThetaStream.fromBatches(iterate, controller);
}

/**
 * Like `sseStream`, but each item is the array of messages one network chunk completed (never
 * empty). For consumers that turn messages into something else synchronously, a batch at a time.
 * Same options, timeouts, cancellation and errors as `sseStream`.
 */
export function sseBatches(
  body: ReadableStream<Uint8Array> | Response | null,
  options: SseStreamOptions = {},
): ThetaStream<SseMessage[]> {
  const { controller, iterate } = openSse(body, options);
  return ThetaStream.from(iterate, controller);
}
