/** Folds the events of a chat answer into its final message (what `chat.create` returns). */
import type { ChatEvent, ChatUsage, ToolCall } from "./chat-types.js";

export interface ChatAggregate {
  content: string;
  reasoning?: string;
  toolCalls?: ToolCall[];
  finishReason: string;
  usage?: ChatUsage;
}

/**
 * Collects chat events into the final message: content and reasoning appended; tool calls keyed by
 * index, `id` replaced, `name` and `arguments` appended; the last usage and finish reason kept
 * (`unknown` when none came).
 */
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
