/**
 * How a chat command gets its reply, for every family with an OpenAI-compatible chat: one answer, or
 * the SDK's own result of a stream (exactly what `create` returns for the same answer) while the
 * tokens go to progress as they arrive.
 */
import type { ChatResult, ChatStream } from "@theta/core";
import { type ChatView, chatView } from "./chat-view.js";
import type { RunContext } from "./command.js";

/** The chat API of a family client (`chat.create` / `chat.stream` of `@theta/core`'s shared chat). */
export interface ChatApi<Request, Options> {
  create(request: Request, options: Options): Promise<ChatResult>;
  stream(request: Request, options: Options): ChatStream;
}

export async function chatReply<Request, Options>(
  chat: ChatApi<Request, Options>,
  request: Request,
  options: Options,
  stream: boolean,
  runContext: RunContext,
): Promise<ChatView> {
  if (!stream) return chatView(await chat.create(request, options));
  const result = await chat.stream(request, options).result({
    onEvent: (event) => {
      if (event.type === "content" || event.type === "reasoning") {
        runContext.progress({ type: "delta", channel: event.type, text: event.delta });
      }
    },
  });
  return chatView(result);
}
