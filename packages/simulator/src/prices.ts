/**
 * The simulator's price table. Figures are USD.
 *
 * - LLMs bill per token with split pricing: `inputUsdPer1M` for prompt tokens, `outputUsdPer1M` for completion
 *   tokens (reasoning and tool-call tokens included).
 * - Media services bill a flat price per successful request (`usdPerUnit`).
 *
 * The catalog exposes the same prices as `cost` / `cost_divisor` in US cents (see README "Prices").
 */
export type SimulatorPrice =
  | { kind: "tokens"; inputUsdPer1M: number; outputUsdPer1M: number }
  | { kind: "unit"; unit: "image" | "video" | "audio" | "request"; usdPerUnit: number };

const tokens = (inputUsdPer1M: number, outputUsdPer1M: number): SimulatorPrice => ({
  kind: "tokens",
  inputUsdPer1M,
  outputUsdPer1M,
});
const unit = (usdPerUnit: number, kind: "image" | "video" | "audio" | "request"): SimulatorPrice => ({
  kind: "unit",
  unit: kind,
  usdPerUnit,
});

/** Price per service alias, then per prediction name. */
export const SIMULATOR_PRICES: Readonly<Record<string, Readonly<Record<string, SimulatorPrice>>>> = {
  qwen3: { completions: tokens(0.2, 0.4) },
  gpt_oss_120b: { completions: tokens(0.04, 0.2) },
  llama_3_1_70b: { completions: tokens(0.2, 0.4) },
  llama_3_8b: { completions: tokens(0.2, 0.4) },
  glm_5_3: { completions: tokens(1.54, 4.84) },
  glm_5_3_flash: { completions: tokens(0.17, 0.55) },
  minimax_m2_5: { completions: tokens(0.2, 1.2) },
  flux: { generate_image: unit(0.01, "image") },
  stable_diffusion_xl_turbo: { predict: unit(0.01, "image") },
  grounding_dino: { "0": unit(0.005, "request") },
  blip: { predict: unit(0.005, "request") },
  llava: { predict: unit(0.005, "request") },
  whisper: { stt: unit(0.01, "request") },
  image_to_image: {
    stylize: unit(0.01, "image"),
    upscale: unit(0.01, "image"),
    background_removal: unit(0.01, "image"),
  },
  esrgan: { predict: unit(0.02, "image") },
  step_video: { generate: unit(0.2, "video") },
  voice_cloning: { predict: unit(0.01, "audio") },
  instant_id: { predict: unit(0.24, "image") },
  talking_head: { predict: unit(0.02, "video") },
};

/** The token estimate the simulator uses everywhere: `ceil(characters / 4)`. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export interface TokenUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

/** Cost split of one request, in USD. */
export interface CostSplitUsd {
  input: number;
  output: number;
}

/** Rounds away binary noise (1e-12 USD resolution). */
export function roundUsd(value: number): number {
  return Math.round(value * 1e12) / 1e12;
}

/** What one successful request costs, in USD, split into input and output parts. */
export function costOf(price: SimulatorPrice, usage?: TokenUsage): CostSplitUsd {
  if (price.kind === "unit") return { input: 0, output: price.usdPerUnit };
  const promptTokens = usage?.prompt_tokens ?? 0;
  const completionTokens = usage?.completion_tokens ?? 0;
  return {
    input: roundUsd((promptTokens * price.inputUsdPer1M) / 1_000_000),
    output: roundUsd((completionTokens * price.outputUsdPer1M) / 1_000_000),
  };
}

/** Price of `alias`/`prediction`, or undefined when the table has none. */
export function priceFor(alias: string, prediction: string): SimulatorPrice | undefined {
  return SIMULATOR_PRICES[alias]?.[prediction];
}

/** Integer-ish `cost` with a power-of-ten `cost_divisor`, so that cost / cost_divisor = `cents`. */
export function centsAsFraction(cents: number): { cost: number; cost_divisor: number } {
  let divisor = 1;
  let cost = cents;
  while (Math.abs(cost - Math.round(cost)) > 1e-9 && divisor < 1e9) {
    divisor *= 10;
    cost = cents * divisor;
  }
  return { cost: Math.round(cost), cost_divisor: divisor };
}
