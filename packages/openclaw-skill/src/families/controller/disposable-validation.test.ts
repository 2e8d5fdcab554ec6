/**
 * `theta.deployments.validateDisposable` end to end: on the simulator (real HTTP on 127.0.0.1) it
 * creates, waits through the warm-up with progress lines, chats, deletes and verifies the deployment
 * gone, with the balance delta and never the password; dry-run returns the plan and creates nothing; a
 * readiness timeout still deletes it; a configured standing endpoint's token does not replace the
 * disposable's Basic Auth; and on the loopback fake whose delete fails, the error names the
 * deployment to delete by hand.
 */
import { PassThrough } from "node:stream";
import { createControllerClient, DisposableValidationError } from "@theta/controller";
import { ThetaValidationError } from "@theta/core";
import { type Simulator, simulatorEnv, startSimulator } from "@theta/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../cli-main.js";
import { openclawToolName } from "../../names.js";
import { createOpenClawPlugin } from "../../openclaw.js";
import { executeCommand } from "../../registry.js";
import { fakeControllerContext, startFakeController } from "../../testing/fake-controller-settings.js";

const PASSWORD = "disposable-pass-4b9e2c7a1d";
const DEEPSEEK = "img_gf070dbq0kttgz1atmiatyunhdxm";

let simulator: Simulator;
let env: Record<string, string>;
beforeAll(async () => {
  simulator = await startSimulator({ seed: 34 });
  env = simulatorEnv(simulator);
});
afterAll(async () => {
  await simulator?.close();
});

async function cli(
  argv: string[],
  cliEnv: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const stdin = new PassThrough();
  stdin.end();
  const code = await runCli(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    stdin,
    env: cliEnv,
    cwd: "/nonexistent-theta-test-dir",
  });
  return { code, stdout, stderr };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the command to fail");
}

async function deploymentsLeft(simulatorEnvironment: Record<string, string>): Promise<number> {
  return (await createControllerClient({ env: simulatorEnvironment }).deployments.list()).length;
}

type Report = {
  ok: boolean;
  deployment: { shard: string; suffix: string };
  balanceBefore: number;
  balanceAfter: number;
  balanceDelta: number;
  ready: { outcomes: (number | string)[] };
  chat: { content: string };
  cleanup: { deleted: boolean; verifiedGone: boolean };
  user: { generated: boolean };
};

