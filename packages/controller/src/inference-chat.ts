/**
 * `chat.create` / `chat.stream` of a dedicated endpoint: `@theta/core`'s OpenAI-compatible chat (the
 * one `@theta/ondemand` uses) over `POST /v1/chat/completions`. Not billable per call (the deployment
 * bills by the hour), so nothing is reserved.
 */
import {
  type ChatResource,
  createOpenAiChat,
  type FamilyClient,
  type OpenAiChatRequest,
  type PreparedChat,
  ThetaValidationError,
} from "@theta/core";
import { isRecord } from "./answers.js";
import { inferenceOperations } from "./generated/inference/operations.js";
import type { paths } from "./generated/inference/schema.js";
import { refuseEndpointOverride } from "./inference-call-options.js";

/** An OpenAI-style chat request; `model` defaults to the client's model, else the first `/v1/models` lists. */
export type InferenceChatRequest = OpenAiChatRequest & Record<string, unknown>;

function numberProblem(value: unknown, minimum: number, maximum: number, integer: boolean): boolean {
  if (value === undefined) return false;
  return (
    typeof value !== "number" ||
    !Number.isFinite(value) ||
    value < minimum ||
    value > maximum ||
    (integer && !Number.isInteger(value))
  );
}

/** Throws ThetaValidationError naming the field and the fix; nothing is sent for a bad request. */
function checkChatRequest(request: InferenceChatRequest): void {
  if (!isRecord(request)) {
    throw new ThetaValidationError({
      field: "request",
      message: "The chat request must be an object with messages",
      fix: 'pass { messages: [{ role: "user", content: "Hello" }] }',
    });
  }
  const { messages } = request;
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new ThetaValidationError({
      field: "messages",
      message: "messages must be a non-empty array",
      fix: 'pass messages: [{ role: "user", content: "Hello" }]',
    });
  }
  for (const [index, message] of messages.entries()) {
    if (!isRecord(message) || typeof message.role !== "string" || message.role === "") {
      throw new ThetaValidationError({
        field: `messages[${index}]`,
        message: `messages[${index}] must be an object with a role`,
        fix: 'give every message a role ("system", "user", "assistant" or "tool") and its content',
      });
    }
  }
  if (request.model !== undefined && (typeof request.model !== "string" || request.model.trim() === "")) {
    throw new ThetaValidationError({
      field: "model",
      message: "model must be a non-empty string",
      fix: "pass a model id that models() lists, or leave it out to use THETA_INFERENCE_MODEL",
    });
  }
  if (numberProblem(request.max_tokens, 1, Number.MAX_SAFE_INTEGER, true)) {
    throw new ThetaValidationError({
      field: "max_tokens",
      message: `max_tokens must be a whole number of at least 1, got ${String(request.max_tokens)}`,
      fix: "pass e.g. max_tokens: 256",
    });
  }
  if (numberProblem(request.temperature, 0, 2, false)) {
    throw new ThetaValidationError({
      field: "temperature",
      message: `temperature must be a number from 0 to 2, got ${String(request.temperature)}`,
      fix: "pass e.g. temperature: 0.7",
    });
  }
  if (numberProblem(request.top_p, 0, 1, false)) {
    throw new ThetaValidationError({
      field: "top_p",
      message: `top_p must be a number from 0 to 1, got ${String(request.top_p)}`,
      fix: "pass e.g. top_p: 0.9",
    });
  }
  if (request.tools !== undefined && !Array.isArray(request.tools)) {
    throw new ThetaValidationError({
      field: "tools",
      message: "tools must be an array of OpenAI-style function tools",
      fix: 'pass [{ type: "function", function: { name, description, parameters } }]',
    });
  }
  if ("stream" in request) {
    throw new ThetaValidationError({
      field: "stream",
      message: "stream is set by the call, not the request",
      fix: "use chat.stream(...) for a streamed answer and chat.create(...) for a complete one",
    });
  }
}

export function createInferenceChat(
  family: FamilyClient<paths>,
  /** The model to use when a request names none (configured, else the endpoint's first). */
  defaultModel: (signal: AbortSignal | undefined) => Promise<string>,
): ChatResource<InferenceChatRequest> {
  const operation = inferenceOperations.createChatCompletion;
  const chat = createOpenAiChat<InferenceChatRequest>({
    family,
    prepare(request): PreparedChat {
      checkChatRequest(request);
      const prepared: PreparedChat = {
        model: request.model ?? "",
        operationId: operation.operationId,
        async send(stream, signal, headers) {
          if (prepared.model === "") prepared.model = await defaultModel(signal);
          return family.call(operation, {
            json: { ...request, model: prepared.model, stream },
            ...(signal ? { signal } : {}),
            // The per-call timeoutMs / maxRetries, as headers the transport reads.
            ...(headers ? { headers } : {}),
          });
        },
      };
      return prepared;
    },
  });
  return {
    create(request, options) {
      refuseEndpointOverride(options);
      return chat.create(request, options);
    },
    stream(request, options) {
      refuseEndpointOverride(options);
      return chat.stream(request, options);
    },
  };
}
