/**
 * The guard the transport puts on the body of a successful response it returns: read failures
 * become typed errors (timeout, abort, broken connection), whole-body reads are capped
 * (`maxResponseBytes`) and, for a request that may be re-sent, retried with the next attempt, and
 * the attempt ends (its timer is cleared) when the body does. Installed in place (a prototype swap):
 * a response costs no copy and no extra stream layer.
 */
import { type AttemptContext, abortError } from "./caller-signal.js";
import { ThetaConnectionError, ThetaError, ThetaStreamError, type ThetaTimeoutError } from "./errors.js";
import { readWholeBody, type WholeBodyKind } from "./response-body.js";

/** What an attempt hands to the guard of its successful response. */
export interface GuardContext {
  /** Keep the attempt timeout running until the body is read (JSON); false for streams. */
  keepTimer: boolean;
  stopTimer: () => void;
  finish: () => void;
  timedOut: () => boolean;
  timeoutError: () => ThetaTimeoutError;
  callerSignal: AbortSignal | undefined;
  context: () => AttemptContext;
  eventStream: boolean;
  /** The operation changes state: a failure after sending asks the caller to check its status. */
  mutating: boolean;
  /** Attempts made so far (for messages). */
  attempts: number;
  /** Largest body read whole, counted after decoding. */
  maxResponseBytes: number;
  tooLarge: () => ThetaError;
  /**
   * When a whole-body read failed: the next attempt's response (after the backoff pause) if the
   * request may be re-sent, else undefined (the failure is final).
   */
  retryRead: (error: unknown) => Promise<Response> | undefined;
}

/** The typed error for a failure while reading a successful response's body. */
export function readFailure(error: unknown, ctx: GuardContext): unknown {
  if (ctx.timedOut()) return ctx.timeoutError();
  if (ctx.callerSignal?.aborted) return abortError(ctx.callerSignal, ctx.context());
  if (ThetaError.isInstance(error)) return error;
  const { operationId } = ctx.context();
  if (ctx.eventStream) {
    return new ThetaStreamError({
      code: "stream_error",
      operationId,
      message: `${operationId}: the event stream broke mid-way (the connection was lost). Retry the request.`,
      cause: error,
    });
  }
  return new ThetaConnectionError({
    ...ctx.context(),
    outcome: "unknown",
    message: ctx.mutating
      ? `${operationId}: the connection broke while reading the response. The request reached the server; check its status before retrying.`
      : `${operationId}: the connection broke while reading the response${ctx.attempts > 1 ? ` (all ${ctx.attempts} attempts failed)` : ""}. It only reads, so nothing changed on the server; retry later.`,
    cause: error,
  });
}

/**
 * Returns the response with its body guarded so that read failures surface as typed errors
 * (timeout, abort, broken connection), whole-body reads are capped and retried when the request
 * may be re-sent, and the attempt timer is cleared when the body ends.
 */
export function guardBody(response: Response, ctx: GuardContext): Response {
  if (!ctx.keepTimer) ctx.stopTimer();
  if (!response.body || response.status === 204 || response.status === 205) {
    ctx.finish();
    return response;
  }
  const settings: GuardSettings = {
    finish: ctx.finish,
    mapError: (error: unknown): unknown => readFailure(error, ctx),
    maxResponseBytes: ctx.maxResponseBytes,
    tooLarge: ctx.tooLarge,
    retryRead: ctx.retryRead,
  };
  if (installBodyGuard(response, settings)) return response;
  // A response object that cannot take the guard (e.g. frozen by a custom fetch): a plain copy
  // reading its body takes it instead.
  const copy = copyResponse(response, response.body);
  if (installBodyGuard(copy, settings)) return copy;
  return copyResponse(
    response,
    guardedStream(() => response.body, settings.finish, settings.mapError),
  );
}

/** A response with `original`'s status, headers, url and redirect flag, and `body`. */
function copyResponse(original: Response, body: ReadableStream<Uint8Array> | null): Response {
  const copy = new Response(body, {
    status: original.status,
    statusText: original.statusText,
    headers: original.headers,
  });
  Object.defineProperty(copy, "url", { value: original.url, enumerable: true });
  Object.defineProperty(copy, "redirected", { value: original.redirected, enumerable: true });
  return copy;
}

type BodyReader = (this: Response) => Promise<unknown>;

/** What the guard of a response does with its body. */
interface GuardSettings {
  /** Ends the attempt (its timer and caller-signal link). */
  finish: () => void;
  mapError: (error: unknown) => unknown;
  maxResponseBytes: number;
  tooLarge: () => ThetaError;
  /** See `GuardContext.retryRead`; undefined on a clone (its body is shared with the original's). */
  retryRead: ((error: unknown) => Promise<Response> | undefined) | undefined;
}

/** What a guarded response needs to map read failures and end its attempt. */
interface BodyGuard extends GuardSettings {
  /** The response's original prototype (holds the native body methods). */
  proto: Record<string, unknown>;
  /** The guarded `body`, made on first access. */
  stream?: ReadableStream<Uint8Array>;
}

/** Also read by `sseStream` (sse.ts), which then reads the body without the extra stream layer. */
const GUARD = Symbol.for("theta.transport.bodyGuard");

function guardOf(response: Response): BodyGuard {
  return (response as Response & { [GUARD]: BodyGuard })[GUARD];
}

function rawBodyOf(response: Response, guard: BodyGuard): ReadableStream<Uint8Array> | null {
  return Reflect.get(guard.proto, "body", response) as ReadableStream<Uint8Array> | null;
}

