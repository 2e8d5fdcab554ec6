import {
  ChatAccumulator,
  ChatStreamDecoder,
  callSettingsHeaders,
  looksLikeSse,
  poll,
  sseBatches,
  ThetaValidationError,
} from "@theta/core";
import { serviceSpec } from "./catalog.js";
import { type OndemandContext, parseJsonAnswer } from "./context.js";
import { ondemandOperations } from "./generated/operations.js";
import { inferRequestFromEnvelope } from "./normalize.js";
import { estimateCostUsd, tokenCostUsd, usageCostUsd } from "./pricing.js";
import type { InferOptions, InferResult, RequestOptions, WaitOptions, WaitResult } from "./types.js";
import { withServiceSuggestions } from "./unknown-service.js";
import { requireString, validateInput, withDefaults } from "./validate.js";

export interface RequestsResource {
  /** The current state of an inference request. */
  get(id: string, options?: RequestOptions): Promise<InferResult>;
  /** Polls until a terminal state (success, error, failed, cancelled) or the deadline. */
  waitFor(id: string, options?: WaitOptions): Promise<WaitResult>;
}

export const DEFAULT_WAIT_SECONDS = 30;
export const DEFAULT_POLL_TIMEOUT_MS = 120_000;
export const DEFAULT_POLL_INTERVAL_MS = 3_000;
export const MAX_POLL_ATTEMPTS = 1000;

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/**
 * Deadline for a video job with `frames` (and `fps`, default 10): 240 s + max(frames × 4 s,
 * ceil(frames / fps) × 60 s), rounded up to 30 s, clamped to 6-30 minutes.
 */
export function videoDeadlineMs(frames: number, fps = 10): number {
  const safeFps = Number.isFinite(fps) && fps > 0 ? fps : 10;
  const raw = 240 * SECOND + Math.max(frames * 4 * SECOND, Math.ceil(frames / safeFps) * MINUTE);
  const rounded = Math.ceil(raw / (30 * SECOND)) * 30 * SECOND;
  return Math.min(30 * MINUTE, Math.max(6 * MINUTE, rounded));
}

function framesOf(input: unknown): { frames: number; fps?: number } | undefined {
  if (input === null || typeof input !== "object") return undefined;
  const { frames, fps } = input as { frames?: unknown; fps?: unknown };
  if (typeof frames !== "number" || !Number.isFinite(frames) || frames <= 0) return undefined;
  return typeof fps === "number" ? { frames, fps } : { frames };
}

/** Per-attempt timeout of a create call: long enough for `wait`, longer for video generation. */
export function createTimeoutMs(
  service: string,
  input: Record<string, unknown>,
  waitSeconds: number,
): number {
  let timeout = 120 * SECOND;
  const video = framesOf(input);
  if (video && (service === "step_video" || serviceSpec(service)?.category === "video")) {
    timeout = Math.min(
      300 * SECOND,
      Math.ceil((120 * SECOND + video.frames * 500) / (5 * SECOND)) * 5 * SECOND,
    );
  }
  return Math.max(timeout, (waitSeconds + 30) * SECOND);
}

function checkInferOptions(options: InferOptions): void {
  const { wait, prediction, variant, webhook } = options;
  if (wait !== undefined && (!Number.isInteger(wait) || wait < 0 || wait > 60)) {
    throw new ThetaValidationError({
      field: "wait",
      message: `wait must be an integer number of seconds from 0 to 60, got ${String(wait)}`,
      fix: "pass wait between 0 (return at once, then poll) and 60",
    });
  }
  if (prediction !== undefined)
    requireString(prediction, "prediction", 'pass a prediction name such as "predict"');
  if (variant !== undefined) requireString(variant, "variant", 'pass a variant name such as "quantized"');
  if (webhook !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(webhook);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
      throw new ThetaValidationError({
        field: "webhook",
        message: "webhook must be an absolute http(s) URL",
        fix: "pass the full callback URL, e.g. https://example.com/theta-callback",
      });
    }
  }
}

/**
 * Reads a job answer: the JSON envelope, or an SSE chat stream (which chat services send when
 * `input.stream` is not false, and sometimes anyway) aggregated into `output.message`.
 */
