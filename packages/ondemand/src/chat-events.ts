/**
 * OpenAI-compatible `chat.completion.chunk` SSE → typed chat events, and their aggregation.
 * Content and reasoning are never mixed: `delta.reasoning` (GPT-OSS) and `delta.reasoning_content`
 * (GLM) both become `reasoning` events.
 */
import { type SseMessage, ThetaApiError, ThetaStreamError } from "@theta/core";
import { isRecord } from "./normalize.js";
import type { ChatEvent, ChatUsage, ToolCall } from "./types.js";

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

function serverErrorText(chunk: unknown): string | undefined {
  if (!isRecord(chunk)) return undefined;
  const error = chunk.error;
  if (typeof error === "string" && error.trim()) return error;
  if (isRecord(error) && typeof error.message === "string" && error.message.trim()) return error.message;
  if (typeof chunk.message === "string" && chunk.message.trim()) return chunk.message;
  return undefined;
}

/** Characters of an answer quoted in an error (the error shortens and redacts its message too). */
const ANSWER_PREVIEW_CHARS = 160;

function preview(text: string): string {
  return text.length > ANSWER_PREVIEW_CHARS ? `${text.slice(0, ANSWER_PREVIEW_CHARS)}…` : text;
}

/** What an answer is, for an error: `null`, `an array of 3 items: [1,2,3]`, `an object with the fields a, b: {...}`. */
function describeAnswer(answer: unknown): string {
  if (answer === null) return "null";
  if (Array.isArray(answer)) return `an array of ${answer.length} items: ${preview(JSON.stringify(answer))}`;
  if (isRecord(answer)) {
    const keys = Object.keys(answer);
    if (keys.length === 0) return "an object with no fields";
    return `an object with the field${keys.length === 1 ? "" : "s"} ${keys.slice(0, 8).join(", ")}: ${preview(JSON.stringify(answer))}`;
  }
  return `${typeof answer} ${preview(JSON.stringify(answer) ?? String(answer))}`;
}

/**
 * A 200 answer that is not a chat answer (no choices): a non-retriable `ThetaApiError` saying what
 * came back (its message is redacted and shortened) and what to do.
 */
export function invalidChatAnswer(
  operationId: string,
  problem: string,
  shown: { label: string; answer: unknown },
): ThetaApiError {
  const reported = serverErrorText(shown.answer);
  return new ThetaApiError({
    status: 200,
    operationId,
    code: "api_error",
    retriable: false,
    serverMessage: `${problem}; ${shown.label} ${describeAnswer(shown.answer)}${reported ? `; the server reported "${reported}"` : ""}`,
    fix: "Retry the request; if it keeps happening, try another model, or report the answer (without secrets)",
  });
}

function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

export function normalizeUsage(value: unknown): ChatUsage | undefined {
  if (!isRecord(value)) return undefined;
  const prompt = count(value.prompt_tokens);
  const completion = count(value.completion_tokens);
  const total = typeof value.total_tokens === "number" ? value.total_tokens : prompt + completion;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: total };
}

/** Reasoning text of a message or delta: `reasoning` (GPT-OSS) or `reasoning_content` (GLM), never both. */
export function reasoningOf(record: Record<string, unknown>): string | undefined {
  return text(record.reasoning) ?? text(record.reasoning_content);
}

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
      const content = text(delta.content);
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
          const id = text(call.id);
          const name = text(fn.name);
          if (id) event.id = id;
          if (name) event.name = name;
          events.push(event);
        }
      }
    }
    finish = text(choice.finish_reason);
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

export interface ChatAggregate {
  content: string;
  reasoning?: string;
  toolCalls?: ToolCall[];
  finishReason: string;
  usage?: ChatUsage;
}

/** Collects chat events into the final message. */
export class ChatAccumulator {
  #content = "";
  #reasoning = "";
  #finish: string | undefined;
  #usage: ChatUsage | undefined;
  readonly #calls = new Map<number, ToolCall>();

  add(event: ChatEvent): void {
    switch (event.type) {
      case "content":
        this.#content += event.delta;
        break;
      case "reasoning":
        this.#reasoning += event.delta;
        break;
      case "tool_call": {
        const call = this.#calls.get(event.index) ?? {
          id: "",
          type: "function",
          function: { name: "", arguments: "" },
        };
        if (event.id) call.id = event.id;
        if (event.name) call.function.name += event.name;
        call.function.arguments += event.argumentsDelta;
        this.#calls.set(event.index, call);
        break;
      }
      case "usage":
        this.#usage = event.usage;
        break;
      case "finish":
        this.#finish = event.reason;
        break;
    }
  }

  result(): ChatAggregate {
    const out: ChatAggregate = { content: this.#content, finishReason: this.#finish ?? "unknown" };
    if (this.#reasoning) out.reasoning = this.#reasoning;
    if (this.#calls.size > 0)
      out.toolCalls = [...this.#calls.entries()].sort((a, b) => a[0] - b[0]).map(([, c]) => c);
    if (this.#usage) out.usage = this.#usage;
    return out;
  }
}

/**
 * Normalizes a non-streaming `chat.completion`. Throws `invalidChatAnswer` when it is not one: not an
 * object, no `choices`, or a first choice without a `message`.
 */
export function aggregateCompletion(
  completion: unknown,
  operationId = "createChatCompletion",
): ChatAggregate {
  const acc = new ChatAccumulator();
  const choices = isRecord(completion) && Array.isArray(completion.choices) ? completion.choices : [];
  const choice = choices[0];
  if (!isRecord(completion) || !isRecord(choice)) {
    throw invalidChatAnswer(operationId, "the chat answer has no choices", {
      label: "it was",
      answer: completion,
    });
  }
  if (!isRecord(choice.message)) {
    throw invalidChatAnswer(operationId, "the chat answer's choices[0] has no message", {
      label: "it was",
      answer: completion,
    });
  }
  const message = choice.message;
  const reasoning = reasoningOf(message);
  if (reasoning) acc.add({ type: "reasoning", delta: reasoning });
  const content = text(message.content);
  if (content) acc.add({ type: "content", delta: content });
  if (Array.isArray(message.tool_calls)) {
    for (const [index, call] of message.tool_calls.entries()) {
      if (!isRecord(call)) continue;
      const fn = isRecord(call.function) ? call.function : {};
      const event: ChatEvent & { type: "tool_call" } = {
        type: "tool_call",
        index,
        argumentsDelta: typeof fn.arguments === "string" ? fn.arguments : JSON.stringify(fn.arguments ?? {}),
      };
      if (text(call.id)) event.id = call.id as string;
      if (text(fn.name)) event.name = fn.name as string;
      acc.add(event);
    }
  }
  const usage = normalizeUsage(completion.usage);
  if (usage) acc.add({ type: "usage", usage });
  const finish = text(choice.finish_reason);
  if (finish) acc.add({ type: "finish", reason: finish });
  return acc.result();
}
