/**
 * Reads a chat answer, whatever its form (an SSE stream, a `chat.completion`, or SSE sent with a JSON
 * content type), into batches of typed events: one batch per network chunk of a stream (never empty),
 * so that no async step is spent per event.
 */
import type { ChatAggregate } from "./chat-accumulator.js";
import { aggregateCompletion } from "./chat-completion.js";
import { ChatStreamDecoder } from "./chat-stream-decoder.js";
import type { ChatEvent } from "./chat-types.js";
import { ThetaApiError } from "./errors.js";
import { isRecord } from "./record.js";
import { looksLikeSse, sseBatches } from "./sse.js";

/** What is learnt about an answer besides its events, filled in while it is read. */
export interface ChatAnswer {
  /** Keep the raw answer (`raw`): the chunks' data of a stream, or the parsed JSON. */
  keepRaw: boolean;
  raw?: unknown;
  /** The model the answer names (the model that actually answered). */
  model?: string;
  /** The cost the answer itself reports (e.g. a job envelope's), which wins over a computed one. */
  costUsd?: number;
}

/** How one answer is read. */
export interface ChatAnswerReading {
  /** Names errors. */
  readonly operationId: string;
  /** Reads a JSON answer that is not SSE. Default: a `chat.completion` (`aggregateCompletion`). */
  readonly jsonAnswer?: (parsed: unknown, answer: ChatAnswer, signal?: AbortSignal) => Promise<ChatAggregate>;
  readonly signal: AbortSignal | undefined;
  readonly firstChunkTimeoutMs: number;
  readonly idleTimeoutMs: number;
}

/** The events of a complete answer, in the order a stream would have sent them. */
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

function parseAnswer(text: string, status: number, operationId: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new ThetaApiError({
      status,
      operationId,
      code: "api_error",
      retriable: false,
      serverMessage: "the answer is neither JSON nor an event stream",
      fix: "Retry the request",
      cause,
    });
  }
}

/**
 * The events of `response` in batches. A stream that ends without a finish reason throws
 * ThetaStreamError `stream_incomplete`; one without any choice, or a JSON answer that is not a chat
 * answer, a non-retriable ThetaApiError saying what came back.
 */
export async function* chatAnswerBatches(
  response: Response,
  reading: ChatAnswerReading,
  answer: ChatAnswer,
): AsyncGenerator<ChatEvent[]> {
  const type = response.headers.get("content-type") ?? "";
  // The Response itself (not its `body`): the SSE reader then reads the transport's body directly.
  let body: Response | ReadableStream<Uint8Array> | null;
  if (/text\/event-stream/i.test(type) || !/json/i.test(type)) {
    body = response;
  } else {
    const text = await response.text();
    if (looksLikeSse(text)) {
      body = new Response(text).body;
    } else {
      const parsed = parseAnswer(text, response.status, reading.operationId);
      if (reading.jsonAnswer) {
        yield eventsOfAggregate(await reading.jsonAnswer(parsed, answer, reading.signal));
        return;
      }
      const aggregate = aggregateCompletion(parsed, reading.operationId);
      answer.raw = parsed;
      if (isRecord(parsed) && typeof parsed.model === "string") answer.model = parsed.model;
      yield eventsOfAggregate(aggregate);
      return;
    }
  }
  const chunks: unknown[] | undefined = answer.keepRaw ? [] : undefined;
  if (chunks) answer.raw = { stream: true, chunks };
  const decoder = new ChatStreamDecoder(reading.operationId, chunks);
  const sseOptions = {
    signal: reading.signal,
    firstChunkTimeoutMs: reading.firstChunkTimeoutMs,
    idleTimeoutMs: reading.idleTimeoutMs,
  };
  for await (const messages of sseBatches(body, sseOptions)) {
    const events = decoder.decode(messages);
    if (!answer.model && decoder.model) answer.model = decoder.model;
    if (events.length > 0) yield events;
  }
  decoder.end();
}
