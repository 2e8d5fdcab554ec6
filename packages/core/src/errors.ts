/**
 * Typed errors of the Theta SDK.
 *
 * Every class carries a `Symbol.for("theta.error")` marker plus its own
 * `Symbol.for("theta.error.<Name>")` marker, so `ThetaError.isInstance(e)` and
 * `ThetaApiError.isInstance(e)` work across duplicated copies of this package (where `instanceof`
 * fails). Messages pass through the redactor, say what failed and what to do, and never contain
 * secrets or request bodies. `toJSON()` returns a redacted plain object without the stack.
 */

import type { DryRunPlan } from "./dry-run-plan.js";
import { redact, redactHeaders, redactText, redactUrl } from "./redact.js";

export type ThetaErrorCode =
  | "capacity_exhausted"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "rate_limited"
  | "server_error"
  | "api_error"
  | "connection_error"
  | "outcome_unknown"
  | "timeout"
  | "aborted"
  | "validation_error"
  | "host_refused"
  | "config_error"
  | "missing_credential"
  | "dry_run"
  | "budget_exceeded"
  | "stream_incomplete"
  | "stream_error"
  | "stream_buffer_exceeded"
  /** The transport refused to follow a redirect (cross-origin, hidden target, too many). */
  | "redirect_refused"
  /** A success body passed the transport's `maxResponseBytes`; reading stopped there. */
  | "response_too_large";

const BASE_MARKER = "theta.error";

function markerSymbol(name: string): symbol {
  return Symbol.for(`${BASE_MARKER}.${name}`);
}

function hasMarker(value: unknown, marker: symbol): boolean {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    (value as Record<symbol, unknown>)[marker] === true
  );
}

function defineMarker(target: object, marker: symbol): void {
  Object.defineProperty(target, marker, { value: true, enumerable: false, writable: false });
}

/** Joins sentences: `"a"`, `"b"` → `"a. b"` (no doubled punctuation). */
export function joinSentences(...parts: Array<string | undefined>): string {
  let out = "";
  for (const raw of parts) {
    const part = raw?.trim();
    if (!part) continue;
    if (out.length === 0) out = part;
    else out = `${/[.!?]$/.test(out) ? out : `${out}.`} ${part}`;
  }
  return out;
}

/** Supports both `new X(message, init)` and `new X({ message, ...init })`. */
function withMessage<T extends { message?: string }>(
  first: string | T | undefined,
  second: T | undefined,
): T {
  if (typeof first === "string") return { ...(second ?? ({} as T)), message: first };
  return first ?? second ?? ({} as T);
}

/** Also used by error-from-response.ts. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * A redacted copy of an error cause: keeps `name`, `message`, `code`, `errno`, `syscall` and the
 * nested cause chain (all scrubbed), so `util.inspect(err)` can never print a secret held by a cause.
 * Theta errors are kept as they are (they are already redacted).
 */
function sanitizeCause(cause: unknown, depth = 0): unknown {
  if (cause === undefined || cause === null) return cause;
  if (hasMarker(cause, Symbol.for(BASE_MARKER))) return cause;
  if (depth > 4) return undefined;
  if (cause instanceof Error) {
    const copy = new Error(redactText(cause.message));
    Object.defineProperty(copy, "name", {
      value: cause.name,
      enumerable: false,
      writable: true,
      configurable: true,
    });
    copy.stack = cause.stack === undefined ? undefined : redactText(cause.stack);
    for (const key of ["code", "errno", "syscall", "status"] as const) {
      const value = (cause as unknown as Record<string, unknown>)[key];
      if (typeof value === "string" || typeof value === "number") {
        (copy as unknown as Record<string, unknown>)[key] =
          typeof value === "string" ? redactText(value) : value;
      }
    }
    if (cause.cause !== undefined) {
      const nested = sanitizeCause(cause.cause, depth + 1);
      if (nested !== undefined) (copy as { cause?: unknown }).cause = nested;
    }
    return copy;
  }
  return redact(cause);
}