describe("theta.deployments.validateDisposable on the simulator", () => {
  it("creates, waits (progress lines), chats, deletes, verifies gone and reports the delta; the password never shows", async () => {
    const run = await cli(
      [
        "theta.deployments.validateDisposable",
        "--deployment_template_id",
        DEEPSEEK,
        "--vm_id",
        "vm_gt1",
        "--auth_username",
        "disposable_user",
        "--auth_password",
        PASSWORD,
        "--readyIntervalMs",
        "40",
        "--readyTimeoutMs",
        "20000",
        "--json",
      ],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report).toMatchObject({
      ok: true,
      user: { generated: false },
      cleanup: { deleted: true, verifiedGone: true },
    });
    expect(report.chat.content).not.toBe("");
    expect(report.ready.outcomes[0]).toBe(404);
    expect(report.ready.outcomes[report.ready.outcomes.length - 1]).toBe(200);
    expect(report.balanceDelta).toBe(Math.round((report.balanceAfter - report.balanceBefore) * 1e9) / 1e9);
    expect(run.stderr).toContain("Creating the disposable deployment");
    expect(run.stderr).toMatch(/Endpoint probe 1: HTTP 404/);
    expect(run.stderr).toContain("Checking it is gone from the deployment list");
    expect(run.stdout + run.stderr).not.toContain(PASSWORD);
    expect(await deploymentsLeft(env)).toBe(0);
  });

  it("under dry-run returns the plan, creates nothing and shows no password", async () => {
    const result = (await executeCommand(
      "theta.deployments.validateDisposable",
      {
        deployment_template_id: DEEPSEEK,
        vm_id: "vm_gt1",
        auth_username: "dry_user",
        auth_password: PASSWORD,
      },
      { env, dryRun: true },
    )) as { dryRun: boolean; command: string; plan: unknown };
    expect(result).toMatchObject({ dryRun: true, command: "theta.deployments.validateDisposable" });
    expect(JSON.stringify(result.plan)).toContain("vm_gt1");
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
    expect(await deploymentsLeft(env)).toBe(0);
  });

  it("keeps the disposable's Basic Auth when a standing endpoint's token and model are configured", async () => {
    const standingToken = simulator.families.inference?.standingBearerToken ?? "";
    expect(standingToken).not.toBe("");
    const report = (await executeCommand(
      "theta.deployments.validateDisposable",
      { deployment_template_id: DEEPSEEK, vm_id: "vm_gt1", readyIntervalMs: 40, readyTimeoutMs: 20_000 },
      {
        env: { ...env, THETA_INFERENCE_AUTH_TOKEN: standingToken, THETA_INFERENCE_MODEL: "another/model" },
      },
    )) as Report;
    expect(report).toMatchObject({ ok: true, user: { generated: true } });
    expect(await deploymentsLeft(env)).toBe(0);
  });

  it("still deletes the deployment when readiness times out", async () => {
    const slow = await startSimulator({ seed: 35, timing: { warmupStepMs: 60_000 } });
    try {
      const slowEnv = simulatorEnv(slow);
      const error = await rejection(
        executeCommand(
          "theta.deployments.validateDisposable",
          { deployment_template_id: DEEPSEEK, vm_id: "vm_gt1", readyIntervalMs: 40, readyTimeoutMs: 300 },
          { env: slowEnv },
        ),
      );
      expect(error).toBeInstanceOf(DisposableValidationError);
      expect((error as Error).message).toMatch(/readiness timed out.*verified gone/);
      expect(await deploymentsLeft(slowEnv)).toBe(0);
    } finally {
      await slow.close();
    }
  });

  it("under a spend cap asks for expectedHours by its input name", async () => {
    const error = await rejection(
      executeCommand(
        "theta.deployments.validateDisposable",
        { deployment_template_id: DEEPSEEK, vm_id: "vm_gt1" },
        { env, maxBudgetUsd: 5 },
      ),
    );
    expect(ThetaValidationError.isInstance(error) && error.field).toBe("expectedHours");
    expect((error as Error).message).toContain("expectedHours");
    expect(await deploymentsLeft(env)).toBe(0);
  });
});

describe("theta.deployments.validateDisposable when the cleanup fails", () => {
  it("names the deployment to delete by hand", async () => {
    const fake = await startFakeController();
    try {
      fake.options = { endpoint: { warmup: [] }, deleteFails: true };
      const error = await rejection(
        executeCommand(
          "theta.deployments.validateDisposable",
          {
            deployment_template_id: "img_grounding",
            vm_id: "vm_gt1",
            auth_username: "u",
            auth_password: PASSWORD,
          },
          fakeControllerContext(fake),
        ),
      );
      expect(error).toBeInstanceOf(DisposableValidationError);
      const { report } = error as DisposableValidationError;
      const leftover = report.leftover;
      expect(leftover?.suffix).toBeDefined();
      expect((error as Error).message).toContain(`suffix ${leftover?.suffix}`);
      expect((error as Error).message).toContain("by hand");
      expect(JSON.stringify(report) + (error as Error).message).not.toContain(PASSWORD);
    } finally {
      await fake.close();
    }
  });
});

describe("theta.deployments.validateDisposable in the adapters", () => {
  it("is an optional OpenClaw tool, paid and mutating, and in the CLI's command list", async () => {
    const registered = new Map<string, boolean>();
    createOpenClawPlugin().register({
      registerTool: (tool, options) => registered.set(tool.name, options?.optional === true),
    });
    expect(registered.get(openclawToolName("theta.deployments.validateDisposable"))).toBe(true);
    const listed = await cli(["commands"], {});
    expect(listed.stdout).toContain("theta.deployments.validateDisposable");
  });
});
