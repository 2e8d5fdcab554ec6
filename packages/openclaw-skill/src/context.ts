import {
  ALLOW_INSECURE_LOOPBACK_VARIABLE,
  type BudgetGuard,
  createBudgetGuard,
  defaultEnv,
  type Env,
  envFlag,
  type ServerName,
  ThetaConfigError,
} from "@theta/core";
import type { Surface } from "./command.js";

/** Progress reported while a command runs (CLI: stderr; OpenClaw: `onUpdate`; MCP: ignored). */
export type ProgressEvent =
  | {
      type: "poll";
      attempt: number;
      elapsedMs: number;
      state?: string;
      /** The request being waited for: shown so an interrupted wait loses nothing. */
      requestId?: string;
      /** The command (name and flags) that resumes waiting, e.g. `theta.<family>.pollUntilDone --request-id …`. */
      resume?: string;
    }
  | { type: "upload"; sentBytes: number; totalBytes?: number }
  | { type: "delta"; channel: "content" | "reasoning"; text: string }
  | { type: "status"; message: string };

/** Base URL overrides by server name (`@theta/core`'s `SERVERS`), e.g. a local simulator's base URLs. */
export type BaseUrlOverrides = { readonly [Server in ServerName]?: string };

/** What `executeCommand` runs with. Everything is optional. */
export interface CommandContext {
  /**
   * Secret provider, asked with environment variable names (`THETA_EC_API_KEY`, ...).
   * Secrets resolve provider first, then `env`.
   */
  readonly getSecret?: (name: string) => string | undefined | null | Promise<string | undefined | null>;
  /** Environment (defaults to `process.env`). */
  readonly env?: Env;
  /** A shared spend guard; without one, `maxBudgetUsd` / `THETA_MAX_BUDGET_USD` create one per call (once per session). */
  readonly budget?: BudgetGuard;
  /** Hard spend cap in USD when no `budget` is given (overrides `THETA_MAX_BUDGET_USD`). */
  readonly maxBudgetUsd?: number;
  readonly signal?: AbortSignal;
  /** Dry-run: mutating commands return the plan instead of sending (overrides `THETA_DRY_RUN`). */
  readonly dryRun?: boolean;
  readonly onProgress?: (event: ProgressEvent) => void;
  readonly baseUrls?: BaseUrlOverrides;
  /** Allow `http://` base URLs on loopback hosts only (the local simulator). Env: `THETA_ALLOW_INSECURE_LOOPBACK=1`. */
  readonly allowInsecureLoopback?: boolean;
  /**
   * The adapter running the command: errors then name its flags, variables or plugin settings instead
   * of the library's options. Unset: a library caller.
   */
  readonly surface?: Surface;
}

/** Reads a boolean env flag; `undefined` when unset. Invalid values name the variable (core's rule). */
export type { envFlag };

/** Parses a spend cap (USD); `undefined` when unset or empty. */
export function parseBudgetUsd(raw: string | number | undefined, variable: string): number | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === "string" && raw.trim() === "") return undefined;
  const value = typeof raw === "number" ? raw : Number(raw.trim());
  if (!Number.isFinite(value) || value < 0) {
    throw new ThetaConfigError({
      message: `${variable} must be a non-negative number of US dollars (e.g. 2.00); fix or unset it`,
      variable,
      accepted: "a number ≥ 0",
    });
  }
  return value;
}

export interface ResolvedSettings {
  readonly env: Env;
  readonly dryRun: boolean;
  readonly allowInsecureLoopback: boolean;
  readonly maxBudgetUsd?: number;
  readonly budget?: BudgetGuard;
}

/** Settings of one call: context first, then environment. */
export function resolveSettings(ctx: CommandContext): ResolvedSettings {
  const env = ctx.env ?? defaultEnv();
  const dryRun = ctx.dryRun ?? envFlag(env, "THETA_DRY_RUN") ?? false;
  const allowInsecureLoopback =
    ctx.allowInsecureLoopback ?? envFlag(env, ALLOW_INSECURE_LOOPBACK_VARIABLE) ?? false;
  const maxBudgetUsd = ctx.budget
    ? ctx.budget.capUsd
    : ctx.maxBudgetUsd !== undefined
      ? parseBudgetUsd(ctx.maxBudgetUsd, "maxBudgetUsd")
      : parseBudgetUsd(env.THETA_MAX_BUDGET_USD, "THETA_MAX_BUDGET_USD");
  const budget =
    ctx.budget ?? (maxBudgetUsd === undefined ? undefined : createBudgetGuard({ capUsd: maxBudgetUsd }));
  return {
    env,
    dryRun,
    allowInsecureLoopback,
    ...(maxBudgetUsd === undefined ? {} : { maxBudgetUsd }),
    ...(budget === undefined ? {} : { budget }),
  };
}
