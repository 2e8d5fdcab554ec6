/**
 * Controller smoke checks: VM types, standard templates and the balance (read-only, free). Checks
 * that create deployments bill by the hour, so in `--live` they run only with `--deployments` on top
 * of the budget; on the simulator they always may.
 */
import { type ControllerClient, createControllerClient } from "@theta/controller";
import { FAMILIES } from "@theta/core";
import { simulatorEnv } from "@theta/simulator";
import type { SmokeFamily, SmokeRun } from "../../smoke-family.js";
import { runReadChecks } from "./checks.js";

function clientFor(run: SmokeRun): ControllerClient {
  if (!run.simulator) {
    const client = createControllerClient({ budget: run.budget });
    run.note(`Target: ${client.baseUrl} (live), controller checks are read-only unless --deployments`);
    return client;
  }
  return createControllerClient({ env: simulatorEnv(run.simulator), budget: run.budget });
}

/** Whether checks that create a deployment (billed by the hour until deleted) may run. */
export function deploymentChecksAllowed(run: SmokeRun): boolean {
  return run.simulator !== undefined || run.settings.deployments;
}

/** The variables that must be set for live controller checks (the key, the project, the organization). */
const LIVE_VARIABLES = FAMILIES.controller.credentials.map(
  (credential) => credential.env[0] ?? credential.key,
);

export const controllerSmoke: SmokeFamily = {
  family: "controller",
  async run(run) {
    const missing = LIVE_VARIABLES.filter((name) => (process.env[name] ?? "").trim() === "");
    if (!run.simulator && missing.length > 0) {
      // A live run for on-demand only is a normal run: say what enables these checks, do not fail.
      run.note(`Controller checks skipped: set ${missing.join(", ")} to run them live.`);
      return;
    }
    const client = clientFor(run);
    for (const row of await runReadChecks(client, run.budget)) run.record(row);
    if (!deploymentChecksAllowed(run)) {
      run.note(
        "Deployment checks skipped: they bill by the hour; pass --deployments with --live to run them.",
      );
    }
  },
};
