/** Inference requests: `theta.ondemand.infer`, `theta.ondemand.status`, `theta.ondemand.pollUntilDone`. */
import { type InferResult, ondemandOperations } from "@theta/ondemand";
import { type Command, defineCommand, type RunContext } from "../../command.js";
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

function inferView(result: InferResult): Record<string, unknown> {
  const view: Record<string, unknown> = {
    requestId: result.id,
    ...(result.service === undefined ? {} : { service: result.service }),
    state: result.state,
    terminal: result.terminal,
  };
  if (result.output !== undefined) view.output = result.output;
  if (result.error !== undefined) view.error = result.error;
  if (result.costUsd !== undefined) view.costUsd = result.costUsd;
  view.timings = result.timings;
  if (!result.terminal) {
    view.next = `Not finished yet: call theta.ondemand.pollUntilDone (or get_request_status) with requestId "${result.id}".`;
  }
  return view;
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
): Promise<Record<string, unknown>> {
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
): Promise<Record<string, unknown>> {
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
});
