/**
 * The dedicated-endpoint smoke checks: one small chat with a standing endpoint, and one disposable
 * validation (create -> ready -> chat -> delete -> verified gone -> balance delta), which bills by the
 * hour while it runs and deletes the deployment in every outcome.
 */
import {
  type ControllerClient,
  DisposableValidationError,
  type InferenceClient,
  type InferenceClientOptions,
  validateDisposable,
} from "@theta/controller";
import type { BudgetGuard } from "@theta/core";
import type { CheckRow, Progress } from "../../check-row.js";

/** The template the disposable validation deploys: a small OpenAI-compatible (vLLM) model. */
export const DISPOSABLE_TEMPLATE_NAME = "DeepSeek R1 Distill Qwen 7B";
/** The VM type it runs on (a T4, the cheapest GPU in the catalog). */
export const DISPOSABLE_VM_ID = "vm_gt1";

function firstLine(error: unknown): string {
  if (error instanceof Error) return error.message.split("\n")[0] ?? error.name;
  return String(error);
}

function codeOf(error: unknown): string {
  return typeof error === "object" && error !== null && "code" in error ? String(error.code) : "error";
}

async function spent(budget: BudgetGuard): Promise<number> {
  return (await budget.snapshot()).spentUsd;
}

/** One small chat with a standing endpoint (its calls are free: the deployment bills by the hour). */
export async function runStandingChat(client: InferenceClient, budget: BudgetGuard): Promise<CheckRow> {
  const started = performance.now();
  const outcome = await client.chat
    .create({ messages: [{ role: "user", content: "Reply with the single word: ok" }], max_tokens: 32 })
    .then(
      (answer) => ({
        state: "success",
        ok: answer.content.trim() !== "",
        detail: `${answer.model}: ${JSON.stringify(answer.content.slice(0, 40))} (${answer.finishReason})`,
      }),
      (error: unknown) => ({ state: codeOf(error), ok: false, detail: firstLine(error) }),
    );
  return {
    service: "(dedicated endpoint)",
    check: "chat with the standing endpoint",
    ...outcome,
    latencyMs: performance.now() - started,
    costUsd: 0,
    totalSpendUsd: await spent(budget),
  };
}

export interface DisposableCheckOptions {
  /** Settings of the disposable endpoint's client (the simulator's loopback opt-in). */
  readonly inference: Omit<InferenceClientOptions, "endpoint" | "auth">;
  /** Readiness deadline and probe interval: minutes live, fractions of a second on the simulator. */
  readonly readyTimeoutMs: number;
  readonly readyIntervalMs: number;
  /** Hours the budget reserves for the deployment (it is deleted within minutes). */
  readonly expectedHours: number;
}

/** The template's id, found by name among the standard serving templates. */
async function templateId(controller: ControllerClient): Promise<string> {
  const page = await controller.templates.listStandard({ category: "serving" });
  const template = page.templates.find((candidate) => candidate.name === DISPOSABLE_TEMPLATE_NAME);
  if (typeof template?.id !== "string") {
    throw new Error(`No standard serving template named "${DISPOSABLE_TEMPLATE_NAME}" in the catalog`);
  }
  return template.id;
}

/** Creates a disposable deployment, chats with it, deletes it and verifies it gone: one row. */
export async function runDisposableValidation(
  controller: ControllerClient,
  budget: BudgetGuard,
  progress: Progress,
  options: DisposableCheckOptions,
): Promise<CheckRow> {
  const started = performance.now();
  const spentBefore = await spent(budget);
  const outcome = await templateId(controller)
    .then((deployment_template_id) =>
      validateDisposable(controller, {
        deployment: { deployment_template_id, vm_id: DISPOSABLE_VM_ID },
        expectedHours: options.expectedHours,
        readyTimeoutMs: options.readyTimeoutMs,
        readyIntervalMs: options.readyIntervalMs,
        inference: options.inference,
        onProgress: ({ step, ready }) =>
          progress(ready ? `disposable: probe ${ready.attempt} saw ${ready.outcome}` : `disposable: ${step}`),
      }),
    )
    .then(
      (report) => ({
        state: "success",
        ok: report.ok && report.cleanup.verifiedGone,
        detail: `create -> ready (${report.ready?.attempts ?? "?"} probes) -> chat ${JSON.stringify(report.chat?.content.slice(0, 20) ?? "")} -> delete -> verified gone; balance delta ${report.balanceDelta ?? "unknown"}`,
      }),
      (error: unknown) => {
        // A failed cleanup names the deployment to delete by hand: the row keeps that sentence.
        // instanceof, not isInstance: the subclass inherits ThetaError's check, true for every ThetaError.
        const leftover = error instanceof DisposableValidationError ? error.report.leftover : undefined;
        return {
          state: leftover ? "leftover" : codeOf(error),
          ok: false,
          detail: leftover && error instanceof Error ? error.message : firstLine(error),
        };
      },
    );
  const totalSpendUsd = await spent(budget);
  return {
    service: "(disposable deployment)",
    check: "validate a disposable deployment",
    ...outcome,
    latencyMs: performance.now() - started,
    costUsd: totalSpendUsd - spentBefore,
    totalSpendUsd,
  };
}
