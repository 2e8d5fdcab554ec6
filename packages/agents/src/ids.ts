/** The ids the agent routes put in their paths (their format was never documented). */
import { ThetaValidationError } from "@theta/core";

/** Refuses an empty or non-string id (it would reach another route). */
export function checkId(value: unknown, field: "agentId" | "documentId"): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new ThetaValidationError({
      field,
      message: `${field} must be a non-empty string`,
      fix: `pass the ${field === "agentId" ? "agent's" : "document's"} id as the API answered it`,
    });
  }
  return value;
}