export async function readJobAnswer(
  ctx: OndemandContext,
  response: Response,
  text: string,
  service: string,
  operationId: string,
  signal?: AbortSignal,
): Promise<InferResult> {
  const type = response.headers.get("content-type") ?? "";
  if (/text\/event-stream/i.test(type) || looksLikeSse(text)) {
    const acc = new ChatAccumulator();
    const decoder = new ChatStreamDecoder(operationId);
    for await (const messages of sseBatches(new Response(text).body, { signal })) {
      for (const event of decoder.decode(messages)) acc.add(event);
    }
    decoder.end();
    const id = decoder.id ?? "";
    const aggregate = acc.result();
    const output: Record<string, unknown> = {
      message: aggregate.content,
      finish_reason: aggregate.finishReason,
    };
    if (aggregate.reasoning) output.reasoning = aggregate.reasoning;
    if (aggregate.toolCalls) output.tool_calls = aggregate.toolCalls;
    if (aggregate.usage) output.usage = aggregate.usage;
    const result: InferResult = {
      id,
      service,
      state: "success",
      terminal: true,
      output,
      timings: {},
      raw: aggregate,
    };
    const cost = aggregate.usage
      ? tokenCostUsd(
          ctx.price(service, { messages: [] }),
          aggregate.usage.prompt_tokens,
          aggregate.usage.completion_tokens,
        )
      : undefined;
    if (cost !== undefined) result.costUsd = cost;
    return result;
  }
  const envelope = parseJsonAnswer(text, {
    status: response.status,
    operationId,
    serverMessage: "the response is neither JSON nor an event stream",
    fix: "Check the status of the request with requests.get(id) if you have its id, or retry later",
  });
  const result = inferRequestFromEnvelope(envelope, operationId, service);
  if (result.costUsd === undefined && result.terminal) {
    const usage = (result.output as { usage?: unknown } | undefined)?.usage;
    if (usage && typeof usage === "object") {
      const cost = usageCostUsd(
        service,
        usage as { prompt_tokens: number; completion_tokens: number; total_tokens: number },
      );
      if (cost !== undefined) result.costUsd = cost;
    }
  }
  return result;
}

export function createInfer(ctx: OndemandContext) {
  return async function infer(
    service: string,
    input: object,
    options: InferOptions = {},
  ): Promise<InferResult> {
    requireString(service, "service", 'pass a service alias such as "flux" (see services.list())');
    validateInput(service, input);
    checkInferOptions(options);
    // Validated before the budget reserves anything.
    const perCallHeaders = callSettingsHeaders(options);
    const body = withDefaults(service, input as Record<string, unknown>);
    const wait = options.wait ?? DEFAULT_WAIT_SECONDS;
    const prediction = options.prediction ?? serviceSpec(service)?.defaultPrediction;
    const estimateUsd = estimateCostUsd(service, body, ctx.price(service, body, prediction));
    const { operationId } = ondemandOperations.createInferRequest;
    const requestBody: { input: Record<string, unknown>; variant?: string; webhook?: string } = {
      input: body,
    };
    if (options.variant !== undefined) requestBody.variant = options.variant;
    if (options.webhook !== undefined) requestBody.webhook = options.webhook;
    return ctx.family.withBudget(
      { estimateUsd, label: `${operationId} ${service}` },
      async (reservedHeaders) => {
        const { data, response } = await ctx.family.api
          .POST("/infer_request/{alias}", {
            params: {
              path: { alias: service },
              query: prediction === undefined ? { wait } : { wait, prediction },
            },
            body: requestBody,
            headers: {
              ...reservedHeaders,
              "x-theta-timeout-ms": String(createTimeoutMs(service, body, wait)),
              // A per-call timeoutMs / maxRetries wins over the computed deadline.
              ...perCallHeaders,
            },
            parseAs: "text",
            signal: options.signal,
          })
          .catch((error: unknown) => {
            throw withServiceSuggestions(error, service);
          });
        return readJobAnswer(
          ctx,
          response,
          typeof data === "string" ? data : "",
          service,
          operationId,
          options.signal,
        );
      },
      (result) => result.costUsd,
    );
  };
}

export function createRequests(ctx: OndemandContext): RequestsResource {
  const get = async (id: string, options: RequestOptions = {}): Promise<InferResult> => {
    requireString(id, "id", "pass the id returned by infer() (infr_rqst_...)");
    const { data } = await ctx.family.api.GET("/infer_request/{id}", {
      params: { path: { id } },
      headers: callSettingsHeaders(options),
      signal: options.signal,
    });
    return inferRequestFromEnvelope(data, ondemandOperations.getInferRequest.operationId);
  };

  return {
    get,
    async waitFor(id, options = {}) {
      requireString(id, "id", "pass the id returned by infer() (infr_rqst_...)");
      const video = framesOf(options.input);
      const timeoutMs =
        options.timeoutMs ?? (video ? videoDeadlineMs(video.frames, video.fps) : DEFAULT_POLL_TIMEOUT_MS);
      const intervalMs = options.intervalMs ?? DEFAULT_POLL_INTERVAL_MS;
      const outcome = await poll<InferResult>({
        load: (_attempt, signal) => get(id, { signal }),
        isDone: (value) => value.terminal,
        timeoutMs,
        intervalMs,
        maxIntervalMs: Math.max(intervalMs, 10_000),
        maxAttempts: MAX_POLL_ATTEMPTS,
        onProgress: options.onProgress,
        signal: options.signal,
      });
      const last = outcome.value as InferResult;
      return {
        ...last,
        attempts: outcome.attempts,
        elapsedMs: outcome.elapsedMs,
        terminalState: outcome.terminal === "done" ? last.state : outcome.terminal,
      };
    },
  };
}
