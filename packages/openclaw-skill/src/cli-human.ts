/**
 * The CLI's human output: readable text and tables for any command's result (JSON only with
 * `--json`). Family-independent: it reads the shape of the result, so every family's commands get it.
 */
import type { CommandInfo } from "./registry.js";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is string | number | boolean | null | undefined {
  return value === null || value === undefined || ["string", "number", "boolean"].includes(typeof value);
}

function scalarText(value: unknown): string {
  if (value === null || value === undefined) return "-";
  return String(value);
}

/** "costUsd" → "cost usd", "finish_reason" → "finish reason": keys read as words. */
function label(key: string): string {
  return key
    .replace(/_/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase();
}

/** A table of records: the scalar columns any row has (up to 6), one line per row. */
function table(rows: readonly Record<string, unknown>[], indent: string): string[] {
  const columns: string[] = [];
  for (const row of rows) {
    for (const [key, value] of Object.entries(row)) {
      if (isScalar(value) && !columns.includes(key) && columns.length < 6) columns.push(key);
    }
  }
  if (columns.length === 0) return rows.map((row) => `${indent}${JSON.stringify(row)}`);
  const cells = rows.map((row) => columns.map((column) => scalarText(row[column])));
  const widths = columns.map((column, index) =>
    Math.min(40, Math.max(label(column).length, ...cells.map((line) => (line[index] ?? "").length))),
  );
  const fit = (value: string, width: number) =>
    value.length > width ? `${value.slice(0, width - 1)}…` : value.padEnd(width);
  const line = (values: readonly string[]) =>
    `${indent}${values.map((value, index) => fit(value, widths[index] ?? 0)).join("  ")}`.trimEnd();
  return [line(columns.map(label)), ...cells.map(line)];
}

/** Lines for a value under `indent`: records as `key: value`, lists of records as tables. */
function lines(value: unknown, indent: string): string[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${indent}(none)`];
    if (value.every(isRecord)) return table(value, indent);
    if (value.every(isScalar)) return [`${indent}${value.map(scalarText).join(", ")}`];
    return value.flatMap((item) => lines(item, indent));
  }
  if (!isRecord(value)) return [`${indent}${scalarText(value)}`];
  const out: string[] = [];
  const width = Math.min(24, Math.max(0, ...Object.keys(value).map((key) => label(key).length)));
  for (const [key, inner] of Object.entries(value)) {
    if (isScalar(inner)) {
      out.push(`${indent}${`${label(key)}:`.padEnd(width + 2)}${scalarText(inner)}`);
    } else if (Array.isArray(inner) && inner.every(isScalar)) {
      out.push(
        `${indent}${`${label(key)}:`.padEnd(width + 2)}${inner.length === 0 ? "(none)" : inner.map(scalarText).join(", ")}`,
      );
    } else {
      out.push(`${indent}${label(key)}:`, ...lines(inner, `${indent}  `));
    }
  }
  return out;
}

/** A chat reply: the shape every chat command returns (model, content, finishReason). */
function isChatReply(result: unknown): result is Record<string, unknown> & { content: string } {
  return isRecord(result) && typeof result.content === "string" && "finishReason" in result;
}

/** The human form of a result. A chat reply streamed to the terminal already is not printed again. */
export function humanResult(command: CommandInfo, result: unknown, streamed: boolean): string {
  if (isRecord(result) && result.dryRun === true) {
    return [`Dry run: nothing was sent. ${command.name} would send:`, ...lines(result.plan, "  ")]
      .join("\n")
      .concat("\n");
  }
  if (isChatReply(result)) return streamed ? "\n" : `${result.content}\n`;
  return `${lines(result, "").join("\n")}\n`;
}

/** The line under a chat reply (stderr): model, finish, tokens, tool calls and cost. */
export function chatSummary(result: unknown): string | undefined {
  if (!isChatReply(result)) return undefined;
  const usage = isRecord(result.usage) ? result.usage : undefined;
  const parts = [`${String(result.model)}: ${String(result.finishReason)}`];
  if (usage) parts.push(`tokens ${String(usage.prompt_tokens)} in / ${String(usage.completion_tokens)} out`);
  if (Array.isArray(result.toolCalls)) parts.push(`${result.toolCalls.length} tool call(s)`);
  if (typeof result.costUsd === "number") parts.push(`cost $${result.costUsd}`);
  return `[${parts.join(", ")}]`;
}
