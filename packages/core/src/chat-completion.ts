/** A non-streaming `chat.completion` answer → the aggregate `chat.create` returns. */
import { ChatAccumulator, type ChatAggregate } from "./chat-accumulator.js";
import { nonEmptyText, reasoningOf } from "./chat-text.js";
import type { ChatEvent } from "./chat-types.js";
import { normalizeUsage } from "./chat-usage.js";
import { invalidChatAnswer } from "./invalid-chat-answer.js";
import { isRecord } from "./record.js";

/**
 * Normalizes a non-streaming `chat.completion`. Throws `invalidChatAnswer` when it is not one: not an
 * object, no `choices`, or a first choice without a `message`.
 */
export function aggregateCompletion(
  completion: unknown,
  operationId = "createChatCompletion",
): ChatAggregate {
  const accumulator = new ChatAccumulator();
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
  if (reasoning) accumulator.add({ type: "reasoning", delta: reasoning });
  const content = nonEmptyText(message.content);
  if (content) accumulator.add({ type: "content", delta: content });
  if (Array.isArray(message.tool_calls)) {
    for (const [index, call] of message.tool_calls.entries()) {
      if (!isRecord(call)) continue;
      const fn = isRecord(call.function) ? call.function : {};
      const event: ChatEvent & { type: "tool_call" } = {
        type: "tool_call",
        index,
        argumentsDelta: typeof fn.arguments === "string" ? fn.arguments : JSON.stringify(fn.arguments ?? {}),
      };
      if (nonEmptyText(call.id)) event.id = call.id as string;
      if (nonEmptyText(fn.name)) event.name = fn.name as string;
      accumulator.add(event);
    }
  }
  const usage = normalizeUsage(completion.usage);
  if (usage) accumulator.add({ type: "usage", usage });
  const finish = nonEmptyText(choice.finish_reason);
  if (finish) accumulator.add({ type: "finish", reason: finish });
  return accumulator.result();
}
