/**
 * Server-sent events: recognizing an event-stream response, and parsing its body into a
 * ThetaStream of messages (buffer cap, first-chunk and idle timeouts, `[DONE]`, cancellation).
 */
import { createParser } from "eventsource-parser";
import { ThetaAbortError, ThetaError, ThetaStreamError, ThetaTimeoutError } from "./errors.js";
import { ThetaStream } from "./theta-stream.js";
import { Utf8ChunkDecoder } from "./utf8-chunk-decoder.js";

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
 * What the transport attaches to the responses it returns (see body-guard.ts): their own body, read
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
