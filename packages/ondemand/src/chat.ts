/**
 * Chat over the OpenAI-compatible route (`POST /infer_request/chat/completions`), or, for `qwen3`, over
 * the streaming "parallax" job route (`POST /infer_request/qwen3?prediction=completions&wait=60` with
 * `input.stream: true`), whose non-streaming path is reported unreliable.
 */
import {
  failureWasNotCharged,
  looksLikeSse,
  sseBatches,
  ThetaApiError,
  ThetaStream,
  ThetaValidationError,
} from "@theta/core";
import { SERVICE_CATALOG, type ServiceSpec, serviceSpec } from "./catalog.js";
import {
  aggregateCompletion,
  ChatAccumulator,
  type ChatAggregate,
  ChatStreamDecoder,
  normalizeUsage,
} from "./chat-events.js";
import { anySignal, type OndemandContext, parseJsonAnswer } from "./context.js";
import { type OndemandOperationsId, ondemandOperations } from "./generated/operations.js";
import type { components } from "./generated/schema.js";
import { inferRequestFromEnvelope, isRecord } from "./normalize.js";
import { estimateCostUsd, tokenCostUsd } from "./pricing.js";
import type { RequestsResource } from "./requests.js";
import type { ChatEvent, ChatRequest, ChatResult, ChatUsage } from "./types.js";
import { requireString, validateInput } from "./validate.js";

type ChatCompletionRequest = components["schemas"]["ChatCompletionRequest"];

export const DEFAULT_CHAT_MODEL = "qwen3";
/** The streaming variant qwen3 chats over (its job route), from the catalog. */
export const PARALLAX_VARIANT = SERVICE_CATALOG.qwen3.chatRoute.variant;
/** qwen3's first text arrives after 30-50 s on the parallax route. */
export const DEFAULT_FIRST_CHUNK_TIMEOUT_MS = 120_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

export interface ChatCallOptions {
  signal?: AbortSignal;
  /** Longest wait for the first bytes of a streamed answer (default 120 s). */
  firstChunkTimeoutMs?: number;
  /** Longest silence between two chunks of a streamed answer (default 60 s). */
  idleTimeoutMs?: number;
}

export interface ChatResource {
  /** One complete answer (a streamed answer is aggregated). */
  create(request: ChatRequest, options?: ChatCallOptions): Promise<ChatResult>;
  /** Typed events: content, reasoning and tool-call deltas, usage, finish. Iterate it once. */
  stream(request: ChatRequest, options?: ChatCallOptions): ThetaStream<ChatEvent>;
}

const GENERIC_CHAT: ServiceSpec = {
  alias: "chat",
  name: "chat",
  category: "text",
  kind: "chat",
  fields: {
    messages: { type: "messages", required: true, description: "chat messages" },
    max_tokens: { type: "integer", min: 1, description: "maximum completion tokens" },
    temperature: { type: "number", min: 0, max: 2, description: "sampling temperature" },
    top_p: { type: "number", min: 0, max: 1, description: "nucleus sampling" },
  },
};

interface PreparedChat {
  model: string;
  /** The qwen3 parallax job route (SSE in the job envelope's place). */
  jobRoute: boolean;
  operationId: OndemandOperationsId;
  /** Fields of the OpenAI-style body (without `stream`). */
  fields: Record<string, unknown>;
  variant: string | undefined;
  /** What the budget guard reserves (computed only when a budget is set). */
  estimateUsd(): number;
}

function chatDefaults(model: string): Record<string, unknown> {
  const defaults: Record<string, unknown> = { max_tokens: 500, temperature: 0.5, top_p: 0.7 };
  for (const [name, field] of Object.entries(serviceSpec(model)?.fields ?? {})) {
    if (name !== "stream" && field.default !== undefined) defaults[name] = field.default;
  }
  return defaults;
}

function prepare(ctx: OndemandContext, request: ChatRequest): PreparedChat {
  if (!isRecord(request)) {
    throw new ThetaValidationError({
      field: "request",
      message: "The chat request must be an object with messages",
      fix: 'pass { messages: [{ role: "user", content: "Hello" }] }',
    });
  }
  const model = request.model ?? DEFAULT_CHAT_MODEL;
  requireString(model, "model", 'pass a chat service alias such as "qwen3", "gpt_oss_120b" or "glm_5_3"');
  const known = serviceSpec(model);
  if (known && known.kind !== "chat") {
    throw new ThetaValidationError({
      field: "model",
      message: `${model} is not a chat model`,
      fix: 'use a chat service (e.g. "qwen3", "gpt_oss_120b", "glm_5_3"), or infer() for other services',
    });
  }
  if (request.variant !== undefined)
    requireString(request.variant, "variant", 'pass a variant such as "default"');
  if (request.tools !== undefined && !Array.isArray(request.tools)) {
    throw new ThetaValidationError({
      field: "tools",
      message: "tools must be an array of OpenAI-style function tools",
      fix: 'pass [{ type: "function", function: { name, description, parameters } }]',
    });
  }
  const { model: _model, variant, ...rest } = request;
  const fields: Record<string, unknown> = { ...chatDefaults(model) };
  for (const [key, value] of Object.entries(rest)) {
    if (value !== undefined) fields[key] = value;
  }
  validateInput(model, fields, known ?? GENERIC_CHAT, "");
  // The catalog says which services chat over their job route (qwen3's streaming variant).
  const route = known?.chatRoute;
  const jobRoute = route?.kind === "job";
  return {
    model,
    jobRoute,
    operationId: (jobRoute ? ondemandOperations.createInferRequest : ondemandOperations.createChatCompletion)
      .operationId,
    fields,
    variant: variant ?? route?.variant,
    estimateUsd: () => estimateCostUsd(model, fields, ctx.price(model, fields, "completions")),
  };
}

