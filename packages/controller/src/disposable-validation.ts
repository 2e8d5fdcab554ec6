/**
 * `validateDisposable`: proves the whole deployment path on a throwaway deployment, and never leaves it
 * behind. Reads the balance, creates the deployment (Basic Auth generated when none is given), waits
 * until its endpoint is ready, sends one small chat (OpenAI probe), then deletes it in every outcome
 * (success, failure, readiness timeout, abort), verifies it is gone from the list and reads the balance
 * again. A cleanup that fails names the deployment to delete by hand, in the report and in the error.
 */
import { type ChatMessage, redact, redactText, ThetaError, ThetaTimeoutError } from "@theta/core";
import { generateBasicAuth } from "./basic-auth.js";
import type { ControllerClient } from "./client.js";
import type { DeploymentHandle } from "./deployment-handle.js";
import type { CreateDeploymentRequest } from "./deployment-request.js";
import type {
  DisposableDeployment,
  DisposableReport,
  DisposableStep,
  DisposableStepRecord,
} from "./disposable-report.js";
import { DisposableValidationError } from "./disposable-validation-error.js";
import { createInferenceClient, type InferenceClientOptions } from "./inference-client.js";
import type { ProbeOutcome, ReadinessProbe, ReadyProgress, ReadyReport } from "./inference-ready.js";

/** The smoke chat's default: one short question, a small cap (as the seed skill's 32 tokens). */
const SMOKE_MESSAGES: ChatMessage[] = [{ role: "user", content: "Reply with the single word: ok" }];
const SMOKE_MAX_TOKENS = 32;

export interface ValidateDisposableOptions {
  /** The deployment to create; `auth_username` / `auth_password` are generated when both are absent. */
  deployment: CreateDeploymentRequest;
  /** Hours the create reserves under a budget guard (required with one; see deployments.create). */
  expectedHours?: number;
  hourlyPriceUsd?: number;
  /** Default `openai` (`/v1/models`, then one chat); `gradio` polls `/config` and sends no chat. */
  probe?: ReadinessProbe;
  /** Readiness deadline (default 120 s) and delay between probes (default 10 s). */
  readyTimeoutMs?: number;
  readyIntervalMs?: number;
  /** The smoke chat (OpenAI probe): default one short question with max_tokens 32. */
  chat?: { messages?: ChatMessage[]; max_tokens?: number; model?: string };
  /** Settings of the endpoint's client (e.g. `allowInsecureLoopback`, `env`, `logger`); not its endpoint or auth. */
  inference?: Omit<InferenceClientOptions, "endpoint" | "auth">;
  onProgress?(progress: { step: DisposableStep; ready?: ReadyProgress }): void;
  /** Aborts the validation; the deployment is still deleted (the cleanup does not follow the signal). */
  signal?: AbortSignal;
}

function describeDeployment(handle: DeploymentHandle): DisposableDeployment {
  const deployment: { -readonly [K in keyof DisposableDeployment]: DisposableDeployment[K] } = {};
  if (handle.shard !== undefined) deployment.shard = handle.shard;
  if (handle.suffix !== undefined) deployment.suffix = handle.suffix;
  if (handle.name !== undefined) deployment.name = handle.name;
  if (handle.endpoint !== undefined) deployment.endpoint = handle.endpoint;
  if (handle.templateName !== undefined) deployment.templateName = handle.templateName;
  if (handle.machineType !== undefined) deployment.machineType = handle.machineType;
  return deployment;
}

function messageOf(error: unknown): string {
  return redactText(error instanceof Error ? error.message : String(error));
}

/** How to delete a leftover by hand. */
function handDeletion(deployment: DisposableDeployment | undefined): string {
  if (deployment?.shard === undefined || deployment.suffix === undefined) {
    return "list the deployments (deployments.list() or the dashboard) and delete the disposable one by hand: it bills by the hour until deleted";
  }
  const name = deployment.name === undefined ? "" : ` (${deployment.name})`;
  return `delete deployment shard ${deployment.shard} suffix ${deployment.suffix}${name} by hand (deployments.delete({ shard: "${deployment.shard}", suffix: "${deployment.suffix}" }) or the dashboard): it bills by the hour until deleted`;
}

