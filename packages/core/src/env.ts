/**
 * The environment as the SDK reads it. Nothing here reads `process.env` implicitly except
 * `defaultEnv()`; every function takes the environment as an argument, so it works in tests, in
 * browsers and in hosts with their own secret store.
 */
import { ThetaConfigError } from "./errors.js";

export type Env = Readonly<Record<string, string | undefined>>;

/** `process.env` when it exists, else `{}` (browsers, workers, other runtimes). */
export function defaultEnv(): Env {
  const maybeProcess = (globalThis as { process?: { env?: Env } }).process;
  return maybeProcess?.env ?? {};
}

const TRUE_WORDS = new Set(["1", "true", "yes", "on"]);
const FALSE_WORDS = new Set(["0", "false", "no", "off", ""]);

/** Reads a boolean environment flag (`1/true/yes/on`, `0/false/no/off`); `undefined` when unset. Invalid values name the variable. */
export function envFlag(env: Env, name: string): boolean | undefined {
  const raw = env[name];
  if (raw === undefined) return undefined;
  const value = raw.trim().toLowerCase();
  if (TRUE_WORDS.has(value)) return true;
  if (FALSE_WORDS.has(value)) return false;
  throw new ThetaConfigError({
    message: `${name} must be one of 1, true, yes, on or 0, false, no, off; set one of those or unset it`,
    variable: name,
    accepted: "1, true, yes, on, 0, false, no, off",
  });
}
