/**
 * OpenAI-compatible `chat.completion.chunk` SSE → typed chat events. Content and reasoning are never
 * mixed: `delta.reasoning` (GPT-OSS) and `delta.reasoning_content` (GLM) both become `reasoning`
 * events.
 */
import { nonEmptyText, reasoningOf } from "./chat-text.js";
import type { ChatEvent } from "./chat-types.js";
import { normalizeUsage } from "./chat-usage.js";
import { ThetaStreamError } from "./errors.js";
import { invalidChatAnswer, serverErrorText } from "./invalid-chat-answer.js";
import { isRecord } from "./record.js";
import type { SseMessage } from "./sse.js";

/** The events carried by one parsed chunk. */
export function eventsOfChunk(chunk: unknown): ChatEvent[] {
  const events: ChatEvent[] = [];
  if (isRecord(chunk)) pushEventsOfChunk(chunk, events);
  return events;
}

function isFirstChoice(choice: unknown): boolean {
  return isRecord(choice) && (choice.index === 0 || choice.index === undefined);
}

/** Appends the events carried by one parsed chunk to `events`; true when one of them is `finish`. */
function pushEventsOfChunk(chunk: Record<string, unknown>, events: ChatEvent[]): boolean {
  const choices: unknown[] = Array.isArray(chunk.choices) ? chunk.choices : [];
  // With a single choice, it is the one either way.
  const choice = choices.length === 1 ? choices[0] : (choices.find(isFirstChoice) ?? choices[0]);
  let finish: string | undefined;
  if (isRecord(choice)) {
    // Deltas (streaming); some servers put a whole `message` on the last chunk instead.
    const delta = isRecord(choice.delta)
      ? choice.delta
      : isRecord(choice.message)
        ? choice.message
        : undefined;
    if (delta) {
      const reasoning = reasoningOf(delta);
      if (reasoning) events.push({ type: "reasoning", delta: reasoning });
      const content = nonEmptyText(delta.content);
      if (content) events.push({ type: "content", delta: content });
      if (Array.isArray(delta.tool_calls)) {
        for (const [position, call] of delta.tool_calls.entries()) {
          if (!isRecord(call)) continue;
          const fn = isRecord(call.function) ? call.function : {};
          const event: ChatEvent & { type: "tool_call" } = {
            type: "tool_call",
            index: typeof call.index === "number" ? call.index : position,
            argumentsDelta: typeof fn.arguments === "string" ? fn.arguments : "",
          };
          const id = nonEmptyText(call.id);
          const name = nonEmptyText(fn.name);
          if (id) event.id = id;
          if (name) event.name = name;
          events.push(event);
        }
      }
    }
    finish = nonEmptyText(choice.finish_reason);
  }
  const usage = chunk.usage === undefined ? undefined : normalizeUsage(chunk.usage);
  if (usage) events.push({ type: "usage", usage });
  if (!finish) return false;
  events.push({ type: "finish", reason: finish });
  return true;
}

/** True for data that is empty or only whitespace (checked cheaply for the usual JSON data). */
function isBlank(data: string): boolean {
  if (data.length === 0) return true;
  const first = data.charCodeAt(0);
  if (first > 32 && first < 127) return false;
  return data.trim() === "";
}

function parseChunk(data: string, operationId: string): unknown {
  try {
    return JSON.parse(data) as unknown;
  } catch (cause) {
    throw new ThetaStreamError({
      code: "stream_error",
      operationId,
      message: `${operationId}: the stream sent a chunk that is not valid JSON. Retry the request.`,
      cause,
    });
  }
}

/**
 * Turns SSE messages into chat events synchronously, a batch of messages at a time (one network
 * chunk's worth), so that streaming costs no async step per message. Same checks as `chatEvents`:
 * `decode` throws ThetaStreamError `stream_error` on an error event or a malformed chunk, `end`
 * throws `stream_incomplete` when no finish reason was seen.
 */
export class ChatStreamDecoder {
  readonly operationId: string;
  /** The first non-empty `model` of a chunk (the model that actually answered). */
  model: string | undefined;
  /** The first non-empty `id` of a chunk. */
  id: string | undefined;
  readonly #raw: unknown[] | undefined;
  #finished = false;
  /** Still looking for `model` or `id`. */
  #identify = true;
  /** Whether some chunk carried a choice; a stream without any is not a chat answer. */
  #sawChoice = false;
  #chunks = 0;
  /** The first chunk, quoted when no chunk carries a choice. */
  #firstChunk: unknown;

  /** @param raw when given, every message's data is appended to it (the answer's raw form). */
  constructor(operationId: string, raw?: unknown[]) {
    this.operationId = operationId;
    this.#raw = raw;
  }

  /** Appends the events of `messages` to `out` (a new array by default) and returns it. */
  decode(messages: readonly SseMessage[], out: ChatEvent[] = []): ChatEvent[] {
    const { operationId } = this;
    const raw = this.#raw;
    for (const message of messages) {
      const { data } = message;
      if (raw) raw.push(data);
      if (isBlank(data)) continue;
      const chunk = parseChunk(data, operationId);
      const record = isRecord(chunk) ? chunk : undefined;
      if (record && this.#identify) {
        if (!this.model && typeof record.model === "string") this.model = record.model;
        if (!this.id && typeof record.id === "string") this.id = record.id;
        this.#identify = !this.model || !this.id;
      }
      if (
        message.event === "error" ||
        (record && record.error !== undefined && record.choices === undefined)
      ) {
        const serverMessage = serverErrorText(chunk) ?? "the server reported an error";
        throw new ThetaStreamError({
          code: "stream_error",
          operationId,
          message: `${operationId}: the stream reported an error: ${serverMessage}. Retry the request, or try another model.`,
        });
      }
      if (this.#chunks++ === 0) this.#firstChunk = chunk;
      if (!this.#sawChoice && record && Array.isArray(record.choices) && record.choices.some(isRecord)) {
        this.#sawChoice = true;
      }
      if (record && pushEventsOfChunk(record, out)) this.#finished = true;
    }
    return out;
  }

  /**
   * Call when the stream ended: throws a `ThetaApiError` when no chunk carried a choice (not a chat
   * answer), `stream_incomplete` when no finish reason was seen (a cut answer).
   */
  end(): void {
    if (!this.#finished && !this.#sawChoice && this.#chunks > 0) {
      throw invalidChatAnswer(
        this.operationId,
        `the chat stream carried no choices in its ${this.#chunks} chunk${this.#chunks === 1 ? "" : "s"}`,
        { label: "the first was", answer: this.#firstChunk },
      );
    }
    if (!this.#finished) {
      throw new ThetaStreamError({
        code: "stream_incomplete",
        operationId: this.operationId,
        message: `${this.operationId}: the chat stream ended before a finish reason, so the answer is incomplete. Retry the request.`,
      });
    }
  }
}

/**
 * Turns SSE messages into chat events. Throws ThetaStreamError `stream_error` on an error event or a
 * malformed chunk, and `stream_incomplete` when the stream ends without a finish reason.
 */
export async function* chatEvents(
  messages: AsyncIterable<SseMessage>,
  operationId: string,
): AsyncGenerator<ChatEvent> {
  const decoder = new ChatStreamDecoder(operationId);
  for await (const message of messages) {
    for (const event of decoder.decode([message])) yield event;
  }
  decoder.end();
}
