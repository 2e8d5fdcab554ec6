import type { CallSettings } from "@theta/core";

/**
 * Options every call takes. `timeoutMs` and `maxRetries` override the client's settings for this call
 * only (same ranges as the client options; a bad value is a ThetaValidationError naming the option).
 */
export interface RequestOptions extends CallSettings {
  /** Aborts the call (a billable call may still have reached the server; check before retrying). */
  signal?: AbortSignal;
}
