import { isObject, type JsonObject } from "../../json-object.js";
import { estimateTokens } from "../../prices.js";
import type { Rng } from "../../random.js";
import type { ServiceBehaviour } from "./catalog.js";
import { contentRng, reasoningText, replyText, toPieces } from "./text.js";

export { isObject, type JsonObject } from "../../json-object.js";

export interface ChatToolCall {
  id: string;
  name: string;
  arguments: string;
}

export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
}

export interface ChatPlan {
  model: string;
  reasoningField?: "reasoning" | "reasoning_content";
  reasoning: string[];
  content: string[];
  toolCalls: ChatToolCall[];
  finishReason: "stop" | "length" | "tool_calls";
  usage: ChatUsage;
}

export interface ChatRequest {
  messages?: unknown;
  max_tokens?: unknown;
  reasoning_effort?: unknown;
  tools?: unknown;
  tool_choice?: unknown;
}

/** Thrown for a request the API would refuse with 400. */
export class ChatInputError extends Error {}

const ROLES = new Set(["system", "developer", "user", "assistant", "tool"]);

function messageText(message: JsonObject): string {
  const content = message.content;
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (isObject(part) && typeof part.text === "string" ? part.text : ""))
      .filter((text) => text.length > 0)
      .join("\n");
  }
  return "";
}

/** Validates `messages` (400 on problems) and returns them. `where` names the field in messages. */
export function validateMessages(messages: unknown, where = "messages"): JsonObject[] {
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new ChatInputError(`${where} must be a non-empty array of {role, content} objects`);
  }
  messages.forEach((message, i) => {
    if (!isObject(message))
      throw new ChatInputError(`${where}[${i}] must be an object with role and content`);
    if (typeof message.role !== "string" || !ROLES.has(message.role)) {
      throw new ChatInputError(`${where}[${i}].role must be one of system, developer, user, assistant, tool`);
    }
    const content = message.content;
    const hasToolCalls = Array.isArray(message.tool_calls) && message.tool_calls.length > 0;
    if (content === undefined || content === null) {
      if (!(message.role === "assistant" && hasToolCalls)) {
        throw new ChatInputError(
          `${where}[${i}].content is required (a string or an array of content parts)`,
        );
      }
    } else if (typeof content !== "string" && !Array.isArray(content)) {
      throw new ChatInputError(`${where}[${i}].content must be a string or an array of content parts`);
    }
    if (message.role === "tool" && typeof message.tool_call_id !== "string") {
      throw new ChatInputError(`${where}[${i}].tool_call_id is required for role "tool"`);
    }
  });
  return messages as JsonObject[];
}

/** Text of every message (content strings and text parts), used to seed the reply. */
export function promptText(messages: JsonObject[]): string {
  return messages.map(messageText).join("\n");
}

/**
 * Characters counted for prompt tokens: content strings, text parts, the JSON of assistant `tool_calls`
 * and the JSON of `tools`. Prompt tokens = `ceil(chars / 4)`.
 */
export function promptChars(messages: JsonObject[], tools: unknown): number {
  let chars = 0;
  for (const message of messages) {
    const content = message.content;
    if (typeof content === "string") chars += content.length;
    else if (Array.isArray(content)) {
      for (const part of content)
        if (isObject(part) && typeof part.text === "string") chars += part.text.length;
    }
    if (Array.isArray(message.tool_calls)) chars += JSON.stringify(message.tool_calls).length;
  }
  if (tools !== undefined && tools !== null) chars += JSON.stringify(tools).length;
  return chars;
}

/** Text of the last user message (empty when there is none). */
export function lastUserText(messages: JsonObject[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message && message.role === "user") return messageText(message);
  }
  return "";
}

interface ToolDef {
  name: string;
  parameters: unknown;
}

function validateTools(tools: unknown): ToolDef[] {
  if (tools === undefined || tools === null) return [];
  if (!Array.isArray(tools))
    throw new ChatInputError('tools must be an array of {type: "function", function: {...}}');
  return tools.map((tool, i) => {
    if (
      !isObject(tool) ||
      !isObject(tool.function) ||
      typeof tool.function.name !== "string" ||
      !tool.function.name
    ) {
      throw new ChatInputError(`tools[${i}].function.name is required`);
    }
    return { name: tool.function.name, parameters: tool.function.parameters };
  });
}

