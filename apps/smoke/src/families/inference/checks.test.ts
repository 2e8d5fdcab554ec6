/**
 * The dedicated-endpoint smoke checks against the simulator (real HTTP on 127.0.0.1): the standing
 * endpoint's chat, the disposable validation row (and its row when the cleanup fails, naming the
 * deployment), and the live gating: without --deployments no deployment is made.
 */
import { createControllerClient, createInferenceClient } from "@theta/controller";
import { createBudgetGuard } from "@theta/core";
import { type Simulator, simulatorEnv, startSimulator } from "@theta/simulator";
import { afterEach, describe, expect, it } from "vitest";
import type { CheckRow } from "../../check-row.js";
import { readSettings } from "../../settings.js";
import { runDisposableValidation, runStandingChat } from "./checks.js";
import { inferenceSmoke } from "./index.js";

let simulator: Simulator | undefined;
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

const SIMULATOR_OPTIONS = {
  readyTimeoutMs: 20_000,
  readyIntervalMs: 50,
  expectedHours: 1,
  inference: { env: {}, allowInsecureLoopback: true },
};

describe("the dedicated-endpoint smoke checks", () => {
  it("chat with the standing endpoint", async () => {
    simulator = await startSimulator({ seed: 5 });
    const row = await runStandingChat(
      createInferenceClient({ env: simulatorEnv(simulator) }),
      createBudgetGuard({ capUsd: 1 }),
    );
    expect(row).toMatchObject({ service: "(dedicated endpoint)", state: "success", ok: true, costUsd: 0 });
  });

  it("validate a disposable deployment: create, ready, chat, delete, verified gone, balance delta", async () => {
    simulator = await startSimulator({ seed: 6 });
    const env = simulatorEnv(simulator);
    const budget = createBudgetGuard({ capUsd: 2 });
    const lines: string[] = [];
    const row = await runDisposableValidation(
      createControllerClient({ env, budget }),
      budget,
      (line) => lines.push(line),
      SIMULATOR_OPTIONS,
    );
    expect(row, row.detail).toMatchObject({ service: "(disposable deployment)", state: "success", ok: true });
    expect(row.detail).toMatch(
      /create -> ready \(\d+ probes\) -> chat .* -> delete -> verified gone; balance delta -?\d/,
    );
    expect(lines).toContain("disposable: create");
    expect(lines).toContain("disposable: verify-gone");
    expect(await createControllerClient({ env }).deployments.list()).toEqual([]);
  });

  it("a failed cleanup is a failed row that names the deployment to delete by hand", async () => {
    simulator = await startSimulator({ seed: 7 });
    simulator.faults.add({
      family: "controller",
      method: "DELETE",
      path: /deployment/,
      status: 500,
      times: Infinity,
    });
    const env = simulatorEnv(simulator);
    const budget = createBudgetGuard({ capUsd: 2 });
    const row = await runDisposableValidation(
      createControllerClient({ env, budget, maxRetries: 0 }),
      budget,
      () => {},
      SIMULATOR_OPTIONS,
    );
    expect(row).toMatchObject({ state: "leftover", ok: false });
    const [left] = await createControllerClient({ env }).deployments.list();
    expect(left?.suffix).toBeDefined();
    expect(row.detail).toContain(`suffix ${left?.suffix}`);
    expect(row.detail).toContain("by hand");
  });

  it("live without --deployments makes no deployment, and says so", async () => {
    const rows: CheckRow[] = [];
    const notes: string[] = [];
    await inferenceSmoke.run({
      settings: readSettings(["--live"], { THETA_MAX_BUDGET_USD: "1" }),
      budget: createBudgetGuard({ capUsd: 1 }),
      note: (line) => notes.push(line),
      progress: () => {},
      record: (row) => rows.push(row),
    });
    expect(rows.filter((row) => row.service === "(disposable deployment)")).toEqual([]);
    expect(notes.join("\n")).toContain("pass --deployments with --live");
  });
});
