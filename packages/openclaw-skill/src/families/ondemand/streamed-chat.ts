/**
 * The result of a streamed chat, the same as `chat.create()` returns for the same answer.
 *
 * `@theta/ondemand` builds `chat.create`'s result from the answer's events with its `ChatAccumulator`
 * and prices it with its price book, but exports neither, and `chat.stream()` hands back no final
 * result. Until it does, this follows `ChatAccumulator` rule for rule (content and reasoning appended;
 * tool calls keyed by index, `id` replaced, `name` and `arguments` appended, shaped as the SDK's
 * `ToolCall`; the last usage and finish reason kept) and prices the usage with the SDK's public price
 * table; `test/streamed-chat.test.ts` holds it equal to `chat.create` on the same answer.
 */
import { ThetaStreamError } from "@theta/core";
import {
  type ChatEvent,
  type ChatResult,
  type ChatUsage,
  FALLBACK_TOKEN_PRICE,
  ondemandOperations,
  PRICES,
  type Price,
  type ToolCall,
} from "@theta/ondemand";

/** A chat result without the raw answer (which a stream does not keep). */
export type StreamedChatResult = Omit<ChatResult, "raw">;

/** What a chat of `usage` tokens costs, as the SDK prices a call whose response carries no cost. */
function costUsd(model: string, usage: ChatUsage): number {
  // A chat request always has messages: an unknown model is priced as the SDK prices an unknown LLM.
  const price: Price = PRICES[model] ?? FALLBACK_TOKEN_PRICE;
  if (price.kind === "unit") return price.usdPerRequest;
  const usd =
    (usage.prompt_tokens * price.inputUsdPer1M + usage.completion_tokens * price.outputUsdPer1M) / 1e6;
  // The SDK rounds away binary noise below 1e-12 USD.
  return Math.round(usd * 1e12) / 1e12;
}

/**
 * Reads a chat stream to its end, handing each event to `onEvent` as it arrives, and returns the
 * result. A stream that ends without a finish reason is incomplete: ThetaStreamError
 * `stream_incomplete` (never read as "stop").
 */
export async function collectStreamedChat(
  events: AsyncIterable<ChatEvent>,
  model: string,
  onEvent: (event: ChatEvent) => void,
): Promise<StreamedChatResult> {
  let content = "";
  let reasoning = "";
  let usage: ChatUsage | undefined;
  let finishReason: string | undefined;
  const calls = new Map<number, ToolCall>();
  for await (const event of events) {
    onEvent(event);
    switch (event.type) {
      case "content":
        content += event.delta;
        break;
      case "reasoning":
        reasoning += event.delta;
        break;
      case "tool_call": {
        const call = calls.get(event.index) ?? {
          id: "",
          type: "function",
          function: { name: "", arguments: "" },
        };
        if (event.id) call.id = event.id;
        if (event.name) call.function.name += event.name;
        call.function.arguments += event.argumentsDelta;
        calls.set(event.index, call);
        break;
      }
      case "usage":
        usage = event.usage;
        break;
      case "finish":
        finishReason = event.reason;
        break;
    }
  }
  if (finishReason === undefined) {
    const operationId = ondemandOperations.createChatCompletion.operationId;
    throw new ThetaStreamError({
      code: "stream_incomplete",
      operationId,
      message: `${operationId}: the chat stream ended before a finish reason, so the answer is incomplete. Retry the request.`,
    });
  }
  const result: StreamedChatResult = { content, finishReason, model };
  if (reasoning) result.reasoning = reasoning;
  if (calls.size > 0)
    result.toolCalls = [...calls.entries()].sort((a, b) => a[0] - b[0]).map(([, call]) => call);
  if (usage) {
    result.usage = usage;
    result.costUsd = costUsd(model, usage);
  }
  return result;
}