function exampleValue(schema: unknown, key: string, prompt: string): unknown {
  if (!isObject(schema)) return "example";
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "number":
      return 1.5;
    case "integer":
      return 3;
    case "boolean":
      return true;
    case "array":
      return [];
    case "object":
      return exampleObject(schema, prompt);
    default: {
      // Strings: the last capitalised word of the prompt that does not start a sentence (e.g. a city).
      const words = [...prompt.matchAll(/(?<!\p{L})\p{Lu}[\p{L}-]+/gu)]
        .filter((m) => m.index !== undefined && m.index > 0 && !/[.?!]\s*$/.test(prompt.slice(0, m.index)))
        .map((m) => m[0]);
      return words[words.length - 1] ?? `${key}-value`;
    }
  }
}

function exampleObject(schema: JsonObject, prompt: string): JsonObject {
  const out: JsonObject = {};
  const properties = isObject(schema.properties) ? schema.properties : {};
  for (const [key, value] of Object.entries(properties)) out[key] = exampleValue(value, key, prompt);
  return out;
}

function pickTools(tools: ToolDef[], toolChoice: unknown, messages: JsonObject[]): ToolDef[] {
  if (tools.length === 0) {
    if (toolChoice !== undefined && toolChoice !== null && toolChoice !== "none" && toolChoice !== "auto") {
      throw new ChatInputError("tool_choice needs tools: pass the functions the model may call in tools");
    }
    return [];
  }
  const userText = lastUserText(messages);
  const mentioned = tools.filter((tool) => userText.toLowerCase().includes(tool.name.toLowerCase()));
  if (toolChoice === "none") return [];
  if (isObject(toolChoice)) {
    const name = isObject(toolChoice.function) ? toolChoice.function.name : undefined;
    if (typeof name !== "string") {
      throw new ChatInputError(
        'tool_choice must be "none", "auto", "required" or {type: "function", function: {name}}',
      );
    }
    const forced = tools.find((tool) => tool.name === name);
    if (!forced) throw new ChatInputError(`tool_choice.function.name "${name}" is not one of the tools`);
    return [forced];
  }
  if (toolChoice === "required") return mentioned.length > 0 ? mentioned : tools.slice(0, 1);
  if (toolChoice === undefined || toolChoice === null || toolChoice === "auto") {
    const last = messages[messages.length - 1];
    if (last?.role === "tool") return [];
    const asks = /\b(call|use|invoke|run)\b[^.?!]*\b(tools?|functions?)\b/i.test(userText);
    if (mentioned.length > 0) return mentioned;
    return asks ? tools.slice(0, 1) : [];
  }
  throw new ChatInputError(
    'tool_choice must be "none", "auto", "required" or {type: "function", function: {name}}',
  );
}

function positiveInteger(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new ChatInputError(`${field} must be a positive integer`);
  }
  return value;
}

/**
 * Plans a chat answer: what reasoning, content and tool calls the model produces, where it stops and
 * what it costs in tokens. Deterministic from the seed, the model and the messages.
 */
