/**
 * Normalizes what is passed to the transport (a URL or a Request, plus init) into one prepared
 * request: method, headers, the body buffered once (every attempt re-sends the same bytes) or a
 * stream sent once, the caller's signal and the per-call timeout header.
 */
import { ThetaValidationError } from "./errors.js";
import { redactText, redactUrl } from "./redact.js";

/** Request header a caller may set to override the per-attempt timeout of one call (stripped before sending). */
export const TIMEOUT_HEADER = "x-theta-timeout-ms";

/** Request header a caller may set to override the retries of one call (stripped before sending). */
export const MAX_RETRIES_HEADER = "x-theta-max-retries";

function isStreamBody(body: unknown): body is ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> {
  if (body === null || typeof body !== "object") return false;
  if (typeof ReadableStream !== "undefined" && body instanceof ReadableStream) return true;
  if (typeof Blob !== "undefined" && body instanceof Blob) return false;
  if (typeof FormData !== "undefined" && body instanceof FormData) return false;
  if (body instanceof URLSearchParams || ArrayBuffer.isView(body) || body instanceof ArrayBuffer)
    return false;
  return typeof (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === "function";
}

/** Where a request URL goes: parsed and checked once per URL string (see `createTransport`). */
export interface Route {
  url: URL;
  /** The path relative to the family base URL, or undefined when the URL is outside it. */
  relative: string | undefined;
}

export interface PreparedRequest {
  route: Route;
  method: string;
  headers: Headers;
  bytes: Uint8Array<ArrayBuffer> | undefined;
  stream: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | undefined;
  signal: AbortSignal | undefined;
  timeoutOverrideMs: number | undefined;
  maxRetriesOverride: number | undefined;
}

export function parseUrl(raw: string): URL {
  try {
    return new URL(raw);
  } catch (cause) {
    throw new ThetaValidationError({
      field: "url",
      message: `The request URL is not an absolute URL (${redactUrl(raw)})`,
      fix: "Check the base URL (baseUrl option or the family's *_BASE_URL variable)",
      cause,
    });
  }
}

const textEncoder = new TextEncoder();

/**
 * Set by the family client's Request class (client.ts) on requests built with a string body, so
 * the transport can encode that text instead of reading it back from the Request's stream.
 */
const REQUEST_TEXT_BODY = Symbol.for("theta.transport.requestTextBody");

/**
 * The bytes (a copy) of a body that can be read without going through a stream, with the
 * content-type a Request would derive from it; undefined for other kinds of bodies.
 */
function bytesOfBody(body: unknown): { bytes: Uint8Array<ArrayBuffer>; type?: string } | undefined {
  if (typeof body === "string") return { bytes: textEncoder.encode(body), type: "text/plain;charset=UTF-8" };
  if (body instanceof URLSearchParams) {
    return {
      bytes: textEncoder.encode(body.toString()),
      type: "application/x-www-form-urlencoded;charset=UTF-8",
    };
  }
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
    const view = ArrayBuffer.isView(body)
      ? new Uint8Array(body.buffer, body.byteOffset, body.byteLength)
      : new Uint8Array(body);
    const bytes = new Uint8Array(view.byteLength);
    bytes.set(view);
    return { bytes };
  }
  return undefined;
}

/**
 * Normalizes what was passed to the transport. Synchronous unless the body must be read from a
 * stream (a Blob, FormData, or a Request whose body text is unknown): every await before the request
 * is sent adds latency.
 */
export function prepare(
  input: Request | string | URL,
  init: RequestInit | undefined,
  routeOf: (raw: string) => Route,
): PreparedRequest | Promise<PreparedRequest> {
  const isRequest = typeof Request !== "undefined" && input instanceof Request;
  const route = routeOf(isRequest ? (input as Request).url : String(input));
  const method = (init?.method ?? (isRequest ? (input as Request).method : "GET")).toUpperCase();
  let headers: Headers;
  if (isRequest) {
    headers = new Headers((input as Request).headers);
    if (init?.headers) {
      for (const [key, value] of new Headers(init.headers)) headers.set(key, value);
    }
  } else {
    headers = new Headers(init?.headers);
  }
  const signal = init?.signal ?? (isRequest ? (input as Request).signal : undefined) ?? undefined;

  let timeoutOverrideMs: number | undefined;
  const rawTimeout = headers.get(TIMEOUT_HEADER);
  if (rawTimeout !== null) {
    headers.delete(TIMEOUT_HEADER);
    const parsed = Number(rawTimeout.trim());
    if (!Number.isInteger(parsed) || parsed <= 0) {
      throw new ThetaValidationError({
        field: TIMEOUT_HEADER,
        message: `The ${TIMEOUT_HEADER} header must be a positive integer number of milliseconds (got "${redactText(rawTimeout)}")`,
        fix: "Pass timeoutMs as a whole number of milliseconds, e.g. 120000",
      });
    }
    timeoutOverrideMs = parsed;
  }
  let maxRetriesOverride: number | undefined;
  const rawRetries = headers.get(MAX_RETRIES_HEADER);
  if (rawRetries !== null) {
    headers.delete(MAX_RETRIES_HEADER);
    const parsed = Number(rawRetries.trim());
    if (!Number.isInteger(parsed) || parsed < 0) {
      throw new ThetaValidationError({
        field: MAX_RETRIES_HEADER,
        message: `The ${MAX_RETRIES_HEADER} header must be a whole number of retries (got "${redactText(rawRetries)}")`,
        fix: "Pass maxRetries as a whole number, e.g. 0",
      });
    }
    maxRetriesOverride = parsed;
  }

  const prepared: PreparedRequest = {
    route,
    method,
    headers,
    bytes: undefined,
    stream: undefined,
    signal,
    timeoutOverrideMs,
    maxRetriesOverride,
  };
  const setType = (type: string | null | undefined): void => {
    if (type && !headers.has("content-type")) headers.set("content-type", type);
  };
  const initBody = init?.body;
  if (initBody !== undefined && initBody !== null) {
    if (isStreamBody(initBody)) {
      prepared.stream = initBody;
      return prepared;
    }
    const direct = bytesOfBody(initBody);
    if (direct) {
      prepared.bytes = direct.bytes;
      setType(direct.type);
      return prepared;
    }
    const carrier = new Response(initBody);
    return carrier.arrayBuffer().then((buffer) => {
      prepared.bytes = new Uint8Array(buffer);
      setType(carrier.headers.get("content-type"));
      return prepared;
    });
  }
  if (isRequest && (input as Request).body !== null) {
    const request = input as Request;
    if (request.bodyUsed) {
      throw new ThetaValidationError({
        field: "body",
        message: "The request body was already read",
        fix: "Pass a fresh Request (or the body in init) to the transport",
      });
    }
    const text = (request as Request & { [REQUEST_TEXT_BODY]?: unknown })[REQUEST_TEXT_BODY];
    if (typeof text === "string") {
      prepared.bytes = textEncoder.encode(text);
      return prepared;
    }
    return request.arrayBuffer().then((buffer) => {
      prepared.bytes = new Uint8Array(buffer);
      return prepared;
    });
  }
  return prepared;
}
