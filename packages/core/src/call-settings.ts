/**
 * Per-request HTTP settings (`timeoutMs`, `maxRetries` of one call, as openai-node allows): checked
 * against the same ranges as the client options, then carried on the call's `RequestInit` for the
 * transport, which prefers them to the client's settings for that request only.
 */
import { ThetaValidationError } from "./errors.js";
import { HTTP_SETTING_LIMITS } from "./http-settings.js";
import { MAX_RETRIES_HEADER, TIMEOUT_HEADER } from "./request-prepare.js";

/** What one request may override of the client's HTTP settings. */
export interface CallSettings {
  /** Per-attempt timeout of this request (same range as the client's `timeoutMs`). */
  readonly timeoutMs?: number;
  /** Retries after the first attempt of this request (same range as the client's `maxRetries`). */
  readonly maxRetries?: number;
}

/** Read by the transport: the per-call settings an `init` carries (see `callSettingsOf`). */
export const CALL_SETTINGS_INIT_KEY = Symbol.for("theta.transport.callSettings");

const PER_CALL_OPTIONS = ["timeoutMs", "maxRetries"] as const;

/**
 * The per-call settings of `options`, validated: a value outside the client option's range is a
 * `ThetaValidationError` naming the option, thrown before any request. Undefined when none is set.
 */
export function callSettingsFrom(options: CallSettings): CallSettings | undefined {
  let settings: { timeoutMs?: number; maxRetries?: number } | undefined;
  for (const option of PER_CALL_OPTIONS) {
    const value = options[option];
    if (value === undefined) continue;
    const limits = HTTP_SETTING_LIMITS.find((knob) => knob.option === option);
    if (limits === undefined) continue;
    if (typeof value !== "number" || !Number.isInteger(value) || value < limits.min || value > limits.max) {
      throw new ThetaValidationError({
        field: option,
        message: `The per-call ${option} option must be an integer from ${limits.min} to ${limits.max} (got ${JSON.stringify(value)})`,
        fix: `pass ${option} as a whole number in that range, or leave it out to use the client's setting`,
      });
    }
    settings ??= {};
    settings[option] = value;
  }
  return settings;
}

/** `init` carrying `settings` for the transport (a symbol key: fetch ignores it). */
export function withCallSettings<Init extends RequestInit>(
  init: Init,
  settings: CallSettings | undefined,
): Init {
  if (settings !== undefined)
    (init as Init & { [CALL_SETTINGS_INIT_KEY]?: CallSettings })[CALL_SETTINGS_INIT_KEY] = settings;
  return init;
}

/** The per-call settings an `init` carries, if any. */
export function callSettingsOf(init: RequestInit | undefined): CallSettings | undefined {
  return (init as { [CALL_SETTINGS_INIT_KEY]?: CallSettings } | undefined)?.[CALL_SETTINGS_INIT_KEY];
}

/**
 * The per-call settings of `options` (validated) as request headers, for calls made through the typed
 * (openapi-fetch) client, whose `init` does not reach the transport; the transport strips them.
 */
export function callSettingsHeaders(options: CallSettings): Record<string, string> {
  const settings = callSettingsFrom(options);
  const headers: Record<string, string> = {};
  if (settings?.timeoutMs !== undefined) headers[TIMEOUT_HEADER] = String(settings.timeoutMs);
  if (settings?.maxRetries !== undefined) headers[MAX_RETRIES_HEADER] = String(settings.maxRetries);
  return headers;
}