export function planChat(
  alias: string,
  behaviour: ServiceBehaviour,
  request: ChatRequest,
  seed: number,
  idRng: Rng,
  where = "",
): ChatPlan {
  const messages = validateMessages(request.messages, `${where}messages`);
  const maxTokens = positiveInteger(request.max_tokens, `${where}max_tokens`);
  const effort = typeof request.reasoning_effort === "string" ? request.reasoning_effort : undefined;
  const tools = validateTools(request.tools);
  const chosen = pickTools(tools, request.tool_choice, messages);

  const prompt = promptText(messages);
  const userText = lastUserText(messages);
  const rng = contentRng(seed, alias, prompt);
  const budget = maxTokens ?? Number.POSITIVE_INFINITY;

  let reasoning: string[] = [];
  if (behaviour.reasoningField && effort !== "none")
    reasoning = toPieces(reasoningText(rng, userText, effort));

  let content: string[] = [];
  const toolCalls: ChatToolCall[] = [];
  let finishReason: ChatPlan["finishReason"] = "stop";

  if (reasoning.length >= budget) {
    reasoning = reasoning.slice(0, budget);
    finishReason = "length";
  } else if (chosen.length > 0) {
    for (const tool of chosen) {
      const args = isObject(tool.parameters) ? exampleObject(tool.parameters, userText) : {};
      toolCalls.push({ id: `call_${idRng.id(24)}`, name: tool.name, arguments: JSON.stringify(args) });
    }
    finishReason = "tool_calls";
  } else {
    const last = messages[messages.length - 1];
    const text =
      last?.role === "tool"
        ? `Based on the tool result (${messageText(last).slice(0, 80)}): ${replyText(rng, "")}`
        : replyText(rng, userText);
    content = toPieces(text);
    const left = budget - reasoning.length;
    if (content.length > left) {
      content = content.slice(0, left);
      finishReason = "length";
    }
  }

  const promptTokens = Math.ceil(promptChars(messages, request.tools) / 4);
  const completionTokens =
    reasoning.length + content.length + toolCalls.reduce((n, call) => n + estimateTokens(call.arguments), 0);
  const plan: ChatPlan = {
    model: behaviour.modelId ?? alias,
    reasoning,
    content,
    toolCalls,
    finishReason,
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      prompt_tokens_details: { cached_tokens: 0 },
    },
  };
  if (behaviour.reasoningField) plan.reasoningField = behaviour.reasoningField;
  return plan;
}

/** The non-streamed `chat.completion` object. */
export function chatCompletion(plan: ChatPlan, id: string, created: number): JsonObject {
  const message: JsonObject = {
    role: "assistant",
    content: plan.toolCalls.length > 0 ? null : plan.content.join(""),
  };
  if (plan.reasoningField) message[plan.reasoningField] = plan.reasoning.join("");
  if (plan.toolCalls.length > 0) {
    message.tool_calls = plan.toolCalls.map((call) => ({
      id: call.id,
      type: "function",
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  return {
    id,
    object: "chat.completion",
    created,
    model: plan.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: plan.finishReason }],
    usage: plan.usage,
  };
}

export interface StreamEvent {
  data: JsonObject;
  /** Whether it carries a generated token (paced by the token delay). */
  token: boolean;
  /** Completion tokens accounted once this event is sent. */
  tokens: number;
}

/** The `chat.completion.chunk` events of a streamed answer (without the final `[DONE]`). */
export function chatChunks(plan: ChatPlan, id: string, created: number): StreamEvent[] {
  const chunk = (delta: JsonObject, finishReason: string | null = null): JsonObject => ({
    id,
    object: "chat.completion.chunk",
    created,
    model: plan.model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  });
  const events: StreamEvent[] = [
    { data: chunk({ role: "assistant", content: "" }), token: false, tokens: 0 },
  ];
  const field = plan.reasoningField;
  if (field)
    for (const piece of plan.reasoning)
      events.push({ data: chunk({ [field]: piece }), token: true, tokens: 1 });
  for (const piece of plan.content) events.push({ data: chunk({ content: piece }), token: true, tokens: 1 });
  plan.toolCalls.forEach((call, index) => {
    events.push({
      data: chunk({
        tool_calls: [{ index, id: call.id, type: "function", function: { name: call.name, arguments: "" } }],
      }),
      token: true,
      tokens: 0,
    });
    const parts = call.arguments.match(/[\s\S]{1,8}/g) ?? [];
    let counted = 0;
    parts.forEach((part, i) => {
      const total = estimateTokens(call.arguments);
      const upTo = i === parts.length - 1 ? total : Math.min(total, Math.floor(((i + 1) * 8) / 4));
      events.push({
        data: chunk({ tool_calls: [{ index, function: { arguments: part } }] }),
        token: true,
        tokens: upTo - counted,
      });
      counted = upTo;
    });
  });
  events.push({ data: chunk({}, plan.finishReason), token: false, tokens: 0 });
  events.push({
    data: { id, object: "chat.completion.chunk", created, model: plan.model, choices: [], usage: plan.usage },
    token: false,
    tokens: 0,
  });
  return events;
}