/**
 * Reads the whole body the way the native method `name` would, capped at `maxResponseBytes`: read
 * failures become typed errors (or, for a request that may be re-sent, the same read of the next
 * attempt's response) and the attempt ends when it settles. A body already used or locked is a
 * usage error, passed through unchanged.
 */
function guardedRead(response: Response, name: WholeBodyKind): Promise<unknown> {
  const guard = guardOf(response);
  const method = guard.proto[name] as BodyReader;
  const raw = rawBodyOf(response, guard);
  if (response.bodyUsed || raw?.locked === true) return method.call(response);
  return readWholeBody(
    response,
    name,
    () => method.call(response),
    raw,
    guard.maxResponseBytes,
    guard.tooLarge,
  ).then(
    (value) => {
      guard.finish();
      return value;
    },
    (error: unknown) => {
      guard.finish();
      const next = guard.retryRead?.(error);
      if (next) return next.then((again) => (again[name] as BodyReader).call(again));
      throw guard.mapError(error);
    },
  );
}

/**
 * Per original prototype, the prototype of guarded responses: it inherits everything and overrides
 * the body accessors (setting one prototype is much cheaper than defining properties per response).
 */
const guardedPrototypes = new WeakMap<object, object>();

function guardedPrototypeOf(proto: Record<string, unknown>): object {
  let guarded = guardedPrototypes.get(proto);
  if (!guarded) {
    guarded = Object.create(proto, descriptorsFor(proto)) as object;
    guardedPrototypes.set(proto, guarded);
  }
  return guarded;
}

function descriptorsFor(proto: Record<string, unknown>): PropertyDescriptorMap {
  let descriptors: PropertyDescriptorMap;
  const method = (value: (this: Response) => unknown): PropertyDescriptor => ({
    configurable: true,
    writable: true,
    value,
  });
  descriptors = {
    body: {
      configurable: true,
      enumerable: true,
      get(this: Response): ReadableStream<Uint8Array> {
        const guard = guardOf(this);
        guard.stream ??= guardedStream(() => rawBodyOf(this, guard), guard.finish, guard.mapError);
        return guard.stream;
      },
    },
    arrayBuffer: method(function (this: Response) {
      return guardedRead(this, "arrayBuffer");
    }),
    text: method(function (this: Response) {
      return guardedRead(this, "text");
    }),
    // Parsed outside the guard: a syntax error is not a read failure.
    json: method(function (this: Response) {
      return guardedRead(this, "text").then((raw) => JSON.parse(raw as string) as unknown);
    }),
    formData: method(function (this: Response) {
      return guardedRead(this, "arrayBuffer").then((bytes) =>
        new Response(bytes as ArrayBuffer, { headers: this.headers }).formData(),
      );
    }),
    clone: method(function (this: Response) {
      const guard = guardOf(this);
      const copy = (guard.proto.clone as (this: Response) => Response).call(this);
      const settings: GuardSettings = { ...guard, retryRead: undefined };
      if (installBodyGuard(copy, settings)) return copy;
      return copyResponse(
        copy,
        guardedStream(() => copy.body, guard.finish, guard.mapError),
      );
    }),
  };
  for (const name of ["blob", "bytes"] as const) {
    if (typeof proto[name] === "function") {
      descriptors[name] = method(function (this: Response) {
        return guardedRead(this, name);
      });
    }
  }
  return descriptors;
}

/**
 * Guards the body of `response` in place, without copying the response or wrapping its stream up
 * front (both are costly per request): the body-reading methods cap, map read failures and clear
 * the attempt timer when they settle; `body` (and the body of a `clone()`) is wrapped on first
 * access. Errors that are not read failures (a body already used, malformed JSON) pass through
 * unchanged. False when the object cannot take the guard (then the caller copies the response).
 */
function installBodyGuard(response: Response, settings: GuardSettings): boolean {
  if (!Object.isExtensible(response)) return false;
  const proto = Object.getPrototypeOf(response) as Record<string, unknown> | null;
  if (!proto || typeof proto.text !== "function" || typeof proto.arrayBuffer !== "function") return false;
  if (typeof proto.clone !== "function" || Object.hasOwn(response, GUARD)) return false;
  const guard: BodyGuard = {
    proto,
    finish: settings.finish,
    mapError: settings.mapError,
    maxResponseBytes: settings.maxResponseBytes,
    tooLarge: settings.tooLarge,
    retryRead: settings.retryRead,
  };
  Object.defineProperty(response, GUARD, { value: guard });
  Object.setPrototypeOf(response, guardedPrototypeOf(proto));
  return true;
}

/** `source()`'s stream, read lazily (nothing is locked until the first read), with typed read failures. */
function guardedStream(
  source: () => ReadableStream<Uint8Array> | null,
  finish: () => void,
  mapError: (error: unknown) => unknown,
): ReadableStream<Uint8Array> {
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          if (!reader) {
            const stream = source();
            if (!stream) {
              finish();
              controller.close();
              return;
            }
            reader = stream.getReader();
          }
          const { done, value } = await reader.read();
          if (done) {
            finish();
            controller.close();
          } else {
            controller.enqueue(value);
          }
        } catch (error) {
          finish();
          controller.error(mapError(error));
        }
      },
      async cancel(reason) {
        finish();
        if (reader) await reader.cancel(reason).catch(() => undefined);
        else
          await source()
            ?.cancel(reason)
            .catch(() => undefined);
      },
    },
    { highWaterMark: 0 },
  );
}
