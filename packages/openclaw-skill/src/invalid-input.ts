import { ThetaValidationError } from "@theta/core";
import type { SchemaIssue } from "./schema.js";

/** The error for input that failed a command's schema: names the first bad field and lists every issue. */
export function invalidInputError(commandName: string, issues: readonly SchemaIssue[]): ThetaValidationError {
  const first = issues[0];
  return new ThetaValidationError({
    field: first?.field ?? "input",
    message: `Invalid input for ${commandName}: ${first?.message ?? "input is invalid"}`,
    fix: first?.fix ?? "check the input against the command's schema",
    issues,
  });
}
