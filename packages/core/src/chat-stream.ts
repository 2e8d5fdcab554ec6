/**
 * ChatStream: the typed events of a streamed chat answer, and `result()`, the final result exactly as
 * `chat.create` returns it for the same answer.
 */
import { ChatAccumulator, type ChatAggregate } from "./chat-accumulator.js";
import type { ChatAnswer } from "./chat-answer.js";
import type { ChatEvent, ChatResult } from "./chat-types.js";
import { flattenBatches, ThetaStream } from "./theta-stream.js";

export interface ChatStreamResultOptions {
  /** Sees every event as it arrives (e.g. to print the tokens), before it is folded into the result. */
  onEvent?(event: ChatEvent): void;
}

/**
 * A single-consumption stream of chat events (content, reasoning and tool-call deltas, usage, finish).
 * Either iterate it, or call `result()`, which reads it to its end and returns the final result
 * (tool-call names and arguments appended across chunks, the cost, the raw chunks); not both.
 * Events are folded only when `result()` reads the stream, so iterating costs nothing more per event.
 */
export class ChatStream extends ThetaStream<ChatEvent> {
  readonly #answer: ChatAnswer;
  readonly #finish: (aggregate: ChatAggregate, answer: ChatAnswer) => ChatResult;

  /**
   * @param produce the answer's event batches (one per network chunk), filling in `answer` as it goes
   * @param finish the result of a completely read answer
   */
  constructor(
    produce: (answer: ChatAnswer) => AsyncIterator<readonly ChatEvent[]>,
    finish: (aggregate: ChatAggregate, answer: ChatAnswer) => ChatResult,
    controller: AbortController = new AbortController(),
  ) {
    // Made before `super`: the factory runs only when the stream is first read.
    const answer: ChatAnswer = { keepRaw: false };
    super(() => flattenBatches(produce(answer)), controller);
    this.#answer = answer;
    this.#finish = finish;
  }

  /**
   * Reads the stream to its end and returns what `chat.create` returns for the same answer. A stream
   * that ends without a finish reason throws ThetaStreamError `stream_incomplete` (it is never read
   * as "stop"). Throws ThetaStreamError when the stream was already read.
   */
  async result(options: ChatStreamResultOptions = {}): Promise<ChatResult> {
    // Before the stream is taken: the producer decides at its start whether to keep the raw chunks.
    this.#answer.keepRaw = true;
    const iterator = this[Symbol.asyncIterator]();
    const accumulator = new ChatAccumulator();
    const { onEvent } = options;
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done) break;
        onEvent?.(next.value);
        accumulator.add(next.value);
      }
    } catch (error) {
      await iterator.return?.();
      throw error;
    }
    return this.#finish(accumulator.result(), this.#answer);
  }
}
