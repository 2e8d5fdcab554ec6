/**
 * `ready()`: polls a dedicated endpoint until it answers. A new deployment's endpoint answers 404, 502,
 * 503 (pod pending), 401 or 500 for minutes before it serves (sequences such as 404 -> 502 -> 200,
 * 404 -> 503 -> 401 -> 200 and 404 -> 503 -> 500 -> 200 were seen, about 11 minutes on H200); those,
 * timeouts and connection failures are "not ready yet", not errors.
 */
import {
  type FamilyClient,
  poll,
  ThetaApiError,
  ThetaConnectionError,
  ThetaTimeoutError,
  ThetaValidationError,
} from "@theta/core";
import { inferenceOperations } from "./generated/inference/operations.js";
import type { paths } from "./generated/inference/schema.js";
import { refuseEndpointOverride } from "./inference-call-options.js";

/** `openai` polls `GET /v1/models`; `gradio` polls `GET /config`. */
export type ReadinessProbe = "openai" | "gradio";

/** Statuses a warming endpoint answers (and the transient ones): keep polling. */
export const WARMUP_STATUSES: ReadonlySet<number> = new Set([401, 404, 408, 425, 429, 500, 502, 503, 504]);

/** The seed skill's defaults: 120 s overall, a probe every 10 s. */
export const DEFAULT_READY_TIMEOUT_MS = 120_000;
export const DEFAULT_READY_INTERVAL_MS = 10_000;
const MAX_READY_TIMEOUT_MS = 30 * 60_000;
const MAX_READY_INTERVAL_MS = 60_000;

/** What one probe saw: an HTTP status, or `connection` / `timeout` when no answer came. */
export type ProbeOutcome = number | "connection" | "timeout";

export interface ReadyProgress {
  readonly attempt: number;
  readonly elapsedMs: number;
  readonly outcome: ProbeOutcome;
  /** Delay before the next probe; undefined after the last. */
  readonly nextDelayMs: number | undefined;
}

export interface ReadyOptions {
  /** Default `openai`. */
  probe?: ReadinessProbe;
  /** Overall deadline (default 120 s, at most 30 min). */
  timeoutMs?: number;
  /** Delay between probes (default 10 s, at most 60 s). */
  intervalMs?: number;
  onProgress?(progress: ReadyProgress): void;
  signal?: AbortSignal;
}

export interface ReadyReport {
  readonly probe: ReadinessProbe;
  readonly attempts: number;
  readonly elapsedMs: number;
  /** What every probe saw, in order (the last is 200). */
  readonly outcomes: readonly ProbeOutcome[];
}

function checkDuration(value: number | undefined, field: string, maximum: number): void {
  if (value === undefined) return;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || value > maximum) {
    throw new ThetaValidationError({
      field,
      message: `${field} must be a number of milliseconds above 0 and at most ${maximum}, got ${String(value)}`,
      fix: `pass ${field} in milliseconds (e.g. ${field === "timeoutMs" ? "600000 for ten minutes" : "10000"})`,
    });
  }
}

/** One probe's outcome; errors that mean "not ready yet" become outcomes, others propagate. */
async function probeOnce(
  family: FamilyClient<paths>,
  probe: ReadinessProbe,
  signal: AbortSignal | undefined,
): Promise<ProbeOutcome> {
  const operation = probe === "openai" ? inferenceOperations.listModels : inferenceOperations.getGradioConfig;
  try {
    const { response } = await family.callText(operation, signal ? { signal } : {});
    return response.status;
  } catch (error) {
    if (ThetaApiError.isInstance(error) && WARMUP_STATUSES.has(error.status)) return error.status;
    if (ThetaConnectionError.isInstance(error)) return "connection";
    if (ThetaTimeoutError.isInstance(error) && error.phase === "attempt") return "timeout";
    throw error;
  }
}

/**
 * Polls until the probe answers 200. Throws ThetaTimeoutError (phase `deadline`) naming what the
 * probes saw when the deadline passes, ThetaAbortError on abort, and the error of a probe that cannot
 * mean warm-up (e.g. 403, 400) at once.
 */
export async function waitUntilReady(
  /** A client of the endpoint that does not retry (each probe is one attempt; polling is the retry). */
  probeFamily: FamilyClient<paths>,
  options: ReadyOptions = {},
): Promise<ReadyReport> {
  refuseEndpointOverride(options);
  const probe = options.probe ?? "openai";
  if (probe !== "openai" && probe !== "gradio") {
    throw new ThetaValidationError({
      field: "probe",
      message: `probe must be "openai" or "gradio", got ${JSON.stringify(probe)}`,
      fix: 'pass probe: "openai" for OpenAI-compatible (vLLM) templates, "gradio" for Gradio ones',
    });
  }
  checkDuration(options.timeoutMs, "timeoutMs", MAX_READY_TIMEOUT_MS);
  checkDuration(options.intervalMs, "intervalMs", MAX_READY_INTERVAL_MS);
  const timeoutMs = options.timeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  const outcomes: ProbeOutcome[] = [];
  const { onProgress } = options;
  const result = await poll<ProbeOutcome>({
    load: async (_attempt, signal) => {
      const outcome = await probeOnce(probeFamily, probe, signal);
      outcomes.push(outcome);
      return outcome;
    },
    isDone: (outcome) => outcome === 200,
    timeoutMs,
    intervalMs: options.intervalMs ?? DEFAULT_READY_INTERVAL_MS,
    backoffFactor: 1,
    ...(onProgress
      ? {
          onProgress: (progress) =>
            onProgress({
              attempt: progress.attempt,
              elapsedMs: progress.elapsedMs,
              outcome: progress.value,
              nextDelayMs: progress.nextDelayMs,
            }),
        }
      : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (result.terminal !== "done") {
    const operation =
      probe === "openai" ? inferenceOperations.listModels : inferenceOperations.getGradioConfig;
    const last = outcomes[outcomes.length - 1];
    throw new ThetaTimeoutError({
      operationId: operation.operationId,
      timeoutMs,
      phase: "deadline",
      mayHaveRun: false,
      message: `The dedicated endpoint was not ready within ${timeoutMs} ms (${outcomes.length} probes of ${operation.path}, seen: ${outcomes.join(" -> ") || "nothing"}). A cold start can take over 10 minutes: raise timeoutMs${last === 401 ? "; a 401 that persists means the endpoint's credentials are wrong (THETA_INFERENCE_AUTH_USER / _PASS or _TOKEN)" : ""}.`,
    });
  }
  return { probe, attempts: result.attempts, elapsedMs: result.elapsedMs, outcomes };
}