export interface ThetaErrorOptions {
  code: ThetaErrorCode;
  /** The underlying error; stored as a redacted copy. */
  cause?: unknown;
}

/** Base class of every error the SDK throws. */
export class ThetaError extends Error {
  declare readonly code: ThetaErrorCode;

  constructor(message: string, options: ThetaErrorOptions) {
    const cause = sanitizeCause(options.cause);
    super(redactText(message), cause === undefined ? undefined : { cause });
    defineMarker(this, Symbol.for(BASE_MARKER));
    this.code = options.code;
    if (cause === undefined) {
      // Keep `util.inspect` output tidy: no `[cause]: undefined`.
      delete (this as { cause?: unknown }).cause;
    }
  }

  /** True for any Theta error, including ones created by another copy of this package. */
  static isInstance(error: unknown): error is ThetaError {
    return hasMarker(error, Symbol.for(BASE_MARKER));
  }

  /** Subclass-specific fields for `toJSON`; redacted by `toJSON`. */
  protected details(): Record<string, unknown> {
    return {};
  }

  /** A redacted plain object: `name`, `code`, `message`, the subclass fields and the cause (no stack). */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, code: this.code, message: this.message };
    for (const [key, value] of Object.entries(this.details())) {
      if (value !== undefined) out[key] = value;
    }
    if (this.cause !== undefined) out.cause = this.cause;
    return redact(out);
  }
}

function setName(ctor: { prototype: object }, name: string): void {
  // On the prototype (not the instance) so the stack header says `ThetaApiError: ...`.
  Object.defineProperty(ctor.prototype, "name", {
    value: name,
    enumerable: false,
    writable: true,
    configurable: true,
  });
}
setName(ThetaError, "ThetaError");

// ---------------------------------------------------------------------------------------------
// API errors

export interface ThetaApiErrorInit {
  status: number;
  /** Replaces the generated message (`"<operationId> failed: HTTP <status> <server message>. <fix>"`). */
  message?: string;
  /** The server's own message (already extracted from the body); redacted and shortened. */
  serverMessage?: string;
  /** Parsed response body (JSON) or its text; stored redacted. */
  body?: unknown;
  requestId?: string;
  operationId?: string;
  method?: string;
  url?: string;
  /** Defaults from the status (408, 425, 429, 5xx, 409 capacity). */
  retriable?: boolean;
  /** Defaults from the status and server message. */
  code?: ThetaErrorCode;
  /** Milliseconds the server asked to wait (`retry-after-ms` / `Retry-After`). */
  retryAfterMs?: number;
  /** Overrides the generated "what to do" sentence. */
  fix?: string;
  cause?: unknown;
}

const CAPACITY_PATTERN = /no instances available/i;

/** Maps an HTTP status (and the server message) to a Theta error code. */
export function apiErrorCode(status: number, serverMessage?: string): ThetaErrorCode {
  if (status === 409 && serverMessage !== undefined && CAPACITY_PATTERN.test(serverMessage)) {
    return "capacity_exhausted";
  }
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 429) return "rate_limited";
  if (status >= 500 && status <= 599) return "server_error";
  return "api_error";
}

/** Whether a response status is worth retrying (the transport still decides per operation). */
export function isRetriableStatus(status: number, serverMessage?: string): boolean {
  if (status === 408 || status === 425 || status === 429) return true;
  if (status >= 500 && status <= 599) return true;
  return apiErrorCode(status, serverMessage) === "capacity_exhausted";
}

function apiFix(code: ThetaErrorCode, status: number): string {
  switch (code) {
    case "capacity_exhausted":
      return "The service has no free instances right now; retry in a few seconds or choose another service";
    case "unauthorized":
      return "Check that the API credential for this service is set and valid (see the credential's environment variables)";
    case "forbidden":
      return "The credential was accepted but may not do this; check that the project or organization id belongs to the same account as the key";
    case "not_found":
      return "Check the id and the base URL; the resource may not exist or may already be deleted";
    case "rate_limited":
      return "Too many requests; wait for the delay the server asks for and retry";
    case "server_error":
      return "The Theta service failed; retry later";
    default:
      if (status === 408 || status === 425) return "The server did not finish in time; retry the request";
      if (status === 400 || status === 422) return "Check the request parameters against the API reference";
      if (status === 413) return "The request is too large; send a smaller input";
      return "Check the request and try again";
  }
}

