/**
 * What a model reads of a command's result: the command's compact text (its presentation), or the
 * result as minified JSON; and the result as data when it is a JSON object (MCP `structuredContent`,
 * OpenClaw `details`). The MCP server and the OpenClaw plugin both answer through this, so a model
 * reads the same text on either host.
 */
import type { Command } from "./command.js";

export interface ModelAnswer {
  /** The text a model reads. */
  readonly text: string;
  /**
   * The command's data of the result (its presentation's `data`, else the result when it is a plain
   * JSON object; `undefined` for a string or list, which read as text only).
   */
  readonly data: Readonly<Record<string, unknown>> | undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A dry-run plan (`{ dryRun: true, plan }`) reads as JSON whatever the command declares. */
function isDryRunPlan(value: unknown): boolean {
  return isPlainObject(value) && value.dryRun === true && "plan" in value;
}

/** Minified: indentation would be a third of a pretty-printed answer, and a model needs none of it. */
function minifiedJson(value: unknown): string {
  return typeof value === "string" ? value : (JSON.stringify(value) ?? "null");
}

export function modelAnswer(command: Command, result: unknown): ModelAnswer {
  const plain = isPlainObject(result) ? result : undefined;
  if (isDryRunPlan(result)) return { text: minifiedJson(result), data: plain };
  const { text, data } = command.presentation ?? {};
  return {
    text: text === undefined ? minifiedJson(result) : text(result),
    data: data === undefined || plain === undefined ? plain : data(result),
  };
}
