/**
 * The fields of an agent that create and update send, typed from the spec, and their checks: a bad
 * field is a ThetaValidationError naming it, before any request.
 */
import { ThetaValidationError, type ValidationIssue } from "@theta/core";
import { isRecord } from "./answers.js";
import type { components } from "./generated/schema.js";

type Schemas = components["schemas"];

export type WarmUpMessage = Schemas["WarmUpMessage"];
export type AgentTools = Schemas["AgentTools"];
/** Flat keys with dots: `"retriever.type"`, `"agent.tools"`. Other keys are passed as they are. */
export type AgentSettings = Schemas["AgentSettings"];

/** The fields of a new agent; `project_id` is the client's. */
export interface AgentInput {
  name: string;
  /** Largest answer in tokens, 1 to 32768 (the SDK's bound; the API's is undocumented). */
  max_tokens?: number;
  /** Sampling temperature, 0 to 2 (the SDK's bound). */
  temperature?: number;
  system_prompt?: string;
  warm_up_messages?: WarmUpMessage[];
  /** The dedicated LLM endpoint (deployment) the agent answers with. */
  llm_endpoint_id?: string;
  settings?: AgentSettings;
}

/** The fields of an agent to change (any subset of create's). */
export type AgentChanges = Partial<AgentInput>;

/** The bounds of `MaxTokens` and `Temperature` in specs/agents.yaml (the generator emits types, not bounds). */
export const MAX_TOKENS_RANGE = { minimum: 1, maximum: 32768 } as const;
export const TEMPERATURE_RANGE = { minimum: 0, maximum: 2 } as const;

/** One problem of the fields; the fix is the same for all (correct the field). */
interface Problem {
  readonly field: string;
  readonly message: string;
}

const ROLES: readonly string[] = ["system", "user", "assistant"];
const KNOWN_FIELDS = new Set([
  "name",
  "max_tokens",
  "temperature",
  "system_prompt",
  "warm_up_messages",
  "llm_endpoint_id",
  "settings",
]);

function optionalText(fields: Record<string, unknown>, field: string, issues: Problem[]): void {
  const value = fields[field];
  if (value !== undefined && typeof value !== "string") {
    issues.push({ field, message: `${field} must be a string` });
  }
}

function checkSettings(settings: unknown, issues: Problem[]): void {
  if (settings === undefined) return;
  if (!isRecord(settings)) {
    issues.push({
      field: "settings",
      message: 'settings must be an object such as { "retriever.type": "rerank" }',
    });
    return;
  }
  const retriever = settings["retriever.type"];
  if (retriever !== undefined && (typeof retriever !== "string" || retriever === "")) {
    issues.push({
      field: 'settings["retriever.type"]',
      message: 'settings["retriever.type"] must be a non-empty string, e.g. "rerank"',
    });
  }
  const tools = settings["agent.tools"];
  if (tools === undefined) return;
  if (!isRecord(tools)) {
    issues.push({
      field: 'settings["agent.tools"]',
      message: 'settings["agent.tools"] must be an object such as { web_search: true }',
    });
    return;
  }
  for (const tool of ["web_search", "text_to_sql"]) {
    if (tools[tool] !== undefined && typeof tools[tool] !== "boolean") {
      issues.push({
        field: `settings["agent.tools"].${tool}`,
        message: `settings["agent.tools"].${tool} must be true or false`,
      });
    }
  }
}

function checkWarmUp(messages: unknown, issues: Problem[]): void {
  if (messages === undefined) return;
  if (!Array.isArray(messages)) {
    issues.push({
      field: "warm_up_messages",
      message: "warm_up_messages must be an array of { role, content }",
    });
    return;
  }
  messages.forEach((message: unknown, index) => {
    const field = `warm_up_messages[${index}]`;
    if (!isRecord(message)) {
      issues.push({ field, message: `${field} must be an object { role, content }` });
      return;
    }
    if (typeof message.role !== "string" || !ROLES.includes(message.role)) {
      issues.push({ field: `${field}.role`, message: `${field}.role must be one of ${ROLES.join(", ")}` });
    }
    if (typeof message.content !== "string") {
      issues.push({ field: `${field}.content`, message: `${field}.content must be a string` });
    }
  });
}

function checkRange(
  fields: Record<string, unknown>,
  field: string,
  range: { minimum: number; maximum: number },
  integer: boolean,
  issues: Problem[],
): void {
  const value = fields[field];
  if (value === undefined) return;
  const isNumber =
    typeof value === "number" && Number.isFinite(value) && (!integer || Number.isInteger(value));
  if (!isNumber || value < range.minimum || value > range.maximum) {
    issues.push({
      field,
      message: `${field} must be ${integer ? "an integer" : "a number"} from ${range.minimum} to ${range.maximum}, got ${JSON.stringify(value)}`,
    });
  }
}

/**
 * The problems of an agent's fields (empty when none). `requireName`: create needs a name; an update
 * may leave it out but not blank it.
 */
export function agentFieldIssues(fields: unknown, requireName: boolean): ValidationIssue[] {
  return agentFieldProblems(fields, requireName).map((problem) => ({
    ...problem,
    fix: `correct ${problem.field} (see the AgentInput type)`,
  }));
}

function agentFieldProblems(fields: unknown, requireName: boolean): Problem[] {
  if (!isRecord(fields)) return [{ field: "agent", message: "the agent's fields must be an object" }];
  const issues: Problem[] = [];
  for (const key of Object.keys(fields)) {
    if (key === "project_id") {
      issues.push({
        field: key,
        message: "project_id is the client's (projectId option or THETA_EC_PROJECT_ID); leave it out",
      });
    } else if (!KNOWN_FIELDS.has(key)) {
      issues.push({
        field: key,
        message: `${key} is not a field of an agent (known: ${[...KNOWN_FIELDS].join(", ")})`,
      });
    }
  }
  const name = fields.name;
  if ((requireName || name !== undefined) && (typeof name !== "string" || name.trim() === "")) {
    issues.push({ field: "name", message: "name must be a non-empty string" });
  }
  checkRange(fields, "max_tokens", MAX_TOKENS_RANGE, true, issues);
  checkRange(fields, "temperature", TEMPERATURE_RANGE, false, issues);
  optionalText(fields, "system_prompt", issues);
  optionalText(fields, "llm_endpoint_id", issues);
  checkWarmUp(fields.warm_up_messages, issues);
  checkSettings(fields.settings, issues);
  return issues;
}

/** Throws one ThetaValidationError listing every problem of the fields. */
export function checkAgentFields(fields: unknown, requireName: boolean): void {
  const issues = agentFieldIssues(fields, requireName);
  const [first] = issues;
  if (!first) return;
  throw new ThetaValidationError({
    field: first.field,
    message: first.message,
    fix: "correct the field and call again; see the AgentInput type for every field",
    issues,
  });
}
