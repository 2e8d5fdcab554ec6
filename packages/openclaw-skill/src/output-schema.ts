/**
 * The output schema a tool advertises (MCP `outputSchema`): the command's declared result schema. A
 * mutating command may answer with a dry-run plan instead, so its schema also admits the plan: a
 * client checks every `structuredContent` against the schema and refuses an answer that does not fit.
 */
import type { Command } from "./command.js";
import type { ObjectSchema } from "./schema.js";

const DRY_RUN_PLAN_SCHEMA = {
  type: "object",
  properties: {
    dryRun: { type: "boolean", enum: [true] },
    command: { type: "string" },
    plan: {},
    note: { type: "string" },
  },
  required: ["dryRun", "command", "plan"],
} as const;

/** `undefined` when the command declares no result schema (its result then reads as text only). */
export function outputSchemaOf(command: Command): ObjectSchema | undefined {
  const declared = command.presentation?.outputSchema;
  if (declared === undefined || !command.mutating) return declared;
  return { type: "object", anyOf: [declared, DRY_RUN_PLAN_SCHEMA] } as ObjectSchema;
}
