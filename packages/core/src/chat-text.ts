/** Text fields of chat answers: an empty string counts as absent. */

/** A non-empty string, else undefined. */
export function nonEmptyText(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** Reasoning text of a message or delta: `reasoning` (GPT-OSS) or `reasoning_content` (GLM), never both. */
export function reasoningOf(record: Record<string, unknown>): string | undefined {
  return nonEmptyText(record.reasoning) ?? nonEmptyText(record.reasoning_content);
}