function sentenceFragment(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** A non-2xx answer from a Theta API. */
export class ThetaApiError extends ThetaError {
  readonly status: number;
  declare readonly requestId?: string;
  /** Parsed (JSON) or text body of the response, redacted. */
  declare readonly body?: unknown;
  readonly retriable: boolean;
  declare readonly operationId?: string;
  declare readonly method?: string;
  /** Redacted request URL. */
  declare readonly url?: string;
  declare readonly retryAfterMs?: number;

  constructor(message: string, init: ThetaApiErrorInit);
  constructor(init: ThetaApiErrorInit);
  constructor(first: string | ThetaApiErrorInit, second?: ThetaApiErrorInit) {
    const init = withMessage(first, second);
    const serverMessage = init.serverMessage
      ? truncate(sentenceFragment(redactText(init.serverMessage)), 280)
      : "";
    const code = init.code ?? apiErrorCode(init.status, init.serverMessage);
    const what =
      init.operationId ??
      (init.method && init.url ? `${init.method.toUpperCase()} ${redactUrl(init.url)}` : "The request");
    const head = `${what} failed: HTTP ${init.status}${serverMessage ? ` ${serverMessage}` : ""}`;
    const requestIdNote = init.requestId ? `(request id ${redactText(init.requestId)})` : undefined;
    super(init.message ?? joinSentences(head, init.fix ?? apiFix(code, init.status), requestIdNote), {
      code,
      cause: init.cause,
    });
    defineMarker(this, markerSymbol("ThetaApiError"));
    this.status = init.status;
    if (init.requestId !== undefined) this.requestId = redactText(init.requestId);
    if (init.body !== undefined) this.body = redact(init.body);
    this.retriable = init.retriable ?? isRetriableStatus(init.status, init.serverMessage);
    if (init.operationId !== undefined) this.operationId = init.operationId;
    if (init.method !== undefined) this.method = init.method.toUpperCase();
    if (init.url !== undefined) this.url = redactUrl(init.url);
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
  }

  static override isInstance(error: unknown): error is ThetaApiError {
    return hasMarker(error, markerSymbol("ThetaApiError"));
  }

  protected override details(): Record<string, unknown> {
    return {
      status: this.status,
      retriable: this.retriable,
      requestId: this.requestId,
      operationId: this.operationId,
      method: this.method,
      url: this.url,
      retryAfterMs: this.retryAfterMs,
      body: this.body,
    };
  }
}
setName(ThetaApiError, "ThetaApiError");

// ---------------------------------------------------------------------------------------------
// Transport errors

interface RequestContext {
  operationId?: string;
  method?: string;
  url?: string;
}

function describeRequest(context: RequestContext): string {
  if (context.operationId) return context.operationId;
  if (context.method && context.url) return `${context.method.toUpperCase()} ${redactUrl(context.url)}`;
  if (context.url) return redactUrl(context.url);
  return "The request";
}

function assignContext(target: RequestContext, context: RequestContext): void {
  if (context.operationId !== undefined) target.operationId = context.operationId;
  if (context.method !== undefined) target.method = context.method.toUpperCase();
  if (context.url !== undefined) target.url = redactUrl(context.url);
}

export interface ThetaConnectionErrorInit extends RequestContext {
  /** `not_sent`: nothing reached the server (safe to retry). `unknown`: it may have. */
  outcome: "not_sent" | "unknown";
  /**
   * False for a request that changes nothing on the server (a read): the generated message then
   * does not ask to check its status. Default: it may have changed something.
   */
  mayHaveRun?: boolean;
  /** Overrides the generated message. */
  message?: string;
  cause?: unknown;
}

/** The connection failed (DNS, refused, reset, TLS) before a response arrived. */
export class ThetaConnectionError extends ThetaError {
  readonly outcome: "not_sent" | "unknown";
  declare readonly operationId?: string;
  declare readonly method?: string;
  declare readonly url?: string;

  constructor(message: string, init: ThetaConnectionErrorInit);
  constructor(init: ThetaConnectionErrorInit);
  constructor(first: string | ThetaConnectionErrorInit, second?: ThetaConnectionErrorInit) {
    const init = withMessage(first, second);
    const what = describeRequest(init);
    const reason =
      init.cause instanceof Error
        ? `: ${(init.cause as Error & { cause?: { code?: unknown } }).cause?.code ?? init.cause.message}`
        : "";
    const message =
      init.message ??
      (init.outcome === "not_sent"
        ? joinSentences(
            `${what} could not connect${reason}`,
            "The request was not sent; check the network and the base URL, then retry",
          )
        : init.mayHaveRun === false
          ? joinSentences(
              `${what} lost the connection after sending${reason}`,
              "It only reads, so nothing changed on the server; retry later",
            )
          : joinSentences(
              `${what} lost the connection after sending${reason}`,
              "The request may have reached the server; check its status before retrying",
            ));
    super(message, {
      code: init.outcome === "not_sent" ? "connection_error" : "outcome_unknown",
      cause: init.cause,
    });
    defineMarker(this, markerSymbol("ThetaConnectionError"));
    this.outcome = init.outcome;
    assignContext(this, init);
  }

  static override isInstance(error: unknown): error is ThetaConnectionError {
    return hasMarker(error, markerSymbol("ThetaConnectionError"));
  }

  protected override details(): Record<string, unknown> {
    return { outcome: this.outcome, operationId: this.operationId, method: this.method, url: this.url };
  }
}
setName(ThetaConnectionError, "ThetaConnectionError");

export type TimeoutPhase = "attempt" | "first_chunk" | "idle" | "deadline";

export interface ThetaTimeoutErrorInit extends RequestContext {
  timeoutMs: number;
  phase: TimeoutPhase;
  /**
   * False for a request that changes nothing on the server (a read): the generated message of an
   * `attempt` timeout then does not ask to check its status. Default: it may have run.
   */
  mayHaveRun?: boolean;
  message?: string;
  cause?: unknown;
}

const TIMEOUT_TEXT: Record<TimeoutPhase, [string, string]> = {
  attempt: [
    "got no response within",
    "Raise timeoutMs (or THETA_HTTP_TIMEOUT_MS) or retry later; a paid request may still have run, so check its status first",
  ],
  first_chunk: ["stream sent no first chunk within", "Raise the first-chunk timeout or retry later"],
  idle: ["stream went silent for", "Raise the idle timeout or retry; the partial output is incomplete"],
  deadline: [
    "did not finish within its deadline of",
    "Raise the overall timeout or poll the status again later",
  ],
};

const READ_TIMEOUT_FIX = "Raise timeoutMs (or THETA_HTTP_TIMEOUT_MS) or retry later";

/** A timeout: per attempt, waiting for the first stream chunk, between chunks, or an overall deadline. */
export class ThetaTimeoutError extends ThetaError {
  readonly timeoutMs: number;
  readonly phase: TimeoutPhase;
  declare readonly operationId?: string;
  declare readonly method?: string;
  declare readonly url?: string;

  constructor(message: string, init: ThetaTimeoutErrorInit);
  constructor(init: ThetaTimeoutErrorInit);
  constructor(first: string | ThetaTimeoutErrorInit, second?: ThetaTimeoutErrorInit) {
    const init = withMessage(first, second);
    const [what, defaultFix] = TIMEOUT_TEXT[init.phase];
    const fix = init.phase === "attempt" && init.mayHaveRun === false ? READ_TIMEOUT_FIX : defaultFix;
    super(init.message ?? joinSentences(`${describeRequest(init)} ${what} ${init.timeoutMs} ms`, fix), {
      code: "timeout",
      cause: init.cause,
    });
    defineMarker(this, markerSymbol("ThetaTimeoutError"));
    this.timeoutMs = init.timeoutMs;
    this.phase = init.phase;
    assignContext(this, init);
  }

  static override isInstance(error: unknown): error is ThetaTimeoutError {
    return hasMarker(error, markerSymbol("ThetaTimeoutError"));
  }

  protected override details(): Record<string, unknown> {
    return {
      timeoutMs: this.timeoutMs,
      phase: this.phase,
      operationId: this.operationId,
      method: this.method,
      url: this.url,
    };
  }
}
setName(ThetaTimeoutError, "ThetaTimeoutError");

export interface ThetaAbortErrorInit extends RequestContext {
  message?: string;
  cause?: unknown;
}

/** The caller's `AbortSignal` fired. */
export class ThetaAbortError extends ThetaError {
  declare readonly operationId?: string;
  declare readonly method?: string;
  declare readonly url?: string;

  constructor(message?: string, init?: ThetaAbortErrorInit);
  constructor(init?: ThetaAbortErrorInit);
  constructor(first?: string | ThetaAbortErrorInit, second?: ThetaAbortErrorInit) {
    const init = withMessage(first, second);
    super(
      init.message ??
        joinSentences(
          `${describeRequest(init)} was aborted by the caller's signal`,
          "Nothing to fix unless the abort was unintended; a paid request may still have run, so check its status",
        ),
      { code: "aborted", cause: init.cause },
    );
    defineMarker(this, markerSymbol("ThetaAbortError"));
    assignContext(this, init);
  }

  static override isInstance(error: unknown): error is ThetaAbortError {
    return hasMarker(error, markerSymbol("ThetaAbortError"));
  }

  protected override details(): Record<string, unknown> {
    return { operationId: this.operationId, method: this.method, url: this.url };
  }
}
setName(ThetaAbortError, "ThetaAbortError");

// ---------------------------------------------------------------------------------------------
// Input / configuration errors

export interface ValidationIssue {
  field: string;
  message: string;
  fix: string;
}

export interface ThetaValidationErrorInit {
  /** The input field (or option) that is wrong, e.g. `endpoint`, `input.max_tokens`. */
  field: string;
  /** What is wrong (the fix is appended unless the message already contains it). */
  message?: string;
  /** What to do instead. */
  fix: string;
  /** All problems found (defaults to the one above). */
  issues?: readonly ValidationIssue[];
  code?: "validation_error" | "host_refused";
  cause?: unknown;
}

/** An input the SDK refuses before sending anything. */
export class ThetaValidationError extends ThetaError {
  declare readonly code: "validation_error" | "host_refused";
  readonly field: string;
  readonly fix: string;
  readonly issues: readonly ValidationIssue[];

  constructor(message: string, init: ThetaValidationErrorInit);
  constructor(init: ThetaValidationErrorInit);
  constructor(first: string | ThetaValidationErrorInit, second?: ThetaValidationErrorInit) {
    const init = withMessage(first, second);
    const problem = init.message ?? `${init.field} is invalid`;
    const fixText = problem.toLowerCase().includes(init.fix.trim().toLowerCase()) ? undefined : init.fix;
    const extra = (init.issues?.length ?? 0) > 1 ? `(${init.issues?.length} problems in total)` : undefined;
    super(joinSentences(problem, fixText, extra), {
      code: init.code ?? "validation_error",
      cause: init.cause,
    });
    defineMarker(this, markerSymbol("ThetaValidationError"));
    this.field = redactText(init.field);
    this.fix = redactText(init.fix);
    this.issues = (init.issues ?? [{ field: init.field, message: problem, fix: init.fix }]).map((issue) => ({
      field: redactText(issue.field),
      message: redactText(issue.message),
      fix: redactText(issue.fix),
    }));
  }

  static override isInstance(error: unknown): error is ThetaValidationError {
    return hasMarker(error, markerSymbol("ThetaValidationError"));
  }

  protected override details(): Record<string, unknown> {
    return { field: this.field, fix: this.fix, issues: this.issues };
  }
}
setName(ThetaValidationError, "ThetaValidationError");

export interface ThetaConfigErrorInit {
  /** What is wrong and what to do (one or two sentences). */
  message?: string;
  /** The environment variable or option that holds the bad value. */
  variable?: string;
  /** The credential key (e.g. `apiToken`) that is missing. */
  credential?: string;
  /** Environment variables that can provide the value. */
  envNames?: readonly string[];
  /** Human description of accepted values, e.g. `an integer from 1000 to 120000`. */
  accepted?: string;
  code?: "config_error" | "missing_credential";
  cause?: unknown;
}

/** Bad or missing configuration: credentials, environment variables, client options. */
export class ThetaConfigError extends ThetaError {
  declare readonly code: "config_error" | "missing_credential";
  declare readonly variable?: string;
  declare readonly credential?: string;
  declare readonly envNames?: string[];
  declare readonly accepted?: string;

  constructor(message: string, init?: ThetaConfigErrorInit);
  constructor(init: ThetaConfigErrorInit);
  constructor(first: string | ThetaConfigErrorInit, second?: ThetaConfigErrorInit) {
    const init = withMessage(first, second);
    const fallback = joinSentences(
      `Invalid configuration${init.variable ? ` in ${init.variable}` : ""}`,
      init.accepted ? `Use ${init.accepted}` : undefined,
    );
    super(init.message ?? fallback, { code: init.code ?? "config_error", cause: init.cause });
    defineMarker(this, markerSymbol("ThetaConfigError"));
    if (init.variable !== undefined) this.variable = redactText(init.variable);
    if (init.credential !== undefined) this.credential = redactText(init.credential);
    if (init.envNames !== undefined) this.envNames = init.envNames.map((name) => redactText(name));
    if (init.accepted !== undefined) this.accepted = redactText(init.accepted);
  }

  static override isInstance(error: unknown): error is ThetaConfigError {
    return hasMarker(error, markerSymbol("ThetaConfigError"));
  }

  protected override details(): Record<string, unknown> {
    return {
      variable: this.variable,
      credential: this.credential,
      envNames: this.envNames,
      accepted: this.accepted,
    };
  }
}
setName(ThetaConfigError, "ThetaConfigError");

// ---------------------------------------------------------------------------------------------
// Dry run, budget, streams

export interface ThetaDryRunErrorInit {
  plan: DryRunPlan;
  message?: string;
}

/** Dry-run is on and the operation is mutating: nothing was sent; `plan` shows what would have been. */
export class ThetaDryRunError extends ThetaError {
  /** The request that would have been sent, redacted (headers, URL, body). */
  readonly plan: DryRunPlan;

  constructor(message: string, init: ThetaDryRunErrorInit);
  constructor(init: ThetaDryRunErrorInit);
  constructor(first: string | ThetaDryRunErrorInit, second?: ThetaDryRunErrorInit) {
    const init = withMessage(first, second);
    const plan = redactPlan(init.plan);
    super(
      init.message ??
        joinSentences(
          `Dry run: ${plan.operationId} (${plan.method} ${plan.url}) was not sent`,
          "Turn dry-run off (THETA_DRY_RUN=0 or dryRun: false) to send it; reads still run under dry-run",
        ),
      { code: "dry_run" },
    );
    defineMarker(this, markerSymbol("ThetaDryRunError"));
    this.plan = plan;
  }

  static override isInstance(error: unknown): error is ThetaDryRunError {
    return hasMarker(error, markerSymbol("ThetaDryRunError"));
  }

  protected override details(): Record<string, unknown> {
    return { plan: this.plan };
  }
}
setName(ThetaDryRunError, "ThetaDryRunError");

function redactPlan(plan: DryRunPlan): DryRunPlan {
  const copy = redact(plan);
  const headers = (plan as { headers?: unknown }).headers;
  const out = { ...copy } as DryRunPlan & { headers?: unknown; url?: unknown };
  if (headers !== undefined && headers !== null && typeof headers === "object") {
    out.headers = redactHeaders(headers as Record<string, string>);
  }
  if (typeof out.url === "string") out.url = redactUrl(out.url);
  return out;
}

export interface ThetaBudgetErrorInit {
  capUsd: number;
  spentUsd: number;
  reservedUsd: number;
  estimateUsd: number;
  /** What the money was for (e.g. the operation id). */
  label?: string;
  message?: string;
}

function usd(value: number): string {
  return `$${value.toFixed(value !== 0 && Math.abs(value) < 0.01 ? 4 : 2)}`;
}

/** A billable call would push spending past the budget cap; it was not sent. */
export class ThetaBudgetError extends ThetaError {
  readonly capUsd: number;
  readonly spentUsd: number;
  readonly reservedUsd: number;
  readonly estimateUsd: number;
  declare readonly label?: string;

  constructor(message: string, init: ThetaBudgetErrorInit);
  constructor(init: ThetaBudgetErrorInit);
  constructor(first: string | ThetaBudgetErrorInit, second?: ThetaBudgetErrorInit) {
    const init = withMessage(first, second);
    const remaining = Math.max(0, init.capUsd - init.spentUsd - init.reservedUsd);
    super(
      init.message ??
        joinSentences(
          `Budget cap reached: ${init.label ?? "this call"} needs about ${usd(init.estimateUsd)} but only ${usd(remaining)} of the ${usd(init.capUsd)} cap is left (${usd(init.spentUsd)} spent, ${usd(init.reservedUsd)} reserved); it was not sent`,
          "Raise the budget cap (capUsd) or wait for pending calls to settle",
        ),
      { code: "budget_exceeded" },
    );
    defineMarker(this, markerSymbol("ThetaBudgetError"));
    this.capUsd = init.capUsd;
    this.spentUsd = init.spentUsd;
    this.reservedUsd = init.reservedUsd;
    this.estimateUsd = init.estimateUsd;
    if (init.label !== undefined) this.label = init.label;
  }

  static override isInstance(error: unknown): error is ThetaBudgetError {
    return hasMarker(error, markerSymbol("ThetaBudgetError"));
  }

  protected override details(): Record<string, unknown> {
    return {
      capUsd: this.capUsd,
      spentUsd: this.spentUsd,
      reservedUsd: this.reservedUsd,
      estimateUsd: this.estimateUsd,
      label: this.label,
    };
  }
}
setName(ThetaBudgetError, "ThetaBudgetError");

export type ThetaStreamErrorCode = "stream_incomplete" | "stream_error" | "stream_buffer_exceeded";

const STREAM_TEXT: Record<ThetaStreamErrorCode, string> = {
  stream_incomplete: "The stream ended before it finished; the output is incomplete. Retry the request",
  stream_error: "The stream failed; retry the request",
  stream_buffer_exceeded: "A stream event exceeded the buffer cap; raise maxEventBytes or check the server",
};

export interface ThetaStreamErrorInit {
  code: ThetaStreamErrorCode;
  /** What went wrong and what to do. */
  message?: string;
  operationId?: string;
  cause?: unknown;
}

/** A streamed response broke: ended early, sent an error event, or an event exceeded the buffer cap. */
export class ThetaStreamError extends ThetaError {
  declare readonly code: ThetaStreamErrorCode;
  declare readonly operationId?: string;

  constructor(message: string, init: ThetaStreamErrorInit);
  constructor(init: ThetaStreamErrorInit);
  constructor(first: string | ThetaStreamErrorInit, second?: ThetaStreamErrorInit) {
    const init = withMessage(first, second);
    super(init.message ?? STREAM_TEXT[init.code], { code: init.code, cause: init.cause });
    defineMarker(this, markerSymbol("ThetaStreamError"));
    if (init.operationId !== undefined) this.operationId = init.operationId;
  }

  static override isInstance(error: unknown): error is ThetaStreamError {
    return hasMarker(error, markerSymbol("ThetaStreamError"));
  }

  protected override details(): Record<string, unknown> {
    return { operationId: this.operationId };
  }
}
setName(ThetaStreamError, "ThetaStreamError");
