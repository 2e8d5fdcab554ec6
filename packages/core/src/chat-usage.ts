/** Token usage of a chat answer, normalized: missing or non-numeric counts are 0, the total is computed when absent. */
import type { ChatUsage } from "./chat-types.js";
import { isRecord } from "./record.js";

function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

/** The usage of an answer's `usage` field, or undefined when it is not an object. */
export function normalizeUsage(value: unknown): ChatUsage | undefined {
  if (!isRecord(value)) return undefined;
  const prompt = count(value.prompt_tokens);
  const completion = count(value.completion_tokens);
  const total = typeof value.total_tokens === "number" ? value.total_tokens : prompt + completion;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: total };
}
