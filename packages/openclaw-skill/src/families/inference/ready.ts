/**
 * `theta.inference.ready`: polls the configured dedicated endpoint until it serves. A new deployment
 * answers 404, 502, 503, 401 or 500 for minutes while it warms up; each probe is a progress line so a
 * long wait shows what the endpoint says.
 */
import {
  DEFAULT_READY_INTERVAL_MS,
  DEFAULT_READY_TIMEOUT_MS,
  inferenceOperations,
  type ReadyProgress,
} from "@theta/controller";
import { type Command, defineCommand } from "../../command.js";

/** The progress line of one readiness probe. */
export function readyProgressLine(progress: ReadyProgress): string {
  const seen = typeof progress.outcome === "number" ? `HTTP ${progress.outcome}` : progress.outcome;
  const next =
    progress.nextDelayMs === undefined ? "" : `, next probe in ${Math.round(progress.nextDelayMs / 1000)} s`;
  return `Endpoint probe ${progress.attempt}: ${seen} after ${Math.round(progress.elapsedMs / 1000)} s${next}`;
}

export const readyCommand: Command = defineCommand({
  name: "theta.inference.ready",
  title: "Wait until a dedicated endpoint serves",
  description: `Wait until the dedicated endpoint (THETA_INFERENCE_ENDPOINT) serves, treating warm-up answers (404, 502, 503, 401) as not ready; a cold start can take over 10 minutes, so raise timeoutMs (default ${DEFAULT_READY_TIMEOUT_MS} ms). Free and read-only.`,
  inputSchema: {
    type: "object",
    properties: {
      probe: {
        type: "string",
        enum: ["openai", "gradio"],
        default: "openai",
        description: "openai for OpenAI-compatible (vLLM) templates, gradio for Gradio ones.",
      },
      timeoutMs: {
        type: "integer",
        minimum: 1,
        maximum: 1_800_000,
        description: `Overall deadline in ms (default ${DEFAULT_READY_TIMEOUT_MS}, at most 30 minutes).`,
      },
      intervalMs: {
        type: "integer",
        minimum: 1,
        maximum: 60_000,
        description: `Delay between probes in ms (default ${DEFAULT_READY_INTERVAL_MS}).`,
      },
    },
    additionalProperties: false,
  },
  family: "inference",
  operations: [inferenceOperations.listModels, inferenceOperations.getGradioConfig],
  examples: [{}, { probe: "gradio", timeoutMs: 900000 }],
  run: async (args, runContext) => {
    const report = await runContext.client("inference").ready({
      probe: args.probe,
      ...(args.timeoutMs === undefined ? {} : { timeoutMs: args.timeoutMs }),
      ...(args.intervalMs === undefined ? {} : { intervalMs: args.intervalMs }),
      onProgress: (progress) => runContext.progress({ type: "status", message: readyProgressLine(progress) }),
      ...(runContext.signal ? { signal: runContext.signal } : {}),
    });
    return { ready: true, ...report };
  },
});
