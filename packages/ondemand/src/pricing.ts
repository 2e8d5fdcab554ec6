/**
 * Built-in prices, used to price every billable call before it is sent (budget guard) and to compute
 * a cost from token usage when the response carries none.
 *
 * Figures are USD. LLMs have split per-token pricing; the live catalog lists them as units per 1M tokens
 * (e.g. qwen3 20/40, gpt_oss_120b 4/20, glm_5_3 154/484), which this SDK reads as US cents per 1M tokens
 * (the readings match public market prices of the same models; the API does not name the currency).
 * Media services have a flat price per request (images about USD 0.01).
 * Unknown services are priced conservatively (see `FALLBACK_*`).
 */
import { serviceSpec } from "./catalog.js";
import type { ChatMessage, ChatUsage } from "./types.js";

export type Price =
  | { readonly kind: "tokens"; readonly inputUsdPer1M: number; readonly outputUsdPer1M: number }
  | { readonly kind: "unit"; readonly usdPerRequest: number };

const tokens = (inputUsdPer1M: number, outputUsdPer1M: number): Price => ({
  kind: "tokens",
  inputUsdPer1M,
  outputUsdPer1M,
});
const unit = (usdPerRequest: number): Price => ({ kind: "unit", usdPerRequest });

/** Price per service alias (all predictions of a service cost the same so far). */
export const PRICES: Readonly<Record<string, Price>> = {
  qwen3: tokens(0.2, 0.4),
  gpt_oss_120b: tokens(0.04, 0.2),
  llama_3_1_70b: tokens(0.2, 0.4),
  llama_3_8b: tokens(0.2, 0.4),
  glm_5_3: tokens(1.54, 4.84),
  glm_5_3_flash: tokens(0.17, 0.55),
  minimax_m2_5: tokens(0.2, 1.2),
  flux: unit(0.01),
  stable_diffusion_xl_turbo: unit(0.01),
  grounding_dino: unit(0.01),
  blip: unit(0.01),
  llava: unit(0.01),
  whisper: unit(0.01),
  image_to_image: unit(0.01),
  esrgan: unit(0.02),
  step_video: unit(0.2),
  voice_cloning: unit(0.01),
  instant_id: unit(0.24),
  talking_head: unit(0.02),
};

/** Unknown chat service: priced like the most expensive known LLM. */
export const FALLBACK_TOKEN_PRICE: Price = tokens(1.54, 4.84);
/** Unknown media service: above the most expensive known per-request price. */
export const FALLBACK_UNIT_PRICE: Price = unit(0.25);
/** Output tokens assumed when an unknown chat service gets no `max_tokens`. */
export const FALLBACK_MAX_TOKENS = 4096;

function isChatInput(input: unknown): input is { messages: unknown[] } {
  return (
    input !== null && typeof input === "object" && Array.isArray((input as { messages?: unknown }).messages)
  );
}

/** The price of a service: the table, else a conservative fallback by the input's shape. */
export function priceOf(service: string, input?: unknown): Price {
  const known = PRICES[service];
  if (known) return known;
  return serviceSpec(service)?.kind === "chat" || isChatInput(input)
    ? FALLBACK_TOKEN_PRICE
    : FALLBACK_UNIT_PRICE;
}

/** Characters of the prompt: message text plus tool definitions. */
export function promptChars(messages: readonly unknown[], tools?: unknown): number {
  let chars = 0;
  for (const message of messages) {
    if (message === null || typeof message !== "object") continue;
    const content = (message as ChatMessage).content;
    if (typeof content === "string") chars += content.length;
    else if (Array.isArray(content)) {
      for (const part of content) {
        if (part && typeof part === "object" && typeof part.text === "string") chars += part.text.length;
      }
    }
    const toolCalls = (message as ChatMessage).tool_calls;
    if (Array.isArray(toolCalls)) chars += JSON.stringify(toolCalls).length;
  }
  if (tools !== undefined) chars += JSON.stringify(tools).length;
  return chars;
}

/** Token estimate used for prompts: `ceil(characters / 4)`. */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

/** Rounds away binary noise (1e-12 USD). */
export function roundUsd(value: number): number {
  return Math.round(value * 1e12) / 1e12;
}

export function tokenCostUsd(price: Price, promptTokens: number, completionTokens: number): number {
  if (price.kind === "unit") return price.usdPerRequest;
  return roundUsd((promptTokens * price.inputUsdPer1M + completionTokens * price.outputUsdPer1M) / 1_000_000);
}

/**
 * Worst-case cost of one call, in USD. LLMs: prompt characters / 4 input tokens plus `max_tokens`
 * output tokens (the catalog default when unset); media: the per-request price.
 */
export function estimateCostUsd(
  service: string,
  input: unknown,
  price: Price = priceOf(service, input),
): number {
  if (price.kind === "unit") return price.usdPerRequest;
  const record = (input ?? {}) as { messages?: unknown; max_tokens?: unknown; tools?: unknown };
  const messages = Array.isArray(record.messages) ? record.messages : [];
  const inputTokens = estimateTokens(promptChars(messages, record.tools));
  const specDefault = serviceSpec(service)?.fields.max_tokens?.default;
  const maxTokens =
    typeof record.max_tokens === "number" && record.max_tokens > 0
      ? record.max_tokens
      : typeof specDefault === "number"
        ? specDefault
        : FALLBACK_MAX_TOKENS;
  return tokenCostUsd(price, inputTokens, maxTokens);
}

/** Cost of a finished chat from its token usage. */
export function usageCostUsd(service: string, usage: ChatUsage | undefined): number | undefined {
  if (!usage) return undefined;
  const price = PRICES[service] ?? FALLBACK_TOKEN_PRICE;
  if (price.kind !== "tokens") return undefined;
  return tokenCostUsd(price, usage.prompt_tokens, usage.completion_tokens);
}
