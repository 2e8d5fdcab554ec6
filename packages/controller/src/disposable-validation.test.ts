/**
 * validateDisposable against the fake controller on 127.0.0.1 (real HTTP): the deployment is deleted
 * and verified gone from the list in every outcome (success, readiness timeout, a failing smoke chat,
 * abort); a failed cleanup names the deployment to delete by hand; the Basic Auth is never printed.
 */
import { ThetaAbortError, ThetaDryRunError, ThetaTimeoutError } from "@theta/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createControllerClient } from "./client.js";
import type { DisposableReport } from "./disposable-report.js";
import { type ValidateDisposableOptions, validateDisposable } from "./disposable-validation.js";
import { DisposableValidationError } from "./disposable-validation-error.js";
import { type FakeController, startFakeController } from "./testing/fake-controller.js";

let fake: FakeController;
beforeAll(async () => {
  fake = await startFakeController();
});
afterAll(async () => {
  await fake?.close();
});
afterEach(() => {
  fake.reset();
});

function controller(extra: { dryRun?: boolean } = {}) {
  return createControllerClient({
    ...extra,
    baseUrl: fake.controllerUrl,
    baseUrls: { platform: fake.platformUrl },
    apiKey: fake.apiKey,
    projectId: fake.projectId,
    orgId: fake.orgId,
    allowInsecureLoopback: true,
    env: {},
    maxRetries: 0,
  });
}

const DEEPSEEK = { deployment_template_id: "img_deepseek", vm_id: "vm_gt1" } as const;

function options(extra: Partial<ValidateDisposableOptions> = {}): ValidateDisposableOptions {
  return {
    deployment: DEEPSEEK,
    readyIntervalMs: 5,
    readyTimeoutMs: 60_000,
    inference: { allowInsecureLoopback: true, env: {}, maxRetries: 0 },
    ...extra,
  };
}

async function failure(promise: Promise<unknown>): Promise<DisposableValidationError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DisposableValidationError) return error;
    throw error;
  }
  throw new Error("expected the validation to fail");
}

/** The password the deployment was created with (what the fake received). */
function createdPassword(): string {
  const create = fake.requests.find((request) => request.method === "POST" && request.path === "/deployment");
  return String((create?.body as { auth_password?: string } | undefined)?.auth_password);
}

/** Requests after the given one (by index) that list deployments: the verification. */
function listedAfterDelete(): boolean {
  const deleted = fake.requests.findIndex((request) => request.method === "DELETE");
  return (
    deleted >= 0 && fake.requests.slice(deleted + 1).some((request) => request.path === "/deployment/list")
  );
}

function expectCleanedUp(report: DisposableReport): void {
  expect(report.cleanup).toEqual({ deleted: true, verifiedGone: true });
  expect(report.leftover).toBeUndefined();
  expect(fake.deployments.size).toBe(0);
  expect(listedAfterDelete()).toBe(true);
}

function expectNeverPrinted(printed: string): void {
  const password = createdPassword();
  expect(password.length).toBeGreaterThanOrEqual(20);
  expect(printed).not.toContain(password);
}

