/**
 * Dedicated-endpoint smoke checks: a chat with a standing endpoint (the simulator's, or live the one
 * in THETA_INFERENCE_ENDPOINT) and one disposable validation. The disposable deployment bills by the
 * hour while it exists, so in `--live` it runs only with `--deployments` on top of the budget (and
 * the controller's key, project and organization); on the simulator it always runs.
 */
import { createControllerClient, createInferenceClient } from "@theta/controller";
import { FAMILIES } from "@theta/core";
import { simulatorEnv } from "@theta/simulator";
import type { SmokeFamily, SmokeRun } from "../../smoke-family.js";
import { deploymentChecksAllowed } from "../controller/index.js";
import { type DisposableCheckOptions, runDisposableValidation, runStandingChat } from "./checks.js";

/** Live: the seed skill's patience (a cold start takes minutes); the simulator warms up in steps of 100 ms. */
const LIVE_READY = { readyTimeoutMs: 15 * 60_000, readyIntervalMs: 15_000 };
const SIMULATOR_READY = { readyTimeoutMs: 20_000, readyIntervalMs: 50 };

/** The variables the live controller needs (the key, the project, the organization for the balance). */
const CONTROLLER_VARIABLES = FAMILIES.controller.credentials.map(
  (credential) => credential.env[0] ?? credential.key,
);

function unset(name: string): boolean {
  return (process.env[name] ?? "").trim() === "";
}

async function standingChat(run: SmokeRun): Promise<void> {
  if (!run.simulator && unset("THETA_INFERENCE_ENDPOINT")) {
    run.note("Dedicated endpoint chat skipped: set THETA_INFERENCE_ENDPOINT (and its auth) to run it live.");
    return;
  }
  const client = run.simulator
    ? createInferenceClient({ env: simulatorEnv(run.simulator) })
    : createInferenceClient();
  run.record(await runStandingChat(client, run.budget));
}

async function disposableValidation(run: SmokeRun): Promise<void> {
  if (!deploymentChecksAllowed(run)) {
    run.note("Disposable deployment check skipped: it bills by the hour; pass --deployments with --live.");
    return;
  }
  const missing = CONTROLLER_VARIABLES.filter(unset);
  if (!run.simulator && missing.length > 0) {
    run.note(`Disposable deployment check skipped: set ${missing.join(", ")} to run it live.`);
    return;
  }
  // The disposable endpoint gets its own Basic Auth: nothing of a configured standing endpoint.
  const env = run.simulator ? simulatorEnv(run.simulator) : undefined;
  const controller = createControllerClient({ ...(env ? { env } : {}), budget: run.budget });
  const options: DisposableCheckOptions = {
    ...(run.simulator ? SIMULATOR_READY : LIVE_READY),
    expectedHours: 1,
    inference: run.simulator ? { env: {}, allowInsecureLoopback: true } : { env: {} },
  };
  run.record(await runDisposableValidation(controller, run.budget, run.progress, options));
}

export const inferenceSmoke: SmokeFamily = {
  family: "inference",
  async run(run) {
    await standingChat(run);
    await disposableValidation(run);
  },
};
