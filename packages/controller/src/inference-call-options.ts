/**
 * Options of one dedicated-endpoint call. The endpoint is fixed when the client is made: a per-call
 * endpoint (an agent passing `endpoint` through) is refused, so a prompt cannot send the deployment's
 * credentials to another host.
 */
import { type CallSettings, ThetaValidationError } from "@theta/core";

/** One call's options: an abort signal and, as for every family, its own `timeoutMs` / `maxRetries`. */
export interface InferenceCallOptions extends CallSettings {
  signal?: AbortSignal;
}

/** What of `options` goes to core's operation call (the settings are checked there). */
export function operationCallOptions(options: InferenceCallOptions): {
  signal?: AbortSignal;
  timeoutMs?: number;
  maxRetries?: number;
} {
  return {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
  };
}

/** Option names that would point one call somewhere else. */
const OVERRIDE_NAMES = ["endpoint", "baseUrl", "baseURL", "url", "host"] as const;

/** Throws ThetaValidationError when `options` tries to override the endpoint for one call. */
export function refuseEndpointOverride(options: object | undefined): void {
  if (!options) return;
  for (const name of OVERRIDE_NAMES) {
    if (name in options && (options as Record<string, unknown>)[name] !== undefined) {
      throw new ThetaValidationError({
        field: name,
        message: `A per-call ${name} is refused: the dedicated endpoint is fixed when the client is made`,
        fix: "set THETA_INFERENCE_ENDPOINT (or the endpoint option of createInferenceClient) instead",
      });
    }
  }
}
