/** `theta.ondemand.chat`: an OpenAI-style chat completion, streamed (progress shows the tokens) or not. */

import { ThetaValidationError } from "@theta/core";
import { type ChatRequest, DEFAULT_CHAT_MODEL, ondemandOperations } from "@theta/ondemand";
import { chatMessages, chatMessagesField, chatPromptField } from "../../chat-messages.js";
import { chatReply } from "../../chat-reply.js";
import { chatOutcome } from "../../chat-view.js";
import { type Command, defineCommand } from "../../command.js";
import { serviceField, variantField } from "./fields.js";

/** The default chat service (as in the seed skill): qwen3. */
export const DEFAULT_CHAT_SERVICE: string = DEFAULT_CHAT_MODEL;

export const chatCommand: Command = defineCommand({
  name: "theta.ondemand.chat",
  title: "Chat with an on-demand LLM",
  description:
    "Chat with an on-demand LLM (OpenAI-style messages; default qwen3, others in the catalog): returns the reply, reasoning, tool calls and token usage. Paid (dry-run and spend cap apply).",
  inputSchema: {
    type: "object",
    properties: {
      service: { ...serviceField, description: "Chat service alias (default qwen3)." },
      model: {
        type: "string",
        minLength: 1,
        description: "Same as service.",
      },
      messages: chatMessagesField,
      prompt: chatPromptField,
      max_tokens: { type: "integer", minimum: 1, maximum: 32768 },
      temperature: { type: "number", minimum: 0, maximum: 2 },
      top_p: { type: "number", minimum: 0, maximum: 1 },
      reasoning_effort: {
        type: "string",
        enum: ["low", "medium", "high", "max"],
        description: "Reasoning models only.",
      },
      variant: variantField,
      tools: {
        type: "array",
        items: { type: "object", additionalProperties: true },
        description: "OpenAI function tools.",
      },
      tool_choice: { description: "OpenAI tool_choice." },
      stream: {
        type: "boolean",
        default: true,
        description: "Stream tokens as progress (same result).",
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
    return chatReply(client.chat, request, options, args.stream, runContext);
  },
});
