/** The HTTP knobs (timeout, retries, backoff, dry-run): from options, else the environment, validated. */
import { defaultEnv, type Env } from "./env.js";
import { ThetaConfigError } from "./errors.js";

export interface HttpSettings {
  /** Per-attempt timeout. */
  timeoutMs: number;
  /** Retries after the first attempt (0 disables). */
  maxRetries: number;
  /** Base of the exponential backoff: delay ≈ backoff × 2^(attempt−1), with jitter. */
  retryBackoffMs: number;
  /** Mutating operations throw `ThetaDryRunError` instead of being sent. */
  dryRun: boolean;
}

interface IntegerKnob {
  option: "timeoutMs" | "maxRetries" | "retryBackoffMs";
  variable: string;
  defaultValue: number;
  min: number;
  max: number;
}

/** The integer knobs, their environment variables, defaults and accepted ranges. */
export const HTTP_SETTING_LIMITS: readonly IntegerKnob[] = [
  { option: "timeoutMs", variable: "THETA_HTTP_TIMEOUT_MS", defaultValue: 20_000, min: 1000, max: 120_000 },
  { option: "maxRetries", variable: "THETA_HTTP_MAX_RETRIES", defaultValue: 2, min: 0, max: 6 },
  {
    option: "retryBackoffMs",
    variable: "THETA_HTTP_RETRY_BACKOFF_MS",
    defaultValue: 250,
    min: 25,
    max: 10_000,
  },
];

const TRUE_WORDS = new Set(["1", "true", "yes", "on"]);
const FALSE_WORDS = new Set(["0", "false", "no", "off", ""]);

function rangeText(knob: IntegerKnob): string {
  return `an integer from ${knob.min} to ${knob.max}`;
}

function integerFromEnv(knob: IntegerKnob, raw: string): number {
  const text = raw.trim();
  // Plain decimal digits only: no sign, no decimals, no exponent ("1e3"), no hex, no "12abc".
  const value = /^[0-9]{1,9}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(value) || value < knob.min || value > knob.max) {
    throw new ThetaConfigError({
      message: `${knob.variable} is not ${rangeText(knob)} (plain decimal digits, default ${knob.defaultValue}); set it to a value in that range or unset it`,
      variable: knob.variable,
      accepted: rangeText(knob),
    });
  }
  return value;
}

function integerFromOption(knob: IntegerKnob, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < knob.min || value > knob.max) {
    throw new ThetaConfigError({
      message: `The ${knob.option} option must be ${rangeText(knob)} (default ${knob.defaultValue}); pass a value in that range or leave it out`,
      variable: knob.option,
      accepted: rangeText(knob),
    });
  }
  return value;
}

function dryRunFromEnv(raw: string): boolean {
  const value = raw.trim().toLowerCase();
  if (TRUE_WORDS.has(value)) return true;
  if (FALSE_WORDS.has(value)) return false;
  throw new ThetaConfigError({
    message:
      "THETA_DRY_RUN must be one of 1, true, yes, on (dry-run) or 0, false, no, off (send requests); set one of those or unset it",
    variable: "THETA_DRY_RUN",
    accepted: "1, true, yes, on, 0, false, no, off",
  });
}

/**
 * Reads the HTTP knobs: `THETA_HTTP_TIMEOUT_MS` (20000, 1000–120000), `THETA_HTTP_MAX_RETRIES`
 * (2, 0–6), `THETA_HTTP_RETRY_BACKOFF_MS` (250, 25–10000), `THETA_DRY_RUN` (off). Explicit
 * `overrides` win over the environment and are validated the same way. Out-of-range or malformed
 * values throw `ThetaConfigError` naming the variable (or option) and the accepted range — they are
 * never clamped. An empty environment value counts as unset.
 */
export function readHttpSettings(
  env: Env = defaultEnv(),
  overrides: Partial<HttpSettings> = {},
): HttpSettings {
  const integers: Record<IntegerKnob["option"], number> = { timeoutMs: 0, maxRetries: 0, retryBackoffMs: 0 };
  for (const knob of HTTP_SETTING_LIMITS) {
    const override = overrides[knob.option];
    const raw = env[knob.variable];
    if (override !== undefined) integers[knob.option] = integerFromOption(knob, override);
    else if (raw !== undefined && raw.trim() !== "") integers[knob.option] = integerFromEnv(knob, raw);
    else integers[knob.option] = knob.defaultValue;
  }
  let dryRun: boolean;
  if (overrides.dryRun !== undefined) {
    if (typeof overrides.dryRun !== "boolean") {
      throw new ThetaConfigError({
        message: "The dryRun option must be true or false; pass a boolean or leave it out",
        variable: "dryRun",
        accepted: "true, false",
      });
    }
    dryRun = overrides.dryRun;
  } else {
    const raw = env.THETA_DRY_RUN;
    dryRun = raw === undefined ? false : dryRunFromEnv(raw);
  }
  return { ...integers, dryRun };
}
