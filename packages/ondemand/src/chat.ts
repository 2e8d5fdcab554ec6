/**
 * Chat over the OpenAI-compatible route (`POST /infer_request/chat/completions`), or, for `qwen3`, over
 * the streaming "parallax" job route (`POST /infer_request/qwen3?prediction=completions&wait=60` with
 * `input.stream: true`), whose non-streaming path is reported unreliable.
 */
import {
  ChatAccumulator,
  type ChatAggregate,
  type ChatAnswer,
  createOpenAiChat,
  normalizeUsage,
  type ChatResource as OpenAiChatResource,
  type PreparedChat,
  ThetaApiError,
  ThetaValidationError,
} from "@theta/core";
import { SERVICE_CATALOG, type ServiceSpec, serviceSpec } from "./catalog.js";
import type { OndemandContext } from "./context.js";
import { type OndemandOperationsId, ondemandOperations } from "./generated/operations.js";
import type { components } from "./generated/schema.js";
import { inferRequestFromEnvelope, isRecord } from "./normalize.js";
import { estimateCostUsd, tokenCostUsd } from "./pricing.js";
import type { RequestsResource } from "./requests.js";
import type { ChatRequest } from "./types.js";
import { requireString, validateInput } from "./validate.js";

type ChatCompletionRequest = components["schemas"]["ChatCompletionRequest"];

export const DEFAULT_CHAT_MODEL = "qwen3";
/** The streaming variant qwen3 chats over (its job route), from the catalog. */
export const PARALLAX_VARIANT = SERVICE_CATALOG.qwen3.chatRoute.variant;

export type { ChatCallOptions } from "@theta/core";

/** `chat.create` / `chat.stream` of the on-demand API (the shared OpenAI-compatible chat of `@theta/core`). */
export type ChatResource = OpenAiChatResource<ChatRequest>;

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

/** The on-demand side of a prepared chat: which route it takes and what it sends. */
interface OndemandChat {
  model: string;
  /** The qwen3 parallax job route (SSE in the job envelope's place). */
  jobRoute: boolean;
  operationId: OndemandOperationsId;
  /** Fields of the OpenAI-style body (without `stream`). */
  fields: Record<string, unknown>;
  variant: string | undefined;
}

function chatDefaults(model: string): Record<string, unknown> {
  const defaults: Record<string, unknown> = { max_tokens: 500, temperature: 0.5, top_p: 0.7 };
  for (const [name, field] of Object.entries(serviceSpec(model)?.fields ?? {})) {
    if (name !== "stream" && field.default !== undefined) defaults[name] = field.default;
  }
  return defaults;
}

function validated(request: ChatRequest): OndemandChat {
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
  };
}

function send(
  ctx: OndemandContext,
  chat: OndemandChat,
  stream: boolean,
  signal: AbortSignal | undefined,
  reservedHeaders: Readonly<Record<string, string>> | undefined,
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

/** Reads the job route's JSON answer (the envelope): waits for it when still running. */
async function jobAnswer(
  requests: RequestsResource,
  envelope: unknown,
  chat: OndemandChat,
  answer: ChatAnswer,
  signal?: AbortSignal,
): Promise<ChatAggregate> {
  let result = inferRequestFromEnvelope(envelope, chat.operationId, chat.model);
  if (!result.terminal && result.id) {
    result = await requests.waitFor(result.id, signal ? { signal } : {});
  }
  answer.raw = result.raw;
  if (result.costUsd !== undefined) answer.costUsd = result.costUsd;
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
  const accumulator = new ChatAccumulator();
  const reasoning = typeof output.reasoning === "string" ? output.reasoning : undefined;
  if (reasoning) accumulator.add({ type: "reasoning", delta: reasoning });
  if (typeof output.message === "string" && output.message)
    accumulator.add({ type: "content", delta: output.message });
  const usage = normalizeUsage(output.usage);
  if (usage) accumulator.add({ type: "usage", usage });
  accumulator.add({
    type: "finish",
    reason: typeof output.finish_reason === "string" ? output.finish_reason : "stop",
  });
  return accumulator.result();
}

/** The on-demand chat: catalog validation and defaults, the qwen3 job route, the price book. */
export function createChat(ctx: OndemandContext, requests: RequestsResource): ChatResource {
  return createOpenAiChat<ChatRequest>({
    family: ctx.family,
    prepare(request): PreparedChat {
      const chat = validated(request);
      const price = () => ctx.price(chat.model, chat.fields, "completions");
      return {
        model: chat.model,
        operationId: chat.operationId,
        send: (stream, signal, headers) => send(ctx, chat, stream, signal, headers),
        estimateUsd: () => estimateCostUsd(chat.model, chat.fields, price()),
        costUsd: (usage) =>
          usage ? tokenCostUsd(price(), usage.prompt_tokens, usage.completion_tokens) : undefined,
        ...(chat.jobRoute
          ? {
              jsonAnswer: (parsed: unknown, answer: ChatAnswer, signal?: AbortSignal) =>
                jobAnswer(requests, parsed, chat, answer, signal),
            }
          : {}),
      };
    },
  });
}
