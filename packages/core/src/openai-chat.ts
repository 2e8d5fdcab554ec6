/**
 * The OpenAI-compatible chat of every family that has one (`chat.create` / `chat.stream`), over a
 * family client. A family says how to validate a request and send it (`prepare`); this reads the
 * answer in any of its forms, holds the budget guard's reservation when the operation is billable,
 * and builds the one result shape.
 */

import { failureWasNotCharged } from "./budget.js";
import { type CallSettings, callSettingsHeaders } from "./call-settings.js";
import { ChatAccumulator, type ChatAggregate } from "./chat-accumulator.js";
import { type ChatAnswer, chatAnswerBatches } from "./chat-answer.js";
import { ChatStream } from "./chat-stream.js";
import type { ChatEvent, ChatResult, ChatUsage } from "./chat-types.js";
import type { FamilyClient } from "./client.js";

/** A model's first text may take 30-50 s (qwen3 on the parallax route, a cold dedicated endpoint). */
export const DEFAULT_FIRST_CHUNK_TIMEOUT_MS = 120_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

/** Per-call options of a chat; `timeoutMs` / `maxRetries` override the client's settings for this call. */
export interface ChatCallOptions extends CallSettings {
  signal?: AbortSignal;
  /** Longest wait for the first bytes of a streamed answer (default 120 s). */
  firstChunkTimeoutMs?: number;
  /** Longest silence between two chunks of a streamed answer (default 60 s). */
  idleTimeoutMs?: number;
}

export interface ChatResource<Request> {
  /** One complete answer (a streamed answer is aggregated). */
  create(request: Request, options?: ChatCallOptions): Promise<ChatResult>;
  /**
   * Typed events: content, reasoning and tool-call deltas, usage, finish. Iterate it once, or call
   * `result()` for what `create` would have returned.
   */
  stream(request: Request, options?: ChatCallOptions): ChatStream;
}

/** One validated chat request, ready to send. */
export interface PreparedChat {
  /** The model asked for: the result's `model` when the answer names none. `send` may settle it. */
  model: string;
  /** The operation sent: names errors. */
  readonly operationId: string;
  /** Sends the request, asking for SSE when `stream`; `headers` mark a budget reservation. */
  send(
    stream: boolean,
    signal: AbortSignal | undefined,
    headers: Readonly<Record<string, string>> | undefined,
  ): Promise<Response>;
  /**
   * What the budget guard reserves before sending, for a billable operation; absent for one that is
   * not billable (nothing is reserved). Called only when the client has a guard.
   */
  readonly estimateUsd?: () => number;
  /** The cost of an answer that reports none itself, from its usage. */
  readonly costUsd?: (usage: ChatUsage | undefined) => number | undefined;
  /** Reads a JSON answer that is not a `chat.completion` (e.g. a job envelope). */
  readonly jsonAnswer?: (parsed: unknown, answer: ChatAnswer, signal?: AbortSignal) => Promise<ChatAggregate>;
}

export interface OpenAiChatBinding<Request> {
  /** The family client: its budget guard, if any, prices billable chats. */
  readonly family: Pick<FamilyClient<object>, "budget" | "withBudget" | "reserve">;
  /** Validates a request (ThetaValidationError before any network call) and says how to send it. */
  prepare(request: Request): PreparedChat;
}

function joinSignals(first: AbortSignal | undefined, second: AbortSignal): AbortSignal {
  return first ? AbortSignal.any([first, second]) : second;
}

function costOf(chat: PreparedChat, usage: ChatUsage | undefined, answer: ChatAnswer): number | undefined {
  if (answer.costUsd !== undefined) return answer.costUsd;
  return chat.costUsd?.(usage);
}

