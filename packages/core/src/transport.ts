/**
 * The HTTP transport: the custom `fetch` handed to openapi-fetch. It adds what openapi-fetch lacks:
 * operation policy (from the generated operations table), per-attempt timeouts joined with the
 * caller's signal, retries with backoff + jitter and server hints, never re-sending a billable call
 * that may have reached the server, same-origin-only redirects, HTTPS (loopback opt-in), dry-run,
 * typed errors and redacted logs.
 */
import type { HttpSettings } from "./config.js";
import {
  apiErrorFromResponse,
  ThetaAbortError,
  ThetaApiError,
  ThetaConnectionError,
  ThetaDryRunError,
  ThetaError,
  ThetaStreamError,
  ThetaTimeoutError,
  ThetaValidationError,
} from "./errors.js";
import { isLoopbackHost } from "./host-policy.js";
import type { HttpMethod, OperationPolicy, OperationsTable } from "./operations.js";
import { abortableSleep } from "./poll.js";
import { redact, redactHeaders, redactText, redactUrl } from "./redact.js";

// ---------------------------------------------------------------------------------------------
// Logging

export type LogData = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(message: string, data?: LogData): void;
  info(message: string, data?: LogData): void;
  warn(message: string, data?: LogData): void;
  error(message: string, data?: LogData): void;
}

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** A logger that drops everything. */
export const silentLogger: Logger = Object.freeze({
  debug() {},
  info() {},
  warn() {},
  error() {},
});

/**
 * A logger writing one redacted line per entry to stderr (`console.error`), so it never mixes with
 * a program's stdout (CLI output, MCP stdio).
 */
export function createConsoleLogger(
  level: LogLevel = "info",
  write: (line: string) => void = (line) => console.error(line),
): Logger {
  const min = LEVELS[level];
  const emit = (entryLevel: Exclude<LogLevel, "silent">, message: string, data?: LogData): void => {
    if (LEVELS[entryLevel] < min) return;
    const payload = data === undefined ? "" : ` ${safeJson(redact(data))}`;
    write(`[theta] ${entryLevel} ${redactText(message)}${payload}`);
  };
  const logger: Logger = {
    debug: (m, d) => emit("debug", m, d),
    info: (m, d) => emit("info", m, d),
    warn: (m, d) => emit("warn", m, d),
    error: (m, d) => emit("error", m, d),
  };
  minimumLevels.set(logger, min);
  return logger;
}

/** Loggers whose threshold is known (console loggers): entries below it are not even redacted. */
const minimumLevels = new WeakMap<Logger, number>();

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return '"[unserializable]"';
  }
}

/**
 * Wraps a user logger: redacts message and data, and never lets a logger failure break a request.
 * Undefined for the silent logger, so that callers (`logger?.debug(...)`) skip building entries at all.
 */
function redactingLogger(logger: Logger | undefined): Logger | undefined {
  if (logger === undefined || logger === silentLogger) return undefined;
  const min = minimumLevels.get(logger) ?? 0;
  if (min >= LEVELS.silent) return undefined;
  const call = (level: keyof Logger, message: string, data?: LogData): void => {
    if (LEVELS[level] < min) return;
    try {
      logger[level](redactText(message), data === undefined ? undefined : redact(data));
    } catch {
      // A broken logger must not change the outcome of a request.
    }
  };
  return {
    debug: (m, d) => call("debug", m, d),
    info: (m, d) => call("info", m, d),
    warn: (m, d) => call("warn", m, d),
    error: (m, d) => call("error", m, d),
  };
}

// ---------------------------------------------------------------------------------------------
// Public types

/** What a mutating request under dry-run would have sent (redacted). */
export interface DryRunPlan {
  dryRun: true;
  family: string;
  operationId: string;
  method: string;
  /** Redacted URL (userinfo and signed query parameters masked). */
  url: string;
  /** Redacted headers, including the authentication the client would have added. */
  headers: Record<string, string>;
  /** Parsed JSON body (redacted), a short description of a non-JSON body, or undefined. */
  body: unknown;
  mutating: boolean;
  billable: boolean;
  note: string;
}

export type ThetaFetch = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/** A successful response whose body was read as text by the transport. */
export interface TextResponse {
  /** The response (its body already read: use `text`). */
  response: Response;
  text: string;
}

/** The transport: a `fetch` (see `createTransport`), plus `text()`. */
export interface ThetaTransport extends ThetaFetch {
  /**
   * Like calling the transport, then reading the whole body as text, but cheaper for small answers
   * (JSON): the body is read within the attempt (its timeout covers the read; read failures are the
   * same typed errors) and the response is not wrapped.
   */
  text(input: Request | string | URL, init?: RequestInit): Promise<TextResponse>;
}

