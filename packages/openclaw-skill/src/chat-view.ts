/**
 * What the chat commands return (the on-demand chat, a dedicated endpoint's chat): the same fields
 * whether the answer was streamed or not, and the outcome of a reply with nothing in it.
 */
import type { ChatResult } from "@theta/core";
import type { CommandOutcome } from "./command.js";

export interface ChatView {
  model: string;
  content: string;
  reasoning?: string;
  toolCalls?: ChatResult["toolCalls"];
  finishReason: ChatResult["finishReason"];
  usage?: ChatResult["usage"];
  costUsd?: number;
}

/** The command's result (the raw answer left out). */
export function chatView(result: ChatResult): ChatView {
  return {
    model: result.model,
    content: result.content,
    ...(result.reasoning ? { reasoning: result.reasoning } : {}),
    ...(result.toolCalls && result.toolCalls.length > 0 ? { toolCalls: result.toolCalls } : {}),
    finishReason: result.finishReason,
    ...(result.usage ? { usage: result.usage } : {}),
    ...(result.costUsd === undefined ? {} : { costUsd: result.costUsd }),
  };
}

/** A reply with no text and no tool call explains itself (most often: reasoning used every token). */
export function chatOutcome(view: ChatView): CommandOutcome | undefined {
  if (view.content.trim() !== "" || (view.toolCalls?.length ?? 0) > 0) return undefined;
  if (view.finishReason === "length") {
    const spent = view.usage?.completion_tokens;
    const tokens = spent === undefined ? "every token" : `all ${spent} tokens`;
    return {
      kind: "empty",
      message: `The reply is empty: the model spent ${tokens} of max_tokens${view.reasoning ? " on reasoning" : ""} before answering. Raise max_tokens, or lower reasoning_effort.`,
    };
  }
  return {
    kind: "empty",
    message: `The model returned an empty reply (finish reason ${String(view.finishReason)}).`,
  };
}