describe("validateDisposable", () => {
  it("creates with generated Basic Auth, waits through the warm-up, chats, deletes, verifies gone, reports the delta", async () => {
    fake.options = { endpoint: { warmup: [404, 502, 503, 401] }, costPerDeployment: 0.75 };
    const steps: string[] = [];
    const report = await validateDisposable(
      controller(),
      options({ onProgress: (progress) => steps.push(progress.step) }),
    );
    expect(report).toMatchObject({
      ok: true,
      probe: "openai",
      deployment: { shard: "1", suffix: "abc1" },
      user: { generated: true },
      balanceBefore: 41.5,
      balanceAfter: 40.75,
      balanceDelta: -0.75,
      ready: { outcomes: [404, 502, 503, 401, 200] },
      chat: { content: "pong", finishReason: "stop" },
    });
    // The generated user name was sent as a credential, which the family list marks secret.
    const create = fake.requests.find(
      (request) => request.method === "POST" && request.path === "/deployment",
    );
    expect((create?.body as { auth_username?: string } | undefined)?.auth_username).toMatch(
      /^theta_[0-9a-f]{8}$/,
    );
    expectCleanedUp(report);
    expect(new Set(steps)).toEqual(
      new Set(["balance-before", "create", "ready", "chat", "delete", "verify-gone", "balance-after"]),
    );
    expectNeverPrinted(JSON.stringify(report));
  });

  it("deletes and verifies gone when readiness times out", async () => {
    fake.options = { endpoint: { warmup: [404], stuckStatus: 502 } };
    const error = await failure(validateDisposable(controller(), options({ readyTimeoutMs: 200 })));
    expect(ThetaTimeoutError.isInstance(error.cause)).toBe(true);
    expect(error.message).toMatch(/failed at the ready step \(readiness timed out\).*verified gone/);
    expect(error.report.ok).toBe(false);
    expect(error.report.readyOutcomes?.slice(0, 2)).toEqual([404, 502]);
    expectCleanedUp(error.report);
    expectNeverPrinted([error.message, JSON.stringify(error), String(error.stack)].join("\n"));
  });

  it("deletes and verifies gone when the smoke chat fails", async () => {
    fake.options = { endpoint: { warmup: [503], chatFails: true } };
    const error = await failure(validateDisposable(controller(), options()));
    expect(error.message).toMatch(/failed at the chat step/);
    expect(error.report.ready?.outcomes).toEqual([503, 200]);
    expectCleanedUp(error.report);
    expectNeverPrinted([error.message, JSON.stringify(error)].join("\n"));
  });

  it("deletes and verifies gone when aborted while waiting for readiness", async () => {
    fake.options = { endpoint: { stuckStatus: 503 } };
    const abort = new AbortController();
    const error = await failure(
      validateDisposable(
        controller(),
        options({
          signal: abort.signal,
          onProgress: (progress) => {
            if (progress.ready?.attempt === 2) abort.abort();
          },
        }),
      ),
    );
    expect(ThetaAbortError.isInstance(error.cause)).toBe(true);
    expect(error.code).toBe("aborted");
    expectCleanedUp(error.report);
  });

  it("names the deployment to delete by hand when the cleanup fails", async () => {
    fake.options = { endpoint: {}, deleteFails: true };
    const error = await failure(validateDisposable(controller(), options()));
    expect(error.message).toMatch(/could not be cleaned up/);
    expect(error.message).toMatch(/delete deployment shard 1 suffix abc1 .*by hand/);
    expect(error.report.leftover).toMatchObject({ shard: "1", suffix: "abc1" });
    expect(error.report.cleanup).toMatchObject({ deleted: false, verifiedGone: false });
    expect(fake.deployments.has("abc1")).toBe(true);
    expectNeverPrinted([error.message, JSON.stringify(error)].join("\n"));
  });

  it("uses the Basic Auth given, and polls /config without a chat for a Gradio template", async () => {
    fake.options = { endpoint: { kind: "gradio", warmup: [404] } };
    const report = await validateDisposable(
      controller(),
      options({
        probe: "gradio",
        deployment: { ...DEEPSEEK, auth_username: "my_user", auth_password: "my-password-Lk3Jh5Gf" },
      }),
    );
    expect(report).toMatchObject({
      ok: true,
      probe: "gradio",
      user: { name: "my_user", generated: false },
    });
    expect(report.chat).toBeUndefined();
    expect(report.ready?.outcomes).toEqual([404, 200]);
    expectCleanedUp(report);
    expect(JSON.stringify(report)).not.toContain("my-password-Lk3Jh5Gf");
  });

  it("under dry-run sends no create and shows the generated password in no plan or message", async () => {
    fake.options = { endpoint: {} };
    let error: unknown;
    try {
      await validateDisposable(controller({ dryRun: true }), options());
    } catch (caught) {
      error = caught;
    }
    expect(ThetaDryRunError.isInstance(error)).toBe(true);
    const plan = (error as ThetaDryRunError).plan;
    const body = plan.body as { auth_username?: string; auth_password?: string };
    expect(body.auth_password).toBe("[REDACTED]");
    expect(fake.requests.some((request) => request.method === "POST")).toBe(false);
    expect(fake.deployments.size).toBe(0);
  });
});
