/**
 * The OpenAI-compatible chat vocabulary every family that chats shares (the on-demand API's chat route,
 * a dedicated deployment's `/v1/chat/completions`): messages, tools, the typed events of an answer and
 * the final result.
 */

export interface ChatContentPart {
  type: string;
  text?: string;
  [key: string]: unknown;
}

export interface ToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

export interface ChatMessage {
  role: "system" | "user" | "assistant" | "tool" | (string & {});
  content: string | ChatContentPart[] | null;
  name?: string;
  tool_call_id?: string;
  tool_calls?: ToolCall[];
}

export interface ChatTool {
  type: "function";
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

export type ChatToolChoice = "none" | "auto" | "required" | { type: "function"; function: { name: string } };

/** The fields of an OpenAI-style chat request every family accepts; a family adds its own. */
export interface OpenAiChatRequest {
  /** The model (a family may default it). */
  model?: string;
  messages: ChatMessage[];
  max_tokens?: number;
  temperature?: number;
  top_p?: number;
  reasoning_effort?: string;
  tools?: ChatTool[];
  tool_choice?: ChatToolChoice;
}

export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export type ChatEvent =
  | { type: "content"; delta: string }
  | { type: "reasoning"; delta: string }
  | { type: "tool_call"; index: number; id?: string; name?: string; argumentsDelta: string }
  | { type: "usage"; usage: ChatUsage }
  | { type: "finish"; reason: string };

export interface ChatResult {
  content: string;
  reasoning?: string;
  toolCalls?: ToolCall[];
  /** The answer's finish reason; `unknown` when a complete (non-streamed) answer gave none. */
  finishReason: string;
  usage?: ChatUsage;
  costUsd?: number;
  model: string;
  raw: unknown;
}