async function send(
  ctx: OndemandContext,
  chat: PreparedChat,
  stream: boolean,
  signal?: AbortSignal,
  reservedHeaders?: Readonly<Record<string, string>>,
): Promise<Response> {
  // Straight through the transport (not openapi-fetch): a chat call is latency-sensitive, and the
  // answer is read as a stream or text anyway.
  if (chat.jobRoute) {
    const body: { input: Record<string, unknown>; variant?: string } = {
      input: { ...chat.fields, stream: true },
    };
    if (chat.variant !== undefined) body.variant = chat.variant;
    return ctx.family.call(ondemandOperations.createInferRequest, {
      path: { alias: chat.model },
      query: { prediction: "completions", wait: 60 },
      json: body,
      signal,
      ...(reservedHeaders ? { headers: reservedHeaders } : {}),
    });
  }
  const body: ChatCompletionRequest = {
    ...chat.fields,
    model: chat.model,
    stream,
  } as unknown as ChatCompletionRequest;
  return ctx.family.call(ondemandOperations.createChatCompletion, {
    json: body,
    signal,
    ...(reservedHeaders ? { headers: reservedHeaders } : {}),
  });
}

function eventsOfAggregate(aggregate: ChatAggregate): ChatEvent[] {
  const events: ChatEvent[] = [];
  if (aggregate.reasoning) events.push({ type: "reasoning", delta: aggregate.reasoning });
  if (aggregate.content) events.push({ type: "content", delta: aggregate.content });
  for (const [index, call] of (aggregate.toolCalls ?? []).entries()) {
    events.push({
      type: "tool_call",
      index,
      id: call.id,
      name: call.function.name,
      argumentsDelta: call.function.arguments,
    });
  }
  if (aggregate.usage) events.push({ type: "usage", usage: aggregate.usage });
  events.push({ type: "finish", reason: aggregate.finishReason });
  return events;
}

interface AnswerSink {
  raw?: unknown;
  model?: string;
  costUsd?: number;
}

/** Reads the job route's JSON answer (the envelope): waits for it when still running. */
async function jobAnswer(
  requests: RequestsResource,
  envelope: unknown,
  chat: PreparedChat,
  sink: AnswerSink,
  signal?: AbortSignal,
): Promise<ChatAggregate> {
  let result = inferRequestFromEnvelope(envelope, chat.operationId, chat.model);
  if (!result.terminal && result.id) {
    result = await requests.waitFor(result.id, signal ? { signal } : {});
  }
  sink.raw = result.raw;
  if (result.costUsd !== undefined) sink.costUsd = result.costUsd;
  if (result.state !== "success") {
    throw new ThetaApiError({
      status: 200,
      operationId: chat.operationId,
      code: "api_error",
      retriable: false,
      serverMessage: `${chat.model} request ${result.id} ended in state "${result.state}"${result.error ? `: ${result.error}` : ""}`,
      fix: "Retry later or use another model",
    });
  }
  const output = result.output ?? {};
  const acc = new ChatAccumulator();
  const reasoning = typeof output.reasoning === "string" ? output.reasoning : undefined;
  if (reasoning) acc.add({ type: "reasoning", delta: reasoning });
  if (typeof output.message === "string" && output.message)
    acc.add({ type: "content", delta: output.message });
  const usage = normalizeUsage(output.usage);
  if (usage) acc.add({ type: "usage", usage });
  acc.add({
    type: "finish",
    reason: typeof output.finish_reason === "string" ? output.finish_reason : "stop",
  });
  return acc.result();
}

/**
 * The events of an answer, whatever its form (SSE, a `chat.completion`, or a job envelope), in
 * batches: one per network chunk of a stream (never empty), so that no async step is spent per event.
 * With `keepRaw`, the raw answer (the chunks' data, or the parsed JSON) is kept in `sink.raw`.
 */
