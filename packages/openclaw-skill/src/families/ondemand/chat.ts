/** `theta.ondemand.chat`: an OpenAI-style chat completion, streamed (progress shows the tokens) or not. */
import { type ChatResult, ThetaValidationError } from "@theta/core";
import { type ChatRequest, DEFAULT_CHAT_MODEL, ondemandOperations } from "@theta/ondemand";
import { type Command, type CommandOutcome, defineCommand } from "../../command.js";
import { serviceField, variantField } from "./fields.js";

/** The default chat service (as in the seed skill): qwen3. */
export const DEFAULT_CHAT_SERVICE: string = DEFAULT_CHAT_MODEL;

const messageSchema = {
  type: "object",
  properties: {
    role: { type: "string", enum: ["system", "user", "assistant", "tool"] },
    content: { type: "string", description: "Message text." },
    tool_call_id: { type: "string", description: "For role tool: the id of the call answered." },
    name: { type: "string" },
  },
  required: ["role"],
  additionalProperties: true,
} as const;

/** What the chat command returns: the same fields whether the answer was streamed or not. */
export interface ChatView {
  model: string;
  content: string;
  reasoning?: string;
  toolCalls?: ChatResult["toolCalls"];
  finishReason: ChatResult["finishReason"];
  usage?: ChatResult["usage"];
  costUsd?: number;
}

/** A reply with no text and no tool call explains itself (most often: reasoning used every token). */
function chatOutcome(view: ChatView): CommandOutcome | undefined {
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

/** The command's result: the same fields whether the answer was streamed or not (the raw answer left out). */
function chatView(result: ChatResult): ChatView {
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

/** The conversation: `messages`, or `prompt` as one user message (exactly one of the two). */
function chatMessages<Message>(
  messages: readonly Message[] | undefined,
  prompt: string | undefined,
): readonly (Message | { role: "user"; content: string })[] {
  if (messages !== undefined && prompt !== undefined) {
    throw new ThetaValidationError({
      field: "prompt",
      message: "prompt and messages were both given",
      fix: "pass prompt for a single question, or messages for a conversation, not both",
    });
  }
  if (prompt !== undefined) return [{ role: "user", content: prompt }];
  if (messages === undefined) {
    throw new ThetaValidationError({
      field: "messages",
      message: "messages is required",
      fix: 'pass messages, e.g. [{"role":"user","content":"Hello"}], or a prompt',
    });
  }
  return messages;
}

export const chatCommand: Command = defineCommand({
  name: "theta.ondemand.chat",
  title: "Chat with an on-demand LLM",
  description:
    "Chat completion on a Theta EdgeCloud on-demand LLM (OpenAI-style messages; default service qwen3; others: gpt_oss_120b, glm_5_3, ... from listServices). Streams tokens and returns the reply text, reasoning (when the model gives it), tool calls, finish reason and token usage. Costs money: respects dry-run and the spend cap.",
  inputSchema: {
    type: "object",
    properties: {
      service: { ...serviceField, description: "Chat service alias; default qwen3." },
      model: {
        type: "string",
        minLength: 1,
        description: "Same as service (OpenAI naming); use one of the two.",
      },
      messages: {
        type: "array",
        items: messageSchema,
        minItems: 1,
        description: 'The conversation, oldest first: [{"role":"user","content":"…"}]. Or give prompt.',
      },
      prompt: {
        type: "string",
        minLength: 1,
        description: "A single user message: short for messages [{role:user, content:prompt}].",
      },
      max_tokens: { type: "integer", minimum: 1, maximum: 32768, description: "Cap on generated tokens." },
      temperature: { type: "number", minimum: 0, maximum: 2 },
      top_p: { type: "number", minimum: 0, maximum: 1 },
      reasoning_effort: {
        type: "string",
        enum: ["low", "medium", "high", "max"],
        description: "For reasoning models (gpt_oss_120b, glm_5_3).",
      },
      variant: variantField,
      tools: {
        type: "array",
        items: { type: "object", additionalProperties: true },
        description: "OpenAI-format function tools the model may call.",
      },
      tool_choice: { description: 'OpenAI tool_choice: "none", "auto", "required" or a function choice.' },
      stream: {
        type: "boolean",
        default: true,
        description: "Stream tokens as they are generated (progress shows them); the result is the same.",
      },
    },
    additionalProperties: false,
  },
  family: "ondemand",
  operations: [ondemandOperations.createChatCompletion],
  outcome: chatOutcome,
  examples: [{ messages: [{ role: "user", content: "Say hello in five words." }] }],
  run: async (args, runContext) => {
    if (args.model !== undefined && args.service !== undefined && args.model !== args.service) {
      throw new ThetaValidationError({
        field: "model",
        message: `model ("${args.model}") and service ("${args.service}") disagree`,
        fix: "pass only one of model or service",
      });
    }
    const messages = chatMessages(args.messages, args.prompt);
    const model = args.model ?? args.service ?? DEFAULT_CHAT_SERVICE;
    const request = {
      model,
      messages,
      ...(args.max_tokens === undefined ? {} : { max_tokens: args.max_tokens }),
      ...(args.temperature === undefined ? {} : { temperature: args.temperature }),
      ...(args.top_p === undefined ? {} : { top_p: args.top_p }),
      ...(args.reasoning_effort === undefined ? {} : { reasoning_effort: args.reasoning_effort }),
      ...(args.variant === undefined ? {} : { variant: args.variant }),
      ...(args.tools === undefined ? {} : { tools: args.tools }),
      ...(args.tool_choice === undefined ? {} : { tool_choice: args.tool_choice }),
    } as unknown as ChatRequest;
    const client = runContext.client("ondemand");
    const options = runContext.signal ? { signal: runContext.signal } : {};
    if (!args.stream) return chatView(await client.chat.create(request, options));
    // The SDK's own result of a stream: exactly what chat.create returns for the same answer.
    const result = await client.chat.stream(request, options).result({
      onEvent: (event) => {
        if (event.type === "content" || event.type === "reasoning") {
          runContext.progress({ type: "delta", channel: event.type, text: event.delta });
        }
      },
    });
    return chatView(result);
  },
});
