/**
 * The conversation input of the chat commands (the on-demand chat, a dedicated endpoint's chat): one
 * message schema, and `messages` or `prompt` (exactly one of the two) turned into the messages sent.
 */
import { ThetaValidationError } from "@theta/core";

export const chatMessageSchema = {
  type: "object",
  properties: {
    role: { type: "string", enum: ["system", "user", "assistant", "tool"] },
    content: { type: "string" },
    tool_call_id: { type: "string" },
    name: { type: "string" },
  },
  required: ["role"],
  additionalProperties: true,
} as const;

export const chatMessagesField = {
  type: "array",
  items: chatMessageSchema,
  minItems: 1,
  description: "The conversation, oldest first (or give prompt).",
} as const;

export const chatPromptField = {
  type: "string",
  minLength: 1,
  description: "One user message, instead of messages.",
} as const;

/** The conversation: `messages`, or `prompt` as one user message (exactly one of the two). */
export function chatMessages<Message>(
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