export interface TransportOptions {
  /** API family (e.g. `ondemand`); shown in plans and logs. */
  family: string;
  /** Base URL of the family; operation paths are matched relative to its path. */
  baseUrl: string;
  operations: OperationsTable;
  http: HttpSettings;
  /** Headers added to requests under the base URL (authentication); called once per request. */
  headers?: () => Record<string, string> | Promise<Record<string, string>>;
  /** Allow plain `http://` for loopback hosts (127.0.0.0/8, ::1, localhost), e.g. the simulator. */
  allowInsecureLoopback?: boolean;
  /** The underlying fetch (default: the global `fetch`, looked up per request). */
  fetch?: typeof fetch;
  logger?: Logger;
  /** Longest wait honoured from `Retry-After` / `retry-after-ms`, and the ceiling of backoff (30 000). */
  retryAfterCapMs?: number;
  /** Sent as `user-agent` unless the request sets one (default `theta-edgecloud-sdk/0.1.0`). */
  userAgent?: string;
  /** Random source for jitter, in [0, 1) (tests inject a constant). */
  random?: () => number;
  /** Sleep between attempts; must reject when `signal` aborts (tests inject a recorder). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** `equal` (default): delay in [d/2, d]; `full`: delay in [0, d]. */
  jitter?: "full" | "equal";
  /** Same-origin redirects followed per request (default 5). */
  maxRedirects?: number;
  /**
   * Largest success body read whole (`text()`, `json()`, `arrayBuffer()`, `blob()`, `transport.text`),
   * in bytes counted after content decoding (default 32 MiB). A larger body is `ThetaApiError`
   * `response_too_large`; reading stops there, so a compressed bomb is never decoded in full.
   * Streamed reads (`response.body`, `sseStream`) are not counted: SSE has `maxEventBytes`.
   */
  maxResponseBytes?: number;
}

export const DEFAULT_USER_AGENT = "theta-edgecloud-sdk/0.1.0";
export const DEFAULT_ACCEPT = "application/json, text/event-stream";
export const DEFAULT_RETRY_AFTER_CAP_MS = 30_000;
/** Default `maxResponseBytes`: well above the largest real answer (the service catalog). */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
/** Request header a caller may set to override the per-attempt timeout of one call (stripped before sending). */
export const TIMEOUT_HEADER = "x-theta-timeout-ms";

// ---------------------------------------------------------------------------------------------
// Operation matching

interface CompiledSegment {
  /** 2 = literal, 1 = literal with embedded params (`{id}.json`), 0 = a whole `{param}`. */
  rank: 0 | 1 | 2;
  literal?: string;
  pattern?: RegExp;
}

interface CompiledOperation {
  policy: OperationPolicy;
  segments: CompiledSegment[];
}

/** How many method + path answers each compiled table remembers. */
const MATCH_CACHE_SIZE = 256;
/** How many request URLs each transport remembers as parsed and checked. */
const ROUTE_CACHE_SIZE = 256;

/** Finds the policy of a request path (relative to the family base URL). */
type OperationMatcher = (method: string, pathname: string) => OperationPolicy | undefined;

const matchers = new WeakMap<OperationsTable, OperationMatcher>();

