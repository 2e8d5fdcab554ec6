/**
 * The one fast path beside the typed client: a call to an operation of the generated table, keyed
 * by its policy, sent straight through the transport. openapi-fetch builds a `Request` (with a
 * stream for its body) and runs middleware per call, which costs more than a small call's own work
 * (the catalog, chat streams: `bench/` shows the difference as "typed client vs operation call").
 * Same transport, so the same policy (the transport is told the operation, never guesses it from
 * the URL), credentials, retries, timeouts, errors and redaction.
 */
import { type CallSettings, callSettingsFrom, withCallSettings } from "./call-settings.js";
import { ThetaValidationError } from "./errors.js";
import type { OperationPolicy } from "./operations.js";

/** Read by the transport: the operation an `init` is for (see `operationOf`). */
export const OPERATION_INIT_KEY = Symbol.for("theta.transport.operation");

export interface OperationCallOptions extends CallSettings {
  /** Values of the path template's `{name}` parameters (encoded here). */
  readonly path?: Readonly<Record<string, string | number>>;
  /** Query parameters (undefined values are left out), in this order. */
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** A JSON body (sent with `content-type: application/json`). */
  readonly json?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

/** The URL of `policy` under `baseUrl`, its parameters encoded; a missing one is a validation error. */
export function operationUrl(
  baseUrl: string,
  policy: OperationPolicy,
  options: OperationCallOptions,
): string {
  // Most hot calls (the catalog) have no path parameters: skip the template pass for them.
  let url = !policy.path.includes("{")
    ? baseUrl + policy.path
    : baseUrl +
      policy.path.replace(/\{([^}]+)\}/g, (_whole, name: string) => {
        const value = options.path?.[name];
        if (value === undefined || value === "") {
          throw new ThetaValidationError({
            field: name,
            message: `${policy.operationId} needs the path parameter "${name}"`,
            fix: `pass ${name}`,
          });
        }
        return encodeURIComponent(String(value));
      });
  if (options.query) {
    let separator = "?";
    for (const [key, value] of Object.entries(options.query)) {
      if (value === undefined) continue;
      url += `${separator}${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`;
      separator = "&";
    }
  }
  return url;
}

/** The `RequestInit` of a call to `policy`, tagged with the operation for the transport. */
export function operationInit(policy: OperationPolicy, options: OperationCallOptions): RequestInit {
  const init: RequestInit & { [OPERATION_INIT_KEY]?: OperationPolicy } = { method: policy.method };
  if (options.json !== undefined) {
    init.headers = { ...options.headers, "content-type": "application/json" };
    init.body = JSON.stringify(options.json);
  } else if (options.headers) {
    init.headers = { ...options.headers };
  }
  if (options.signal) init.signal = options.signal;
  if (options.timeoutMs !== undefined || options.maxRetries !== undefined) {
    withCallSettings(init, callSettingsFrom(options));
  }
  // A plain symbol key: fetch ignores it, and it costs less per call than defineProperty.
  init[OPERATION_INIT_KEY] = policy;
  return init;
}

/** The operation an `init` was tagged with by `operationInit`, if any. */
export function operationOf(init: RequestInit | undefined): OperationPolicy | undefined {
  return (init as { [OPERATION_INIT_KEY]?: OperationPolicy } | undefined)?.[OPERATION_INIT_KEY];
}