async function* answerBatches(
  requests: RequestsResource,
  response: Response,
  chat: PreparedChat,
  sink: AnswerSink,
  options: ChatCallOptions,
  signal: AbortSignal | undefined,
  keepRaw: boolean,
): AsyncGenerator<ChatEvent[]> {
  const type = response.headers.get("content-type") ?? "";
  const sseOptions = {
    signal,
    firstChunkTimeoutMs: options.firstChunkTimeoutMs ?? DEFAULT_FIRST_CHUNK_TIMEOUT_MS,
    idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
  };
  // The Response itself (not its `body`): the SSE reader then reads the transport's body directly.
  let body: Response | ReadableStream<Uint8Array> | null;
  if (/text\/event-stream/i.test(type) || !/json/i.test(type)) {
    body = response;
  } else {
    const text = await response.text();
    if (looksLikeSse(text)) {
      body = new Response(text).body;
    } else {
      const parsed = parseJsonAnswer(text, {
        status: response.status,
        operationId: chat.operationId,
        serverMessage: "the answer is neither JSON nor an event stream",
        fix: "Retry the request",
      });
      const aggregate = chat.jobRoute
        ? await jobAnswer(requests, parsed, chat, sink, signal)
        : aggregateCompletion(parsed, chat.operationId);
      if (!chat.jobRoute) {
        sink.raw = parsed;
        if (isRecord(parsed) && typeof parsed.model === "string") sink.model = parsed.model;
      }
      yield eventsOfAggregate(aggregate);
      return;
    }
  }
  const chunks: unknown[] | undefined = keepRaw ? [] : undefined;
  if (chunks) sink.raw = { stream: true, chunks };
  const decoder = new ChatStreamDecoder(chat.operationId, chunks);
  for await (const messages of sseBatches(body, sseOptions)) {
    const events = decoder.decode(messages);
    if (!sink.model && decoder.model) sink.model = decoder.model;
    if (events.length > 0) yield events;
  }
  decoder.end();
}

function costOf(
  ctx: OndemandContext,
  chat: PreparedChat,
  usage: ChatUsage | undefined,
  sink: AnswerSink,
): number | undefined {
  if (sink.costUsd !== undefined) return sink.costUsd;
  if (!usage) return undefined;
  return tokenCostUsd(
    ctx.price(chat.model, chat.fields, "completions"),
    usage.prompt_tokens,
    usage.completion_tokens,
  );
}

export function createChat(ctx: OndemandContext, requests: RequestsResource): ChatResource {
  return {
    async create(request, options = {}) {
      const chat = prepare(ctx, request);
      return ctx.family.withBudget(
        {
          estimateUsd: ctx.family.budget ? chat.estimateUsd() : 0,
          label: `${chat.operationId} ${chat.model}`,
        },
        async (reservedHeaders) => {
          const response = await send(ctx, chat, false, options.signal, reservedHeaders);
          const sink: AnswerSink = {};
          const acc = new ChatAccumulator();
          for await (const events of answerBatches(
            requests,
            response,
            chat,
            sink,
            options,
            options.signal,
            true,
          )) {
            for (const event of events) acc.add(event);
          }
          const aggregate = acc.result();
          const result: ChatResult = {
            content: aggregate.content,
            finishReason: aggregate.finishReason,
            model: sink.model ?? chat.model,
            raw: sink.raw,
          };
          if (aggregate.reasoning) result.reasoning = aggregate.reasoning;
          if (aggregate.toolCalls) result.toolCalls = aggregate.toolCalls;
          if (aggregate.usage) result.usage = aggregate.usage;
          const cost = costOf(ctx, chat, aggregate.usage, sink);
          if (cost !== undefined) result.costUsd = cost;
          return result;
        },
        (result) => result.costUsd,
      );
    },

    stream(request, options = {}) {
      const chat = prepare(ctx, request);
      const controller = new AbortController();
      const signal = anySignal(options.signal, controller.signal);
      async function* run(): AsyncGenerator<ChatEvent[]> {
        const reservation = ctx.family.budget
          ? await ctx.family.reserve({
              estimateUsd: chat.estimateUsd(),
              label: `${chat.operationId} ${chat.model}`,
            })
          : undefined;
        let response: Response;
        try {
          response = await send(ctx, chat, true, signal, reservation?.headers);
        } catch (error) {
          if (reservation) {
            if (failureWasNotCharged(error)) await reservation.release();
            else await reservation.settle();
          }
          throw error;
        }
        const sink: AnswerSink = {};
        // Only the usage matters for the cost (the last usage event wins, as in ChatAccumulator).
        let usage: ChatUsage | undefined;
        let complete = false;
        try {
          for await (const events of answerBatches(requests, response, chat, sink, options, signal, false)) {
            if (reservation) {
              for (const event of events) if (event.type === "usage") usage = event.usage;
            }
            yield events;
          }
          complete = true;
        } finally {
          // A broken or abandoned stream may still have been billed: settle at the estimate.
          await reservation?.settle(complete ? costOf(ctx, chat, usage, sink) : undefined);
        }
      }
      // One batch of events per network chunk; the consumer still sees one event per iteration.
      return ThetaStream.fromBatches(() => run(), controller);
    },
  };
}