export async function validateDisposable(
  controller: ControllerClient,
  options: ValidateDisposableOptions,
): Promise<DisposableReport> {
  const { signal } = options;
  const probe = options.probe ?? "openai";
  const steps: DisposableStepRecord[] = [];
  const notify = (step: DisposableStep, ready?: ReadyProgress): void =>
    options.onProgress?.(ready ? { step, ready } : { step });
  const timed = async <T>(step: DisposableStep, run: () => Promise<T>): Promise<T> => {
    notify(step);
    const started = Date.now();
    try {
      const value = await run();
      steps.push({ step, ok: true, elapsedMs: Date.now() - started });
      return value;
    } catch (error) {
      steps.push({ step, ok: false, elapsedMs: Date.now() - started, error: messageOf(error) });
      throw error;
    }
  };

  const given = options.deployment;
  const generated = given.auth_username === undefined && given.auth_password === undefined;
  const auth = generated
    ? generateBasicAuth()
    : { username: given.auth_username ?? "", password: given.auth_password ?? "" };
  const request: CreateDeploymentRequest = {
    ...given,
    auth_username: auth.username,
    auth_password: auth.password,
  };

  // Before the create, a failure leaves nothing behind: it propagates as it is (a dry-run refusal,
  // a budget refusal, a bad request, or an outcome-unknown create that says how to check).
  const before = await timed("balance-before", () =>
    controller.billing.balanceSnapshot(signal ? { signal } : {}),
  );
  const handle = await timed("create", () =>
    controller.deployments.create(request, {
      ...(options.expectedHours === undefined ? {} : { expectedHours: options.expectedHours }),
      ...(options.hourlyPriceUsd === undefined ? {} : { hourlyPriceUsd: options.hourlyPriceUsd }),
      ...(signal ? { signal } : {}),
    }),
  );
  const deployment = describeDeployment(handle);

  let failure: unknown;
  let failedStep: DisposableStep | undefined;
  let ready: ReadyReport | undefined;
  const outcomes: ProbeOutcome[] = [];
  let chat: DisposableReport["chat"];
  try {
    failedStep = "ready";
    if (handle.endpoint === undefined) {
      throw new ThetaError("The create answer carried no endpoint, so readiness cannot be checked", {
        code: "api_error",
      });
    }
    const inference = createInferenceClient({
      ...options.inference,
      endpoint: handle.endpoint,
      auth: { username: auth.username, password: auth.password },
    });
    ready = await timed("ready", () =>
      inference.ready({
        probe,
        ...(options.readyTimeoutMs === undefined ? {} : { timeoutMs: options.readyTimeoutMs }),
        ...(options.readyIntervalMs === undefined ? {} : { intervalMs: options.readyIntervalMs }),
        onProgress: (progress) => {
          outcomes.push(progress.outcome);
          notify("ready", progress);
        },
        ...(signal ? { signal } : {}),
      }),
    );
    if (probe === "openai") {
      failedStep = "chat";
      const answer = await timed("chat", () =>
        inference.chat.create(
          {
            messages: options.chat?.messages ?? SMOKE_MESSAGES,
            max_tokens: options.chat?.max_tokens ?? SMOKE_MAX_TOKENS,
            ...(options.chat?.model === undefined ? {} : { model: options.chat.model }),
          },
          signal ? { signal } : {},
        ),
      );
      chat = { model: answer.model, content: answer.content, finishReason: answer.finishReason };
    }
    failedStep = undefined;
  } catch (error) {
    failure = error;
  }

  // The cleanup runs whatever happened, without the caller's signal: an abort must not leave the
  // deployment billing.
  const cleanup: { deleted: boolean; verifiedGone: boolean; error?: string } = {
    deleted: false,
    verifiedGone: false,
  };
  try {
    await timed("delete", () => controller.deployments.delete(handle));
    cleanup.deleted = true;
    const listed = await timed("verify-gone", () => controller.deployments.list());
    const still = listed.some(
      (other) =>
        other.suffix === handle.suffix && (handle.shard === undefined || other.shard === handle.shard),
    );
    if (still) {
      cleanup.error = "the deployment is still listed after its deletion";
      steps.push({ step: "verify-gone", ok: false, elapsedMs: 0, error: cleanup.error });
    } else {
      cleanup.verifiedGone = true;
    }
  } catch (error) {
    cleanup.error = messageOf(error);
  }

  let after: number | undefined;
  try {
    after = (await timed("balance-after", () => controller.billing.balanceSnapshot())).balance;
  } catch {
    // Recorded in the steps; a balance that cannot be read does not hide the outcome.
  }

  const ok = failure === undefined && cleanup.verifiedGone;
  const report: DisposableReport = redact({
    ok,
    probe,
    deployment,
    user: { name: auth.username, generated },
    ...(before.balance === undefined ? {} : { balanceBefore: before.balance }),
    ...(after === undefined ? {} : { balanceAfter: after }),
    ...(before.balance === undefined || after === undefined
      ? {}
      : { balanceDelta: Math.round((after - before.balance) * 1e9) / 1e9 }),
    ...(ready ? { ready } : {}),
    ...(ready === undefined && outcomes.length > 0 ? { readyOutcomes: outcomes } : {}),
    ...(chat ? { chat } : {}),
    cleanup,
    ...(cleanup.verifiedGone ? {} : { leftover: deployment }),
    steps,
  });

  if (!cleanup.verifiedGone) {
    const why = failure === undefined ? "" : ` after the ${failedStep} step failed (${messageOf(failure)})`;
    throw new DisposableValidationError(
      `The disposable deployment could not be cleaned up${why}: ${cleanup.error ?? "unknown"}. ${handDeletion(deployment)}.`,
      report,
      failure ?? new ThetaError(cleanup.error ?? "cleanup failed", { code: "api_error" }),
    );
  }
  if (failure !== undefined) {
    const timedOut = ThetaTimeoutError.isInstance(failure) ? " (readiness timed out)" : "";
    throw new DisposableValidationError(
      `Disposable validation failed at the ${failedStep} step${timedOut}: ${messageOf(failure)}. The deployment was deleted and is verified gone from the list.`,
      report,
      failure,
    );
  }
  return report;
}
