// Reads a parsed spec into what the generator emits, or throws one SpecError listing every problem.
import { collectMethods } from "./jsonrpc.mjs";
import { collectOperations } from "./operations.mjs";
import { SpecError } from "./spec-error.mjs";

/**
 * `label` names the spec in messages and headers (e.g. `specs/ondemand.yaml`). Returns
 * `{ operations, methods }`: the operation policies sorted by operationId, and the JSON-RPC methods
 * (`{ policy, requestSchema, resultSchema }`) sorted by method name (empty for a REST spec).
 */
export function analyzeSpec(doc, label) {
  if (!doc || typeof doc !== "object" || typeof doc.openapi !== "string" || !doc.openapi.startsWith("3.")) {
    throw new SpecError(`${label}: not an OpenAPI 3.x document (missing "openapi: 3.1.0").`);
  }
  const problems = [];
  const { operations, carriers } = collectOperations(doc, label, problems);
  const methods = collectMethods(doc, label, carriers, problems);
  if (problems.length > 0) {
    throw new SpecError(`${label} is not ready for generation:\n  - ${problems.join("\n  - ")}`);
  }
  return { operations, methods };
}