/** The result of a completely read answer: the same for `create` and a stream's `result()`. */
function chatResult(chat: PreparedChat, aggregate: ChatAggregate, answer: ChatAnswer): ChatResult {
  const result: ChatResult = {
    content: aggregate.content,
    finishReason: aggregate.finishReason,
    model: answer.model ?? chat.model,
    raw: answer.raw,
  };
  if (aggregate.reasoning) result.reasoning = aggregate.reasoning;
  if (aggregate.toolCalls) result.toolCalls = aggregate.toolCalls;
  if (aggregate.usage) result.usage = aggregate.usage;
  const cost = costOf(chat, aggregate.usage, answer);
  if (cost !== undefined) result.costUsd = cost;
  return result;
}

/** The reservation's headers plus the per-call settings' headers (undefined when there are none). */
function withPerCall(
  headers: Readonly<Record<string, string>> | undefined,
  perCall: Readonly<Record<string, string>>,
): Readonly<Record<string, string>> | undefined {
  if (Object.keys(perCall).length === 0) return headers;
  return { ...headers, ...perCall };
}

export function createOpenAiChat<Request>(binding: OpenAiChatBinding<Request>): ChatResource<Request> {
  const { family } = binding;
  const reading = (chat: PreparedChat, options: ChatCallOptions, signal: AbortSignal | undefined) => ({
    operationId: chat.operationId,
    ...(chat.jsonAnswer ? { jsonAnswer: chat.jsonAnswer } : {}),
    signal,
    firstChunkTimeoutMs: options.firstChunkTimeoutMs ?? DEFAULT_FIRST_CHUNK_TIMEOUT_MS,
    idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
  });
  return {
    async create(request, options = {}) {
      const chat = binding.prepare(request);
      const perCall = callSettingsHeaders(options);
      const complete = async (headers: Readonly<Record<string, string>> | undefined): Promise<ChatResult> => {
        const response = await chat.send(false, options.signal, withPerCall(headers, perCall));
        const answer: ChatAnswer = { keepRaw: true };
        const accumulator = new ChatAccumulator();
        for await (const events of chatAnswerBatches(
          response,
          reading(chat, options, options.signal),
          answer,
        )) {
          for (const event of events) accumulator.add(event);
        }
        return chatResult(chat, accumulator.result(), answer);
      };
      if (!chat.estimateUsd) return complete(undefined);
      const estimateUsd = chat.estimateUsd;
      return family.withBudget(
        { estimateUsd: family.budget ? estimateUsd() : 0, label: `${chat.operationId} ${chat.model}` },
        (reservedHeaders) => complete(reservedHeaders),
        (result) => result.costUsd,
      );
    },

    stream(request, options = {}) {
      const chat = binding.prepare(request);
      const perCall = callSettingsHeaders(options);
      const controller = new AbortController();
      const signal = joinSignals(options.signal, controller.signal);
      async function* produce(answer: ChatAnswer): AsyncGenerator<ChatEvent[]> {
        const reservation =
          family.budget && chat.estimateUsd
            ? await family.reserve({
                estimateUsd: chat.estimateUsd(),
                label: `${chat.operationId} ${chat.model}`,
              })
            : undefined;
        let response: Response;
        try {
          response = await chat.send(true, signal, withPerCall(reservation?.headers, perCall));
        } catch (error) {
          if (reservation) {
            if (failureWasNotCharged(error)) await reservation.release();
            else await reservation.settle();
          }
          throw error;
        }
        // Only the usage matters for the cost (the last usage event wins, as in ChatAccumulator).
        let usage: ChatUsage | undefined;
        let complete = false;
        try {
          for await (const events of chatAnswerBatches(response, reading(chat, options, signal), answer)) {
            if (reservation) {
              for (const event of events) if (event.type === "usage") usage = event.usage;
            }
            yield events;
          }
          complete = true;
        } finally {
          // A broken or abandoned stream may still have been billed: settle at the estimate.
          await reservation?.settle(complete ? costOf(chat, usage, answer) : undefined);
        }
      }
      return new ChatStream(produce, (aggregate, answer) => chatResult(chat, aggregate, answer), controller);
    },
  };
}
