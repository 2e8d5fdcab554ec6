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
  return {
    debug: (m, d) => emit("debug", m, d),
    info: (m, d) => emit("info", m, d),
    warn: (m, d) => emit("warn", m, d),
    error: (m, d) => emit("error", m, d),
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return '"[unserializable]"';
  }
}

/** Wraps a user logger: redacts message and data, and never lets a logger failure break a request. */
function redactingLogger(logger: Logger): Logger {
  const call = (level: keyof Logger, message: string, data?: LogData): void => {
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
}

export const DEFAULT_USER_AGENT = "theta-edgecloud-sdk/0.1.0";
export const DEFAULT_ACCEPT = "application/json, text/event-stream";
export const DEFAULT_RETRY_AFTER_CAP_MS = 30_000;
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

const compiledTables = new WeakMap<OperationsTable, CompiledOperation[]>();

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

function compile(table: OperationsTable): CompiledOperation[] {
  let compiled = compiledTables.get(table);
  if (!compiled) {
    compiled = Object.values(table).map((policy) => ({
      policy,
      segments: splitPath(policy.path).map(compileSegment),
    }));
    compiledTables.set(table, compiled);
  }
  return compiled;
}

function safeDecode(segment: string): string {
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
 * Finds the operation for `method` + `pathname` (relative to the family base URL, e.g.
 * `/infer_request/chat/completions`). Literal segments beat `{param}` segments.
 */
export function matchOperation(
  table: OperationsTable,
  method: string,
  pathname: string,
): OperationPolicy | undefined {
  const upper = method.toUpperCase();
  const actual = splitPath(pathname.startsWith("/") ? pathname : `/${pathname}`);
  let best: CompiledOperation | undefined;
  for (const candidate of compile(table)) {
    if (candidate.policy.method !== upper || candidate.segments.length !== actual.length) continue;
    if (!candidate.segments.every((segment, i) => segmentMatches(segment, actual[i] as string))) continue;
    if (!best || compareSpecificity(candidate, best) > 0) best = candidate;
  }
  return best?.policy;
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

/** The path of `url` relative to the base URL's path, or undefined when `url` is outside the base. */
function relativePath(url: URL, base: URL): string | undefined {
  if (url.origin !== base.origin) return undefined;
  const prefix = base.pathname.replace(/\/+$/, "");
  if (prefix === "") return url.pathname;
  if (url.pathname === prefix) return "/";
  if (url.pathname.startsWith(`${prefix}/`)) return url.pathname.slice(prefix.length);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Helpers

function joinSignals(signals: ReadonlyArray<AbortSignal | undefined>): {
  signal: AbortSignal;
  dispose: () => void;
} {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  if (present.length === 1) return { signal: present[0] as AbortSignal, dispose: () => {} };
  const any = (AbortSignal as { any?: (signals: AbortSignal[]) => AbortSignal }).any;
  if (typeof any === "function") return { signal: any.call(AbortSignal, present), dispose: () => {} };
  const controller = new AbortController();
  const listeners: Array<[AbortSignal, () => void]> = [];
  for (const s of present) {
    if (s.aborted) {
      controller.abort(s.reason);
      break;
    }
    const listener = (): void => controller.abort(s.reason);
    s.addEventListener("abort", listener, { once: true });
    listeners.push([s, listener]);
  }
  return {
    signal: controller.signal,
    dispose: () => {
      for (const [s, listener] of listeners) s.removeEventListener("abort", listener);
    },
  };
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

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

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

interface PreparedRequest {
  url: URL;
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

async function prepare(
  input: Request | string | URL,
  init: RequestInit | undefined,
): Promise<PreparedRequest> {
  const isRequest = typeof Request !== "undefined" && input instanceof Request;
  const url = parseUrl(isRequest ? (input as Request).url : String(input));
  if (url.username || url.password) {
    throw new ThetaValidationError({
      field: "url",
      message: `The request URL ${redactUrl(url)} contains credentials (user:password@)`,
      fix: "Remove them from the URL and pass the credential through the client options, the secret provider or the environment",
    });
  }
  const method = (init?.method ?? (isRequest ? (input as Request).method : "GET")).toUpperCase();
  const headers = new Headers(isRequest ? (input as Request).headers : undefined);
  if (init?.headers) {
    for (const [key, value] of new Headers(init.headers)) headers.set(key, value);
  }
  const signal = init?.signal ?? (isRequest ? (input as Request).signal : undefined) ?? undefined;

  let bytes: Uint8Array<ArrayBuffer> | undefined;
  let stream: PreparedRequest["stream"];
  const initBody = init?.body;
  if (initBody !== undefined && initBody !== null) {
    if (isStreamBody(initBody)) {
      stream = initBody;
    } else {
      const carrier = new Response(initBody);
      bytes = new Uint8Array(await carrier.arrayBuffer());
      const type = carrier.headers.get("content-type");
      if (type && !headers.has("content-type")) headers.set("content-type", type);
    }
  } else if (isRequest && (input as Request).body !== null) {
    const request = input as Request;
    if (request.bodyUsed) {
      throw new ThetaValidationError({
        field: "body",
        message: "The request body was already read",
        fix: "Pass a fresh Request (or the body in init) to the transport",
      });
    }
    bytes = new Uint8Array(await request.arrayBuffer());
  }

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
  return { url, method, headers, bytes, stream, signal, timeoutOverrideMs };
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
export function createTransport(options: TransportOptions): ThetaFetch {
  const base = parseUrl(options.baseUrl);
  const logger = redactingLogger(options.logger ?? silentLogger);
  const capMs = options.retryAfterCapMs ?? DEFAULT_RETRY_AFTER_CAP_MS;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? defaultSleep;
  const jitter = options.jitter ?? "equal";
  const maxRedirects = options.maxRedirects ?? 5;
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  const { http } = options;

  const backoff = (failedAttempt: number, hintMs: number | undefined): number => {
    if (hintMs !== undefined && Number.isFinite(hintMs))
      return Math.min(Math.max(0, Math.round(hintMs)), capMs);
    const ceiling = Math.min(capMs, http.retryBackoffMs * 2 ** (failedAttempt - 1));
    const r = Math.min(Math.max(random(), 0), 1);
    return Math.round(jitter === "full" ? r * ceiling : ceiling / 2 + (r * ceiling) / 2);
  };

  const checkScheme = (url: URL): void => {
    if (url.protocol === "https:") return;
    if (url.protocol === "http:") {
      if (options.allowInsecureLoopback && isLoopbackHost(url.hostname)) return;
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

  return async function thetaFetch(input: Request | string | URL, init?: RequestInit): Promise<Response> {
    const request = await prepare(input, init);
    let url = request.url;
    checkScheme(url);
    const { method, headers } = request;
    const relative = relativePath(url, base);
    const policy =
      (relative === undefined ? undefined : matchOperation(options.operations, method, relative)) ??
      defaultPolicy(method, url);
    const { operationId } = policy;
    const context = (): AttemptContext => ({ operationId, method, url: url.href });

    // Authentication only under the family's base URL (origin + path prefix): never to presigned
    // upload URLs or another family's prefix on a shared origin.
    if (relative !== undefined && options.headers) {
      const extra = await options.headers();
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
      logger.info("theta.http.dry_run", { family: options.family, operationId, method, url: plan.url });
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

    for (;;) {
      attempt += 1;
      if (callerSignal?.aborted) throw abortError(callerSignal, context());
      const attemptController = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        attemptController.abort();
      }, timeoutMs);
      // Never keep a process alive just for this timer (e.g. a body nobody reads).
      (timer as { unref?: () => void }).unref?.();
      const joined = joinSignals([callerSignal, attemptController.signal]);
      const stopTimer = (): void => clearTimeout(timer);
      const finish = (): void => {
        clearTimeout(timer);
        joined.dispose();
      };
      const started = Date.now();
      logger.debug("theta.http.request", {
        family: options.family,
        operationId,
        method,
        url: url.href,
        attempt,
      });

      const timeoutError = (): ThetaTimeoutError =>
        new ThetaTimeoutError({ ...context(), timeoutMs, phase: "attempt" });

      let response: Response;
      try {
        const requestInit: RequestInit & { duplex?: "half" } = {
          method,
          headers,
          redirect: "manual",
          signal: joined.signal,
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
          message: `${operationId} lost the connection after the request was sent: the outcome is unknown and the request may have reached the server. It was not retried (${why}); check its status before retrying.`,
        });
      }

      const { status } = response;
      logger.debug("theta.http.response", { operationId, status, attempt, durationMs: Date.now() - started });

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
        logger.debug("theta.http.redirect", { operationId, status, from: url.href, to: target.href });
        redirects += 1;
        url = target;
        attempt -= 1; // following a redirect is not a retry
        continue;
      }

      if (status >= 200 && status < 300) {
        return guardBody(response, {
          keepTimer: !(policy.stream || isEventStreamType(response)),
          stopTimer,
          finish,
          timedOut: () => timedOut,
          timeoutError,
          callerSignal,
          context,
          eventStream: isEventStreamType(response),
        });
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

    async function pause(failedAttempt: number, hintMs: number | undefined, reason: string, code?: string) {
      const delayMs = backoff(failedAttempt, hintMs);
      logger.warn("theta.http.retry", {
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
  };
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
}

/**
 * Returns the response with its body wrapped so that read failures surface as typed errors
 * (timeout, abort, broken connection) and the attempt timer is cleared when the body ends.
 */
function guardBody(response: Response, ctx: GuardContext): Response {
  if (!ctx.keepTimer) ctx.stopTimer();
  if (!response.body || response.status === 204 || response.status === 205) {
    ctx.finish();
    return response;
  }
  const reader = response.body.getReader();
  const mapError = (error: unknown): unknown => {
    if (ctx.timedOut()) return ctx.timeoutError();
    if (ctx.callerSignal?.aborted) return abortError(ctx.callerSignal, ctx.context());
    if (ThetaError.isInstance(error)) return error;
    if (ctx.eventStream) {
      return new ThetaStreamError({
        code: "stream_error",
        operationId: ctx.context().operationId,
        message: `${ctx.context().operationId}: the event stream broke mid-way (the connection was lost). Retry the request.`,
        cause: error,
      });
    }
    return new ThetaConnectionError({
      ...ctx.context(),
      outcome: "unknown",
      message: `${ctx.context().operationId}: the connection broke while reading the response. The request reached the server; check its status before retrying.`,
      cause: error,
    });
  };
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          ctx.finish();
          controller.close();
        } else {
          controller.enqueue(value);
        }
      } catch (error) {
        ctx.finish();
        controller.error(mapError(error));
      }
    },
    async cancel(reason) {
      ctx.finish();
      await reader.cancel(reason).catch(() => undefined);
    },
  });
  const wrapped = new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  Object.defineProperty(wrapped, "url", { value: response.url, enumerable: true });
  Object.defineProperty(wrapped, "redirected", { value: response.redirected, enumerable: true });
  return wrapped;
}
