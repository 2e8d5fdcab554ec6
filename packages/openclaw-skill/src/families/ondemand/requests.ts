/** Inference requests: `theta.ondemand.infer`, `theta.ondemand.status`, `theta.ondemand.pollUntilDone`. */
import { type InferResult, ondemandOperations } from "@theta/ondemand";
import { type Command, type CommandOutcome, defineCommand, type RunContext } from "../../command.js";
import {
  inputField,
  intervalField,
  predictionField,
  requestIdField,
  serviceField,
  timeoutField,
  variantField,
  waitField,
  webhookField,
} from "./fields.js";

/** What the request commands return (JSON for every adapter). */
export interface RequestView {
  requestId: string;
  service?: string;
  state: string;
  terminal: boolean;
  output?: unknown;
  error?: unknown;
  costUsd?: number;
  timings: InferResult["timings"];
  next?: string;
  /** pollUntilDone: the attempts, the time waited and how waiting ended (the state, or `timeout`). */
  attempts?: number;
  elapsedMs?: number;
  terminalState?: string;
}

/** The command that resumes waiting for a request (CLI syntax; the other adapters read it too). */
function resumeCommand(requestId: string): string {
  return `theta.ondemand.pollUntilDone --request-id ${requestId}`;
}

/** States in which a finished job produced no output. */
const FAILED_STATES = new Set(["error", "failed", "cancelled", "canceled"]);

/** A job that failed, or that was still running when waiting stopped, is not a plain success. */
function requestOutcome(view: RequestView): CommandOutcome | undefined {
  if (view.terminal && FAILED_STATES.has(view.state)) {
    const reason = typeof view.error === "string" && view.error !== "" ? `: ${view.error}` : "";
    return { kind: "failed", message: `Request ${view.requestId} ended ${view.state}${reason}.` };
  }
  if (view.terminalState === "timeout" || view.terminalState === "max-attempts") {
    return {
      kind: "pending",
      message: `Request ${view.requestId} is still ${view.state} (it may still bill); waiting stopped after ${Math.round((view.elapsedMs ?? 0) / 1000)} s. Resume waiting: theta ${resumeCommand(view.requestId)}`,
    };
  }
  return undefined;
}

function inferView(result: InferResult): RequestView {
  return {
    requestId: result.id,
    ...(result.service === undefined ? {} : { service: result.service }),
    state: result.state,
    terminal: result.terminal,
    ...(result.output === undefined ? {} : { output: result.output }),
    ...(result.error === undefined ? {} : { error: result.error }),
    ...(result.costUsd === undefined ? {} : { costUsd: result.costUsd }),
    timings: result.timings,
    ...(result.terminal
      ? {}
      : {
          next: `Not finished yet: call theta.ondemand.pollUntilDone (or get_request_status) with requestId "${result.id}".`,
        }),
  };
}

async function infer(
  runContext: RunContext,
  args: {
    service: string;
    input: Record<string, unknown>;
    wait: number;
    prediction?: string | undefined;
    variant?: string | undefined;
    webhook?: string | undefined;
    poll?: boolean | undefined;
    timeoutMs?: number | undefined;
    intervalMs?: number | undefined;
  },
): Promise<RequestView> {
  const client = runContext.client("ondemand");
  const result = await client.infer(args.service, args.input, {
    wait: args.wait,
    ...(args.prediction === undefined ? {} : { prediction: args.prediction }),
    ...(args.variant === undefined ? {} : { variant: args.variant }),
    ...(args.webhook === undefined ? {} : { webhook: args.webhook }),
    ...(runContext.signal ? { signal: runContext.signal } : {}),
  });
  if (!args.poll || result.terminal) return inferView(result);
  return pollUntilDone(runContext, result.id, args.timeoutMs ?? 120_000, args.intervalMs ?? 3000, args.input);
}

async function pollUntilDone(
  runContext: RunContext,
  requestId: string,
  timeoutMs: number,
  intervalMs: number,
  input?: Record<string, unknown>,
): Promise<RequestView> {
  const client = runContext.client("ondemand");
  const waited = await client.requests.waitFor(requestId, {
    timeoutMs,
    intervalMs,
    ...(input === undefined ? {} : { input }),
    ...(runContext.signal ? { signal: runContext.signal } : {}),
    onProgress: (progress) => {
      runContext.progress({
        type: "poll",
        attempt: progress.attempt,
        elapsedMs: progress.elapsedMs,
        state: progress.value.state,
        requestId,
        resume: resumeCommand(requestId),
      });
    },
  });
  return {
    ...inferView(waited),
    attempts: waited.attempts,
    elapsedMs: waited.elapsedMs,
    terminalState: waited.terminalState,
  };
}

export const inferCommand: Command = defineCommand({
  name: "theta.ondemand.infer",
  title: "Run an on-demand model",
  description:
    "Run an on-demand service (image, speech-to-text, captions, video...) and return its output, or a requestId to poll if unfinished. Paid (dry-run and spend cap apply); for chat use theta.ondemand.chat.",
  inputSchema: {
    type: "object",
    properties: {
      service: serviceField,
      input: inputField,
      wait: waitField,
      prediction: predictionField,
      variant: variantField,
      webhook: webhookField,
      poll: {
        type: "boolean",
        default: false,
        description: "Poll until it finishes.",
      },
      timeoutMs: timeoutField,
      intervalMs: intervalField,
    },
    required: ["service", "input"],
    additionalProperties: false,
  },
  family: "ondemand",
  operations: [ondemandOperations.createInferRequest, ondemandOperations.getInferRequest],
  examples: [{ service: "stable_diffusion_xl_turbo", input: { prompt: "a blue cloud icon" }, wait: 30 }],
  run: (args, runContext) => infer(runContext, args),
  outcome: requestOutcome,
});

export const statusCommand: Command = defineCommand({
  name: "theta.ondemand.status",
  title: "Inference request status",
  description: "The state and, once finished, the output of an inference request. Free.",
  inputSchema: {
    type: "object",
    properties: { requestId: requestIdField },
    required: ["requestId"],
    additionalProperties: false,
  },
  family: "ondemand",
  operations: [ondemandOperations.getInferRequest],
  examples: [{ requestId: "infr_rqst_abc123" }],
  run: async (args, runContext) =>
    inferView(
      await runContext
        .client("ondemand")
        .requests.get(args.requestId, runContext.signal ? { signal: runContext.signal } : {}),
    ),
  outcome: requestOutcome,
});

export const pollUntilDoneCommand: Command = defineCommand({
  name: "theta.ondemand.pollUntilDone",
  title: "Wait for an inference request",
  description:
    'Wait for an inference request to finish (or the timeout: terminalState "timeout") and return its output. Free.',
  inputSchema: {
    type: "object",
    properties: { requestId: requestIdField, timeoutMs: timeoutField, intervalMs: intervalField },
    required: ["requestId"],
    additionalProperties: false,
  },
  family: "ondemand",
  operations: [ondemandOperations.getInferRequest],
  examples: [{ requestId: "infr_rqst_abc123", timeoutMs: 120000 }],
  run: (args, runContext) => pollUntilDone(runContext, args.requestId, args.timeoutMs, args.intervalMs),
  outcome: requestOutcome,
});
