/**
 * The HTTP transport: the custom `fetch` handed to openapi-fetch. It adds what openapi-fetch lacks:
 * operation policy (from the generated operations table), per-attempt timeouts joined with the
 * caller's signal, retries with backoff + jitter and server hints, never re-sending a billable call
 * that may have reached the server, same-origin-only redirects, HTTPS (loopback opt-in), dry-run,
 * typed errors and redacted logs. This file holds its options and the attempt loop; the parts it
 * uses are in request-prepare.ts (the request), operation-match.ts (its policy), deadlines.ts and
 * caller-signal.ts (timeouts, aborts), fetch-failure.ts (was it sent?), response-body.ts and
 * body-guard.ts (reading the answer), dry-run-plan.ts and logger.ts.
 */

import { type GuardContext, guardBody, readFailure } from "./body-guard.js";
import { RESERVATION_HEADER, type ReservationRegistry } from "./budget-reservations.js";
import { callSettingsOf } from "./call-settings.js";
import { type AttemptContext, abortError, followSignal } from "./caller-signal.js";
import { LIBRARY_TERMS } from "./caller-terms.js";
import { deadlines } from "./deadlines.js";
import { type DryRunPlan, describeBodyForPlan } from "./dry-run-plan.js";
import { apiErrorFromResponse } from "./error-from-response.js";
import {
  ThetaApiError,
  ThetaBudgetError,
  ThetaConnectionError,
  ThetaDryRunError,
  ThetaError,
  ThetaTimeoutError,
  ThetaValidationError,
} from "./errors.js";
import { isBlockedPort, wasNotSent } from "./fetch-failure.js";
import { isLoopbackHost } from "./host-policy.js";
import type { HttpSettings } from "./http-settings.js";
import { type Logger, redactingLogger } from "./logger.js";
import { operationOf } from "./operation-call.js";
import {
  basePrefix,
  defaultPolicy,
  operationMatcher,
  relativePath,
  SAFE_METHODS,
} from "./operation-match.js";
import { recordedOperation } from "./operation-middleware.js";
import type { OperationPolicy, OperationsTable } from "./operations.js";
import { abortableSleep } from "./poll.js";
import { redactHeaders, redactUrl } from "./redact.js";
import { parseUrl, prepare, type Route } from "./request-prepare.js";
import {
  discardBody,
  isEventStreamType,
  MAX_ERROR_BODY_BYTES,
  readTextCapped,
  readWholeBody,
} from "./response-body.js";

/** `TransportOptions.logger` is a Logger: importable from here too. */
export type { Logger } from "./logger.js";

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
  headers?: (policy: OperationPolicy) => Record<string, string> | Promise<Record<string, string>>;
  /**
   * Set when the client has a budget guard: a billable operation must carry an open reservation
   * (`RESERVATION_HEADER`), else it is refused before sending.
   */
  reservations?: ReservationRegistry;
  /** Allow plain `http://` for loopback hosts (127.0.0.0/8, ::1, localhost), e.g. the simulator. */
  allowInsecureLoopback?: boolean;
  /** How a refusal of plain http to loopback says to allow it (default: the library's option). */
  insecureLoopbackRemedy?: string;
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

/** How many request URLs each transport remembers as parsed and checked. */
const ROUTE_CACHE_SIZE = 256;

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return (
    value !== null && typeof value === "object" && typeof (value as { then?: unknown }).then === "function"
  );
}

function isRedirectStatus(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/**
 * Creates the transport for one API family. Use it as openapi-fetch's `fetch`
 * (`createClient({ baseUrl, fetch: transport })`), or call it directly like `fetch`.
 */
export function createTransport(options: TransportOptions): ThetaTransport {
  const base = parseUrl(options.baseUrl);
  const prefix = basePrefix(base);
  const match = operationMatcher(options.operations);
  /** The operation the typed client recorded for a Request it made (see operation-middleware.ts). */
  const typedOperation = (
    input: Request | string | URL,
    init: RequestInit | undefined,
    method: string,
  ): OperationPolicy | undefined => {
    // An operation call names its operation; only a policy of this transport's own table counts.
    const named = operationOf(init);
    if (named !== undefined) {
      return options.operations[named.operationId] === named && named.method === method ? named : undefined;
    }
    if (typeof Request === "undefined" || !(input instanceof Request)) return undefined;
    const policy = recordedOperation(input, options.operations);
    // A method overridden in `init` is another request than the one recorded.
    return policy?.method === method ? policy : undefined;
  };
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
          ? `Use https://, or ${options.insecureLoopbackRemedy ?? LIBRARY_TERMS.insecureLoopbackRemedy} to talk to a local simulator`
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
      (relative === undefined
        ? undefined
        : (typedOperation(input, init, method) ?? match(method, relative))) ?? defaultPolicy(method, url);
    const { operationId } = policy;
    const context = (): AttemptContext => ({ operationId, method, url: url.href });
    const reservation = headers.get(RESERVATION_HEADER);
    if (reservation !== null) headers.delete(RESERVATION_HEADER);
    if (
      options.reservations &&
      policy.billable &&
      !(http.dryRun && policy.mutating) &&
      !options.reservations.isOpen(reservation)
    ) {
      throw new ThetaBudgetError({
        message: `${operationId} is billable but was about to be sent without a budget reservation, so it was not sent. This is a bug in the package that made the call (it must go through withBudget); please report it.`,
        capUsd: 0,
        spentUsd: 0,
        reservedUsd: 0,
        estimateUsd: 0,
        label: operationId,
      });
    }

    // Authentication only under the family's base URL (origin + path prefix): never to presigned
    // upload URLs or another family's prefix on a shared origin.
    if (relative !== undefined && options.headers) {
      const produced = options.headers(policy);
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

    // Per-call settings (validated by the operation call) win over the operation's and the client's.
    const perCall = callSettingsOf(init);
    const maxRetries = request.stream
      ? 0
      : (perCall?.maxRetries ?? request.maxRetriesOverride ?? policy.retry?.maxRetries ?? http.maxRetries);
    const timeoutMs = perCall?.timeoutMs ?? request.timeoutOverrideMs ?? policy.timeoutMs ?? http.timeoutMs;
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

function describeBytes(bytes: number): string {
  const mebibytes = bytes / (1024 * 1024);
  return Number.isInteger(mebibytes) ? `${bytes} bytes = ${mebibytes} MiB` : `${bytes} bytes`;
}

function portOf(url: URL): string {
  return url.port || (url.protocol === "https:" ? "443" : "80");
}
