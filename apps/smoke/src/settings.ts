/** Smoke settings from the environment, validated before anything runs. */
export interface SmokeSettings {
  live: boolean;
  /**
   * `--deployments`: with `--live`, also run the checks that create a deployment (billed by the hour
   * until deleted). Without it they are skipped live; on the simulator they always run.
   */
  deployments: boolean;
  maxBudgetUsd: number;
  services: string[];
  waitSeconds: number;
  pollUntilDone: boolean;
  pollIntervalSeconds: number;
  pollTimeoutSeconds: number;
  json: boolean;
}

export class SmokeUsageError extends Error {
  override name = "SmokeUsageError";
}

export const DEFAULT_SERVICES = ["qwen3", "flux", "whisper"] as const;

function number(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw.trim());
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new SmokeUsageError(
      `${name}=${JSON.stringify(raw)} is not valid: use a number from ${min} to ${max}.`,
    );
  }
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  if (["0", "false", "no", "off"].includes(raw)) return false;
  throw new SmokeUsageError(
    `${name}=${JSON.stringify(raw)} is not valid: use 1/true/yes/on or 0/false/no/off.`,
  );
}

export function readSettings(argv: readonly string[], env: NodeJS.ProcessEnv): SmokeSettings {
  const known = new Set(["--live", "--deployments", "--json", "--help", "-h"]);
  for (const arg of argv) {
    if (!known.has(arg))
      throw new SmokeUsageError(
        `Unknown argument ${JSON.stringify(arg)}: use --live, --deployments or --json.`,
      );
  }
  const live = argv.includes("--live");
  const deployments = argv.includes("--deployments");
  if (deployments && !live) {
    throw new SmokeUsageError(
      "--deployments only applies with --live (on the simulator the deployment checks always run).",
    );
  }
  if (live && (env.THETA_MAX_BUDGET_USD === undefined || env.THETA_MAX_BUDGET_USD.trim() === "")) {
    throw new SmokeUsageError(
      "--live refuses to start without a budget: set THETA_MAX_BUDGET_USD (for example 2.00) to cap real spend.",
    );
  }
  const services = (env.SERVICES ?? DEFAULT_SERVICES.join(","))
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (services.length === 0)
    throw new SmokeUsageError("SERVICES is empty: list services, e.g. SERVICES=qwen3,flux,whisper.");
  for (const s of services) {
    if (!/^[a-z0-9_]+$/.test(s)) {
      throw new SmokeUsageError(
        `SERVICES entry ${JSON.stringify(s)} is not a service alias (letters, digits, _).`,
      );
    }
  }
  return {
    live,
    deployments,
    json: argv.includes("--json"),
    maxBudgetUsd: number(env, "THETA_MAX_BUDGET_USD", 2, 0.01, 10_000),
    services,
    waitSeconds: number(env, "THETA_WAIT_SECONDS", 30, 0, 60),
    pollUntilDone: flag(env, "THETA_POLL_UNTIL_DONE", true),
    pollIntervalSeconds: number(env, "THETA_POLL_INTERVAL_SECONDS", 3, 0.1, 60),
    pollTimeoutSeconds: number(env, "THETA_POLL_TIMEOUT_SECONDS", 180, 1, 3600),
  };
}

export const HELP = `Usage: pnpm smoke [--live [--deployments]] [--json]

Runs the on-demand checks (catalog, streamed chat, image generation, upload + transcription), the
controller checks (VM types, standard templates, balance), the dedicated-endpoint checks (a chat with a
standing endpoint; one disposable deployment: create, ready, chat, delete, verified gone, balance
delta) and the agents checks (create an agent, add a CSV document with SQL metadata, list, get,
update, verify) against the built-in simulator, or against the real services with --live. Checks that
create a deployment bill by the hour until it is deleted: with --live they run only when --deployments
is given too (on the simulator they always may).

Environment:
  THETA_MAX_BUDGET_USD         hard spend cap in USD (default 2.00; required with --live)
  SERVICES                     comma-separated aliases (default ${DEFAULT_SERVICES.join(",")})
  THETA_WAIT_SECONDS           server-side wait for each request, 0-60 (default 30)
  THETA_POLL_UNTIL_DONE        poll pending requests until a terminal state (default 1)
  THETA_POLL_INTERVAL_SECONDS  poll interval (default 3)
  THETA_POLL_TIMEOUT_SECONDS   poll deadline (default 180)
  THETA_ONDEMAND_API_TOKEN     on-demand token (also THETA_ONDEMAND_API_KEY, THETA_API_KEY); --live only
  THETA_EC_API_KEY             controller project key; --live only (the agents checks are skipped
                               without it and the project id; with them they create a real agent)
  THETA_EC_PROJECT_ID          the key's project (prj_...); --live only
  THETA_ORG_ID                 the project's organization (org_...), for the balance; --live only
  THETA_INFERENCE_ENDPOINT     a standing dedicated endpoint to chat with, and its auth
                               (THETA_INFERENCE_AUTH_USER / _PASS or _TOKEN); --live only
`;
