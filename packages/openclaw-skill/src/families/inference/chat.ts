/**
 * `theta.inference.chat`: an OpenAI-style chat on the configured dedicated endpoint, with the input
 * style of the on-demand chat command (messages or prompt), streamed (progress shows the tokens) or not.
 */

import { type InferenceChatRequest, inferenceOperations } from "@theta/controller";
import { ThetaValidationError } from "@theta/core";
import { chatMessages, chatMessagesField, chatPromptField } from "../../chat-messages.js";
import { chatReply } from "../../chat-reply.js";
import { chatOutcome } from "../../chat-view.js";
import { type Command, defineCommand } from "../../command.js";
import { signalOption } from "../controller/signal-option.js";

export const inferenceChatCommand: Command = defineCommand({
  name: "theta.inference.chat",
  title: "Chat with a dedicated endpoint",
  description:
    "Chat with the dedicated endpoint (THETA_INFERENCE_ENDPOINT, OpenAI-compatible; model from THETA_INFERENCE_MODEL or its first model): returns the reply, reasoning, tool calls and usage. Free per call (the deployment bills by the hour).",
  inputSchema: {
    type: "object",
    properties: {
      model: {
        type: "string",
        minLength: 1,
        description:
          "Model id from theta.inference.models; default THETA_INFERENCE_MODEL, else the endpoint's first.",
      },
      messages: chatMessagesField,
      prompt: chatPromptField,
      max_tokens: { type: "integer", minimum: 1, maximum: 32768, description: "Cap on generated tokens." },
      temperature: { type: "number", minimum: 0, maximum: 2 },
      top_p: { type: "number", minimum: 0, maximum: 1 },
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
  family: "inference",
  operations: [inferenceOperations.createChatCompletion, inferenceOperations.listModels],
  outcome: chatOutcome,
  examples: [{ prompt: "Say hello in five words." }],
  run: async (args, runContext) => {
    const messages = chatMessages(args.messages, args.prompt);
    if (args.tool_choice !== undefined && args.tools === undefined) {
      throw new ThetaValidationError({
        field: "tool_choice",
        message: "tool_choice was given without tools",
        fix: "pass tools (OpenAI-format function tools) with tool_choice, or leave tool_choice out",
      });
    }
    // The schema checked every field; the request type is the SDK's OpenAI-style one.
    const request = {
      messages,
      ...(args.model === undefined ? {} : { model: args.model }),
      ...(args.max_tokens === undefined ? {} : { max_tokens: args.max_tokens }),
      ...(args.temperature === undefined ? {} : { temperature: args.temperature }),
      ...(args.top_p === undefined ? {} : { top_p: args.top_p }),
      ...(args.tools === undefined ? {} : { tools: args.tools }),
      ...(args.tool_choice === undefined ? {} : { tool_choice: args.tool_choice }),
    } as unknown as InferenceChatRequest;
    const client = runContext.client("inference");
    const options = signalOption(runContext);
    return chatReply(client.chat, request, options, args.stream, runContext);
  },
});