function splitPath(path: string): string[] {
  const trimmed = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
  return trimmed.split("/").slice(1);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function compileSegment(segment: string): CompiledSegment {
  if (!segment.includes("{")) return { rank: 2, literal: segment };
  if (/^\{[^{}]+\}$/.test(segment)) return { rank: 0 };
  const source = segment
    .split(/(\{[^{}]+\})/)
    .map((part) => (/^\{[^{}]+\}$/.test(part) ? "[^/]+" : escapeRegExp(part)))
    .join("");
  return { rank: 1, pattern: new RegExp(`^${source}$`) };
}

function safeDecode(segment: string): string {
  if (!segment.includes("%")) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function segmentMatches(template: CompiledSegment, actual: string): boolean {
  if (template.rank === 2) return template.literal === actual || template.literal === safeDecode(actual);
  if (actual.length === 0) return false;
  if (template.rank === 0) return true;
  return (template.pattern as RegExp).test(actual) || (template.pattern as RegExp).test(safeDecode(actual));
}

/** Literal segments beat params, compared from the left. Positive when `a` is more specific. */
function compareSpecificity(a: CompiledOperation, b: CompiledOperation): number {
  for (let i = 0; i < a.segments.length; i++) {
    const diff = (a.segments[i] as CompiledSegment).rank - (b.segments[i] as CompiledSegment).rank;
    if (diff !== 0) return diff;
  }
  return 0;
}

/**
 * Compiles a table once: operations grouped by method and segment count, most specific first (the
 * sort is stable, so among equally specific templates the table's order decides, as before).
 */
function operationMatcher(table: OperationsTable): OperationMatcher {
  const cached = matchers.get(table);
  if (cached) return cached;
  const groups = new Map<string, CompiledOperation[]>();
  for (const policy of Object.values(table)) {
    const segments = splitPath(policy.path).map(compileSegment);
    const key = `${policy.method} ${segments.length}`;
    const group = groups.get(key);
    if (group) group.push({ policy, segments });
    else groups.set(key, [{ policy, segments }]);
  }
  for (const group of groups.values()) group.sort((a, b) => compareSpecificity(b, a));
  const find = (method: string, pathname: string): OperationPolicy | undefined => {
    const actual = splitPath(pathname.startsWith("/") ? pathname : `/${pathname}`);
    const group = groups.get(`${method.toUpperCase()} ${actual.length}`);
    if (!group) return undefined;
    for (const candidate of group) {
      let matches = true;
      for (let i = 0; i < actual.length; i++) {
        if (!segmentMatches(candidate.segments[i] as CompiledSegment, actual[i] as string)) {
          matches = false;
          break;
        }
      }
      if (matches) return candidate.policy;
    }
    return undefined;
  };
  // Recent answers, per method and path (a client calls the same few paths over and over).
  const recent = new Map<string, OperationPolicy | null>();
  const matcher: OperationMatcher = (method, pathname) => {
    const key = `${method} ${pathname}`;
    const known = recent.get(key);
    if (known !== undefined) return known ?? undefined;
    const policy = find(method, pathname);
    if (recent.size >= MATCH_CACHE_SIZE) recent.clear();
    recent.set(key, policy ?? null);
    return policy;
  };
  matchers.set(table, matcher);
  return matcher;
}

/**
 * Finds the operation for `method` + `pathname` (relative to the family base URL, e.g.
 * `/infer_request/chat/completions`). Literal segments beat `{param}` segments.
 */
export function matchOperation(
  table: OperationsTable,
  method: string,
  pathname: string,
): OperationPolicy | undefined {
  return operationMatcher(table)(method, pathname);
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Policy for a request that matches no operation: conservative (never billable, unsafe methods not retried after send). */
function defaultPolicy(method: string, url: URL): OperationPolicy {
  const safe = SAFE_METHODS.has(method);
  return {
    operationId: `${method} ${redactUrl(`${url.origin}${url.pathname}`)}`,
    method: method as HttpMethod,
    path: url.pathname,
    mutating: !safe,
    billable: false,
    idempotent: safe,
  };
}

/** The base URL's path without trailing slashes (`""` for the root). */
function basePrefix(base: URL): string {
  return base.pathname.replace(/\/+$/, "");
}

/** The path of `url` relative to the base URL's path, or undefined when `url` is outside the base. */
function relativePath(
  url: URL,
  base: URL,
  prefix = basePrefix(base),
  origin = url.origin,
  baseOrigin = base.origin,
): string | undefined {
  if (origin !== baseOrigin) return undefined;
  const { pathname } = url;
  if (prefix === "") return pathname;
  if (pathname === prefix) return "/";
  if (pathname.startsWith(`${prefix}/`)) return pathname.slice(prefix.length);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Helpers

/**
 * Makes `controller` abort when `source` does (with its reason); returns the function that stops
 * following. Cheaper than `AbortSignal.any` per attempt, and nothing outlives the attempt.
 */
function followSignal(source: AbortSignal | undefined, controller: AbortController): () => void {
  if (!source) return noop;
  if (source.aborted) {
    controller.abort(source.reason);
    return noop;
  }
  const listener = (): void => controller.abort(source.reason);
  source.addEventListener("abort", listener, { once: true });
  return () => source.removeEventListener("abort", listener);
}

function noop(): void {}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return (
    value !== null && typeof value === "object" && typeof (value as { then?: unknown }).then === "function"
  );
}

function isStreamBody(body: unknown): body is ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> {
  if (body === null || typeof body !== "object") return false;
  if (typeof ReadableStream !== "undefined" && body instanceof ReadableStream) return true;
  if (typeof Blob !== "undefined" && body instanceof Blob) return false;
  if (typeof FormData !== "undefined" && body instanceof FormData) return false;
  if (body instanceof URLSearchParams || ArrayBuffer.isView(body) || body instanceof ArrayBuffer)
    return false;
  return typeof (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === "function";
}

/** Error codes along an error's cause chain (undici nests the socket error in `cause`). */
function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== null && typeof current === "object"; depth++) {
    const record = current as { code?: unknown; name?: unknown; cause?: unknown; errors?: unknown };
    if (typeof record.code === "string") codes.push(record.code);
    if (typeof record.name === "string") codes.push(record.name);
    if (Array.isArray(record.errors)) {
      for (const inner of record.errors) codes.push(...errorCodes(inner));
    }
    current = record.cause;
  }
  return codes;
}

/** Failures that happen before a single byte of the request could reach the server. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EAI_NONAME",
  "EAI_FAIL",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EHOSTDOWN",
  "ENETDOWN",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
]);

function wasNotSent(error: unknown): boolean {
  return errorCodes(error).some(
    (code) =>
      NOT_SENT_CODES.has(code) ||
      code.startsWith("ERR_TLS_") ||
      code.startsWith("CERT_") ||
      code.includes("_CERT_") ||
      code === "DEPTH_ZERO_SELF_SIGNED_CERT" ||
      code === "SELF_SIGNED_CERT_IN_CHAIN",
  );
}

/**
 * True when fetch refused the URL's port before connecting: undici fails such requests with a
 * "bad port" network error (the fetch standard's list of ports blocked as unsafe, e.g. 6000, 10080).
 */
function isBlockedPort(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== null && typeof current === "object"; depth++) {
    const record = current as { message?: unknown; cause?: unknown };
    if (record.message === "bad port") return true;
    current = record.cause;
  }
  return false;
}

const monotonicNow: () => number =
  typeof performance !== "undefined" && typeof performance.now === "function"
    ? () => performance.now()
    : () => Date.now();

interface Deadline {
  readonly at: number;
  readonly fire: () => void;
}

/**
 * Attempt timeouts, all served by one timer: adding or removing a deadline is a set operation, and
 * the timer is re-armed only when an earlier deadline comes in or when it fires (setting and
 * clearing a timer per request costs more than the rest of a small request's bookkeeping). The
 * timer never keeps a process alive (e.g. for a body nobody reads).
 */
class Deadlines {
  readonly #pending = new Set<Deadline>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerAt = Number.POSITIVE_INFINITY;

  add(ms: number, fire: () => void): Deadline {
    const deadline: Deadline = { at: monotonicNow() + ms, fire };
    this.#pending.add(deadline);
    if (deadline.at < this.#timerAt) this.#arm(deadline.at);
    return deadline;
  }

  /** Forgets a deadline (idempotent); the timer is left as is and re-arms itself when it fires. */
  remove(deadline: Deadline): void {
    this.#pending.delete(deadline);
  }

  #arm(at: number): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = setTimeout(() => this.#run(), Math.max(0, at - monotonicNow()));
    (this.#timer as { unref?: () => void }).unref?.();
  }

  #run(): void {
    this.#timer = undefined;
    this.#timerAt = Number.POSITIVE_INFINITY;
    if (this.#pending.size === 0) return;
    // Timers may fire up to a millisecond before the monotonic clock says so.
    const now = monotonicNow() + 1;
    let next = Number.POSITIVE_INFINITY;
    const due: Deadline[] = [];
    for (const deadline of this.#pending) {
      if (deadline.at <= now) due.push(deadline);
      else if (deadline.at < next) next = deadline.at;
    }
    for (const deadline of due) this.#pending.delete(deadline);
    if (next !== Number.POSITIVE_INFINITY) this.#arm(next);
    for (const deadline of due) deadline.fire();
  }
}

const deadlines = new Deadlines();

const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** Reads at most `limit` bytes of a body as text, then cancels the rest. */
async function readTextCapped(response: Response, limit: number): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      text += decoder.decode(value, { stream: true });
      if (bytes >= limit) {
        await reader.cancel().catch(() => undefined);
        break;
      }
    }
    return text + decoder.decode();
  } finally {
    reader.releaseLock();
  }
}

function discardBody(response: Response): void {
  if (response.body && !response.bodyUsed) response.body.cancel().catch(() => undefined);
}

function describeBodyForPlan(bytes: Uint8Array | undefined, streamed: boolean, contentType: string): unknown {
  if (streamed) return "[streamed body, not buffered]";
  if (!bytes || bytes.byteLength === 0) return undefined;
  const text = new TextDecoder().decode(bytes);
  if (/json/i.test(contentType) || /^\s*[[{]/.test(text)) {
    try {
      return redact(JSON.parse(text) as unknown);
    } catch {
      // fall through: describe it
    }
  }
  return `[${bytes.byteLength} bytes${contentType ? ` of ${contentType.split(";")[0]}` : ""}]`;
}

function isRedirectStatus(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

// ---------------------------------------------------------------------------------------------
// Request normalization

/** Where a request URL goes: parsed and checked once per URL string (see `createTransport`). */
interface Route {
  url: URL;
  /** The path relative to the family base URL, or undefined when the URL is outside it. */
  relative: string | undefined;
}

interface PreparedRequest {
  route: Route;
  method: string;
  headers: Headers;
  bytes: Uint8Array<ArrayBuffer> | undefined;
  stream: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | undefined;
  signal: AbortSignal | undefined;
  timeoutOverrideMs: number | undefined;
}

function parseUrl(raw: string): URL {
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
function prepare(
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

  const prepared: PreparedRequest = {
    route,
    method,
    headers,
    bytes: undefined,
    stream: undefined,
    signal,
    timeoutOverrideMs,
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

// ---------------------------------------------------------------------------------------------
// The transport

interface AttemptContext {
  operationId: string;
  method: string;
  url: string;
}

function abortError(signal: AbortSignal, context: AttemptContext): ThetaError {
  const reason: unknown = signal.reason;
  if (ThetaError.isInstance(reason)) return reason;
  return new ThetaAbortError({ ...context, cause: reason });
}

/**
 * Creates the transport for one API family. Use it as openapi-fetch's `fetch`
 * (`createClient({ baseUrl, fetch: transport })`), or call it directly like `fetch`.
 */
export function createTransport(options: TransportOptions): ThetaTransport {
  const base = parseUrl(options.baseUrl);
  const prefix = basePrefix(base);
  const match = operationMatcher(options.operations);
  const logger = redactingLogger(options.logger);
  const capMs = options.retryAfterCapMs ?? DEFAULT_RETRY_AFTER_CAP_MS;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? abortableSleep;
  const jitter = options.jitter ?? "equal";
  const maxRedirects = options.maxRedirects ?? 5;
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  if (!Number.isSafeInteger(maxResponseBytes) || maxResponseBytes <= 0) {
    throw new ThetaValidationError({
      field: "maxResponseBytes",
      message: `maxResponseBytes must be a positive whole number of bytes (got ${String(maxResponseBytes)})`,
      fix: `Pass a byte count such as ${DEFAULT_MAX_RESPONSE_BYTES} (32 MiB, the default), or leave it out`,
    });
  }
  const { http } = options;

  const backoff = (failedAttempt: number, hintMs: number | undefined): number => {
    if (hintMs !== undefined && Number.isFinite(hintMs))
      return Math.min(Math.max(0, Math.round(hintMs)), capMs);
    const ceiling = Math.min(capMs, http.retryBackoffMs * 2 ** (failedAttempt - 1));
    const r = Math.min(Math.max(random(), 0), 1);
    return Math.round(jitter === "full" ? r * ceiling : ceiling / 2 + (r * ceiling) / 2);
  };

  /** Set once a plain-HTTP URL on the base URL's origin passed the check (it cannot change). */
  let baseOriginAllowed = false;
  const baseOrigin = base.origin;
  const checkScheme = (url: URL, origin = url.origin): void => {
    const { protocol } = url;
    if (protocol === "https:") return;
    if (protocol === "http:") {
      if (baseOriginAllowed && origin === baseOrigin) return;
      if (options.allowInsecureLoopback && isLoopbackHost(url.hostname)) {
        if (origin === baseOrigin) baseOriginAllowed = true;
        return;
      }
      throw new ThetaValidationError({
        field: "url",
        code: "host_refused",
        message: `Refusing plain HTTP to ${redactUrl(url.origin)}: credentials and data would travel unencrypted`,
        fix: isLoopbackHost(url.hostname)
          ? "Use https://, or set allowInsecureLoopback: true to talk to a local simulator"
          : "Use an https:// URL (plain HTTP is allowed only for loopback hosts with allowInsecureLoopback)",
      });
    }
    throw new ThetaValidationError({
      field: "url",
      code: "host_refused",
      message: `Unsupported URL scheme ${url.protocol}`,
      fix: "Use an https:// URL",
    });
  };

  /**
   * Parses and checks a request URL (absolute, no credentials, an allowed scheme) and finds its path
   * under the base URL. All of that depends on the URL string alone, so the answer is remembered: a
   * client calls the same few URLs over and over (the catalog, a polled request). Only URLs that
   * passed are remembered; a refused one is refused again on every call.
   */
  const routes = new Map<string, Route>();
  const routeOf = (raw: string): Route => {
    const known = routes.get(raw);
    if (known) return known;
    const url = parseUrl(raw);
    if (url.username || url.password) {
      throw new ThetaValidationError({
        field: "url",
        message: `The request URL ${redactUrl(url)} contains credentials (user:password@)`,
        fix: "Remove them from the URL and pass the credential through the client options, the secret provider or the environment",
      });
    }
    const origin = url.origin;
    checkScheme(url, origin);
    const route: Route = { url, relative: relativePath(url, base, prefix, origin, baseOrigin) };
    if (routes.size >= ROUTE_CACHE_SIZE) routes.clear();
    routes.set(raw, route);
    return route;
  };

  async function send(input: Request | string | URL, init: RequestInit | undefined): Promise<Response>;
  async function send(
    input: Request | string | URL,
    init: RequestInit | undefined,
    readText: true,
  ): Promise<TextResponse>;
  async function send(
    input: Request | string | URL,
    init: RequestInit | undefined,
    readText?: true,
  ): Promise<Response | TextResponse> {
    const pending = prepare(input, init, routeOf);
    const request = pending instanceof Promise ? await pending : pending;
    const { relative } = request.route;
    let url = request.route.url;
    const { method, headers } = request;
    const policy =
      (relative === undefined ? undefined : match(method, relative)) ?? defaultPolicy(method, url);
    const { operationId } = policy;
    const context = (): AttemptContext => ({ operationId, method, url: url.href });

    // Authentication only under the family's base URL (origin + path prefix): never to presigned
    // upload URLs or another family's prefix on a shared origin.
    if (relative !== undefined && options.headers) {
      const produced = options.headers();
      const extra = isPromiseLike(produced) ? await produced : produced;
      for (const [key, value] of Object.entries(extra)) {
        if (!headers.has(key)) headers.set(key, value);
      }
    }
    if (!headers.has("user-agent")) headers.set("user-agent", userAgent);
    if (!headers.has("accept")) headers.set("accept", DEFAULT_ACCEPT);

    if (http.dryRun && policy.mutating) {
      const plan: DryRunPlan = {
        dryRun: true,
        family: options.family,
        operationId,
        method,
        url: redactUrl(url),
        headers: redactHeaders(headers),
        body: describeBodyForPlan(
          request.bytes,
          request.stream !== undefined,
          headers.get("content-type") ?? "",
        ),
        mutating: policy.mutating,
        billable: policy.billable,
        note: "Dry run: this request was NOT sent. Turn dry-run off (THETA_DRY_RUN=0 or dryRun: false) to send it.",
      };
      logger?.info("theta.http.dry_run", { family: options.family, operationId, method, url: plan.url });
      throw new ThetaDryRunError({ plan });
    }

    const maxRetries = request.stream ? 0 : (policy.retry?.maxRetries ?? http.maxRetries);
    const timeoutMs = request.timeoutOverrideMs ?? policy.timeoutMs ?? http.timeoutMs;
    /** Safe to re-send after it may have reached the server. */
    const resendable = policy.idempotent && !policy.billable && !request.stream;
    const callerSignal = request.signal;
    const fetchImpl = options.fetch ?? globalThis.fetch;
    let attempt = 0;
    let redirects = 0;

    const tooLarge = (status: number): ThetaApiError =>
      new ThetaApiError({
        status,
        code: "response_too_large",
        operationId,
        method,
        url: url.href,
        retriable: false,
        message: `${operationId}: the answer (HTTP ${status}) is larger than maxResponseBytes (${describeBytes(maxResponseBytes)}, counted after decoding), so reading stopped there. If answers this large are expected, raise the maxResponseBytes option of the transport.`,
      });

    /**
     * The attempts, from the one after `attempt`. Called again (after a pause) when the body of a
     * re-sendable request fails while the caller reads it: the retry budget and the redirect count
     * carry on from where the first call stopped.
     */
    const attemptsFromHere = async (): Promise<Response | TextResponse> => {
      for (;;) {
        attempt += 1;
        if (callerSignal?.aborted) throw abortError(callerSignal, context());
        const attemptController = new AbortController();
        let timedOut = false;
        const deadline = deadlines.add(timeoutMs, () => {
          timedOut = true;
          attemptController.abort();
        });
        // The attempt's signal also aborts when the caller's does (timeouts and caller aborts are told
        // apart afterwards by `timedOut` and `callerSignal.aborted`).
        const unfollow = followSignal(callerSignal, attemptController);
        const stopTimer = (): void => deadlines.remove(deadline);
        const finish = (): void => {
          deadlines.remove(deadline);
          unfollow();
        };
        const started = logger ? Date.now() : 0;
        logger?.debug("theta.http.request", {
          family: options.family,
          operationId,
          method,
          url: url.href,
          attempt,
        });

        const timeoutError = (): ThetaTimeoutError =>
          new ThetaTimeoutError({ ...context(), timeoutMs, phase: "attempt", mayHaveRun: policy.mutating });

        let response: Response;
        try {
          const requestInit: RequestInit & { duplex?: "half" } = {
            method,
            headers,
            redirect: "manual",
            signal: attemptController.signal,
          };
          if (request.stream) {
            requestInit.body = request.stream as ReadableStream<Uint8Array>;
            requestInit.duplex = "half";
          } else if (request.bytes !== undefined && method !== "GET" && method !== "HEAD") {
            requestInit.body = request.bytes;
          }
          response = await fetchImpl(url.href, requestInit);
        } catch (error) {
          finish();
          if (callerSignal?.aborted) throw abortError(callerSignal, context());
          const canRetry = attempt <= maxRetries;
          if (timedOut) {
            const failure = timeoutError();
            if (canRetry && resendable) {
              await pause(attempt, undefined, "timeout");
              continue;
            }
            throw failure;
          }
          if (isBlockedPort(error)) {
            // Nothing was sent, and another attempt would be refused the same way.
            throw new ThetaConnectionError({
              ...context(),
              outcome: "not_sent",
              cause: error,
              message: `${operationId} was never sent: fetch refuses to connect to port ${portOf(url)}, which it blocks as unsafe (like 6000 and 10080). Use another port.`,
            });
          }
          const notSent = wasNotSent(error);
          if (canRetry && (notSent || resendable)) {
            await pause(attempt, undefined, notSent ? "connection_not_sent" : "connection_lost");
            continue;
          }
          if (notSent) throw new ThetaConnectionError({ ...context(), outcome: "not_sent", cause: error });
          const why = resendable
            ? `all ${attempt} attempts failed`
            : policy.billable
              ? "it is billable, so it is never re-sent automatically"
              : request.stream
                ? "its body was streamed and cannot be sent again"
                : "it is not idempotent, so it is never re-sent automatically";
          throw new ThetaConnectionError({
            ...context(),
            outcome: "unknown",
            cause: error,
            message: policy.mutating
              ? `${operationId} lost the connection after the request was sent: the outcome is unknown and the request may have reached the server. It was not retried (${why}); check its status before retrying.`
              : `${operationId} lost the connection after the request was sent (${why}). It only reads, so nothing changed on the server; retry later.`,
          });
        }

        const { status } = response;
        logger?.debug("theta.http.response", {
          operationId,
          status,
          attempt,
          durationMs: Date.now() - started,
        });

        // Redirects: same origin only; method changes (301/302/303 on non-GET) refused.
        if (
          response.type === "opaqueredirect" ||
          (isRedirectStatus(status) && response.headers.has("location"))
        ) {
          finish();
          discardBody(response);
          const location = response.headers.get("location");
          const target = location ? new URL(location, url) : undefined;
          const refuse = (why: string, fix: string): ThetaApiError =>
            new ThetaApiError({
              status,
              code: "redirect_refused",
              operationId,
              method,
              url: url.href,
              retriable: false,
              serverMessage: why,
              fix,
            });
          if (!target) {
            throw refuse(
              "redirect refused: its target is hidden from this runtime",
              "Call the final URL directly",
            );
          }
          if (target.origin !== url.origin) {
            throw refuse(
              `redirect to another origin (${redactUrl(target.origin)}) refused`,
              "The SDK never follows cross-origin redirects (credentials would leak); check the base URL",
            );
          }
          if (redirects >= maxRedirects) {
            throw refuse(
              `more than ${maxRedirects} redirects`,
              "Check the base URL; the server redirects in a loop",
            );
          }
          const keepsMethod = status === 307 || status === 308;
          if (!SAFE_METHODS.has(method) && !keepsMethod) {
            throw refuse(
              `redirect of a ${method} request (HTTP ${status} would turn it into a GET) refused`,
              "Check the base URL; the SDK only follows 307/308 redirects for non-GET requests",
            );
          }
          if (request.stream) {
            throw refuse(
              "redirect of a streamed upload refused (the body cannot be sent twice)",
              "Upload to the final URL",
            );
          }
          checkScheme(target);
          logger?.debug("theta.http.redirect", { operationId, status, from: url.href, to: target.href });
          redirects += 1;
          url = target;
          attempt -= 1; // following a redirect is not a retry
          continue;
        }

        if (status >= 200 && status < 300) {
          const eventStream = isEventStreamType(response);
          const failedAttempt = attempt;
          /** Why a failed body read may be retried (a re-sendable request with attempts left), or undefined. */
          const retryReason = (error: unknown): string | undefined => {
            if (!resendable || failedAttempt > maxRetries || callerSignal?.aborted) return undefined;
            if (timedOut) return "body_timeout";
            return ThetaError.isInstance(error) ? undefined : "body_connection_lost";
          };
          const guard: GuardContext = {
            // Whether a body is a stream is known from its content type, not from the operation: a
            // stream-capable operation that answers JSON is read under the attempt timeout.
            keepTimer: !eventStream,
            stopTimer,
            finish,
            timedOut: () => timedOut,
            timeoutError,
            callerSignal,
            context,
            eventStream,
            mutating: policy.mutating,
            attempts: failedAttempt,
            maxResponseBytes,
            tooLarge: () => tooLarge(status),
            retryRead: (error) => {
              const reason = retryReason(error);
              if (reason === undefined) return undefined;
              return pause(failedAttempt, undefined, reason)
                .then(attemptsFromHere)
                .then((next) => next as Response);
            },
          };
          if (!readText) return guardBody(response, guard);
          if (!guard.keepTimer) stopTimer();
          let text: string;
          try {
            text = (await readWholeBody(
              response,
              "text",
              () => response.text(),
              response.body,
              maxResponseBytes,
              guard.tooLarge,
            )) as string;
          } catch (error) {
            finish();
            const reason = retryReason(error);
            if (reason !== undefined) {
              await pause(failedAttempt, undefined, reason);
              continue;
            }
            throw readFailure(error, guard);
          }
          finish();
          return { response, text };
        }

        // A final or retriable error response.
        let bodyText: string;
        try {
          bodyText = await readTextCapped(response, MAX_ERROR_BODY_BYTES);
        } catch {
          bodyText = "";
        } finally {
          finish();
        }
        if (callerSignal?.aborted) throw abortError(callerSignal, context());
        const failure = apiErrorFromResponse({
          status,
          bodyText,
          headers: response.headers,
          operationId,
          method,
          url: url.href,
        });
        const listed = policy.retry?.statuses?.includes(status) ?? false;
        // These answers prove the server did not start the work, so even billable calls may be re-sent.
        const nothingTaken =
          failure.code === "capacity_exhausted" ||
          status === 429 ||
          status === 503 ||
          status === 408 ||
          status === 425;
        const retriable = (failure.retriable || listed) && (nothingTaken || resendable || listed);
        if (retriable && attempt <= maxRetries && !request.stream) {
          await pause(attempt, failure.retryAfterMs, `http_${status}`, failure.code);
          continue;
        }
        throw failure;
      }
    };

    async function pause(failedAttempt: number, hintMs: number | undefined, reason: string, code?: string) {
      const delayMs = backoff(failedAttempt, hintMs);
      logger?.warn("theta.http.retry", {
        family: options.family,
        operationId,
        method,
        attempt: failedAttempt,
        nextAttempt: failedAttempt + 1,
        reason,
        code,
        delayMs,
        serverHintMs: hintMs,
      });
      try {
        await sleep(delayMs, callerSignal);
      } catch (error) {
        if (callerSignal?.aborted) throw abortError(callerSignal, { operationId, method, url: url.href });
        throw error;
      }
    }

    return attemptsFromHere();
  }

  const transport = ((input: Request | string | URL, init?: RequestInit) =>
    send(input, init)) as ThetaTransport;
  transport.text = (input, init) => send(input, init, true);
  return transport;
}

function isEventStreamType(response: Response): boolean {
  return /^\s*text\/event-stream\b/i.test(response.headers.get("content-type") ?? "");
}

interface GuardContext {
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
function readFailure(error: unknown, ctx: GuardContext): unknown {
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
function guardBody(response: Response, ctx: GuardContext): Response {
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

function describeBytes(bytes: number): string {
  const mebibytes = bytes / (1024 * 1024);
  return Number.isInteger(mebibytes) ? `${bytes} bytes = ${mebibytes} MiB` : `${bytes} bytes`;
}

function portOf(url: URL): string {
  return url.port || (url.protocol === "https:" ? "443" : "80");
}

/** The native body methods that read a whole body (json and formData are built on text and arrayBuffer). */
type WholeBodyKind = "text" | "arrayBuffer" | "blob" | "bytes";

const utf8Decoder = new TextDecoder();

/**
 * Reads a success body whole, refusing it (`tooLarge`) once it passes `limit` bytes counted after
 * content decoding. A body without content encoding whose declared length is within the limit is
 * read by the runtime's own method (the length bounds it); any other body is read chunk by chunk
 * from `stream` and cancelled at the limit, so a compressed bomb is never decoded past it.
 */
async function readWholeBody(
  response: Response,
  kind: WholeBodyKind,
  native: () => Promise<unknown>,
  stream: ReadableStream<Uint8Array> | null,
  limit: number,
  tooLarge: () => ThetaError,
): Promise<unknown> {
  if (!stream) return native();
  const { headers } = response;
  const encoding = headers.get("content-encoding");
  if (encoding === null || /^\s*identity\s*$/i.test(encoding)) {
    const declared = headers.get("content-length");
    if (declared !== null && /^\s*\d+\s*$/.test(declared)) {
      if (Number(declared) <= limit) return native();
      stream.cancel().catch(() => undefined);
      throw tooLarge();
    }
  }
  const bytes = await readCapped(stream, limit, tooLarge);
  switch (kind) {
    case "text":
      return utf8Decoder.decode(bytes);
    case "arrayBuffer":
      return bytes.buffer;
    case "bytes":
      return bytes;
    case "blob":
      return new Blob([bytes], { type: headers.get("content-type") ?? "" });
  }
}

/** The bytes of `stream`, or `tooLarge()` (the stream cancelled) once they pass `limit`. */
async function readCapped(
  stream: ReadableStream<Uint8Array>,
  limit: number,
  tooLarge: () => ThetaError,
): Promise<Uint8Array<ArrayBuffer>> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
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
