/**
 * A tiny validator driven by the catalog's field table. It runs before any request, so a wrong input
 * never costs money, and names the field and the fix.
 */
import { ThetaValidationError, type ValidationIssue } from "@theta/core";
import { type FieldSpec, type FieldType, type ServiceSpec, serviceSpec } from "./catalog.js";

function describeType(type: FieldType): string {
  switch (type) {
    case "string":
      return "a string";
    case "number":
      return "a number";
    case "integer":
      return "an integer";
    case "boolean":
      return "true or false";
    case "filename":
      return "a non-empty string (an uploaded filename or a URL)";
    case "messages":
      return 'a non-empty array of { role, content } messages, e.g. [{ role: "user", content: "Hi" }]';
  }
}

function typeOfValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function checkMessages(value: unknown, field: string): ValidationIssue | undefined {
  const fix = 'pass messages as [{ role: "user", content: "Hello" }]';
  if (!Array.isArray(value) || value.length === 0) {
    return {
      field,
      message: `${field} must be a non-empty array of messages (got ${typeOfValue(value)})`,
      fix,
    };
  }
  for (const [index, message] of value.entries()) {
    const where = `${field}[${index}]`;
    if (message === null || typeof message !== "object" || Array.isArray(message)) {
      return { field: where, message: `${where} must be an object with role and content`, fix };
    }
    const { role, content } = message as { role?: unknown; content?: unknown };
    if (typeof role !== "string" || role === "") {
      return {
        field: `${where}.role`,
        message: `${where}.role must be a string such as "user", "assistant", "system" or "tool"`,
        fix: `set ${where}.role, e.g. "user"`,
      };
    }
    const hasToolCalls = Array.isArray((message as { tool_calls?: unknown }).tool_calls);
    const contentOk =
      typeof content === "string" ||
      Array.isArray(content) ||
      (content === null && (hasToolCalls || role === "assistant"));
    if (!contentOk && !(content === undefined && hasToolCalls)) {
      return {
        field: `${where}.content`,
        message: `${where}.content must be a string (or an array of content parts); got ${typeOfValue(content)}`,
        fix: `set ${where}.content to the message text`,
      };
    }
  }
  return undefined;
}

function matchesType(value: unknown, type: FieldType): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "filename":
      return typeof value === "string" && value.trim() !== "";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "messages":
      return Array.isArray(value);
  }
}

function example(spec: FieldSpec, name: string, types: readonly FieldType[]): string {
  if (spec.example) return `, e.g. { ${name}: ${spec.example} }`;
  if (spec.enum) return ` (one of ${spec.enum.map((e) => JSON.stringify(e)).join(", ")})`;
  if (types.includes("integer")) return `, e.g. { ${name}: ${spec.min ?? 1} }`;
  return "";
}

function checkField(
  service: string,
  name: string,
  spec: FieldSpec,
  value: unknown,
  prefix: string,
): ValidationIssue | undefined {
  const field = `${prefix}${name}`;
  const types: readonly FieldType[] = typeof spec.type === "string" ? [spec.type] : spec.type;
  const expected = types.map(describeType).join(" or ");
  if (value === undefined) {
    if (!spec.required) return undefined;
    return {
      field,
      message: `${service}: ${field} is required (${spec.description})`,
      fix: `pass ${field} as ${expected}${example(spec, name, types)}`,
    };
  }
  if (types.includes("messages")) {
    const issue = checkMessages(value, field);
    if (issue) return issue;
    return undefined;
  }
  if (!types.some((type) => matchesType(value, type))) {
    return {
      field,
      message: `${service}: ${field} must be ${expected}, got ${typeOfValue(value)}`,
      fix: `pass ${field} as ${expected}${example(spec, name, types)}`,
    };
  }
  if (spec.enum && typeof value === "string" && !spec.enum.includes(value)) {
    return {
      field,
      message: `${service}: ${field} must be one of ${spec.enum.map((e) => JSON.stringify(e)).join(", ")}, got ${JSON.stringify(value)}`,
      fix: `use one of ${spec.enum.map((e) => JSON.stringify(e)).join(", ")}`,
    };
  }
  if (typeof value === "number") {
    if (spec.min !== undefined && value < spec.min) {
      return {
        field,
        message: `${service}: ${field} must be at least ${spec.min}, got ${value}`,
        fix: `use ${spec.min} or more`,
      };
    }
    if (spec.max !== undefined && value > spec.max) {
      return {
        field,
        message: `${service}: ${field} must be at most ${spec.max}, got ${value}`,
        fix: `use ${spec.max} or less`,
      };
    }
  }
  return undefined;
}

/** Problems of `input` for the service (empty when valid or when the service is unknown). */
export function inputIssues(
  service: string,
  input: unknown,
  spec: ServiceSpec | undefined = serviceSpec(service),
  prefix = "input.",
): ValidationIssue[] {
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    return [
      {
        field: prefix.replace(/\.$/, "") || "input",
        message: `${service}: input must be an object of model inputs, got ${typeOfValue(input)}`,
        fix: 'pass the inputs as an object, e.g. { prompt: "..." }',
      },
    ];
  }
  if (!spec) return [];
  const record = input as Record<string, unknown>;
  const issues: ValidationIssue[] = [];
  for (const [name, field] of Object.entries(spec.fields)) {
    const issue = checkField(service, name, field, record[name], prefix);
    if (issue) issues.push(issue);
  }
  for (const group of spec.oneOf ?? []) {
    if (!group.some((name) => record[name] !== undefined)) {
      const names = group.map((name) => `${prefix}${name}`);
      issues.push({
        field: names[0] ?? "input",
        message: `${service}: one of ${names.join(" or ")} is required`,
        fix: `pass ${names.join(" or ")}`,
      });
    }
  }
  return issues;
}

/** Throws ThetaValidationError naming the first bad field (all problems in `issues`). */
export function validateInput(service: string, input: unknown, spec?: ServiceSpec, prefix?: string): void {
  const issues = inputIssues(service, input, spec ?? serviceSpec(service), prefix);
  const first = issues[0];
  if (!first) return;
  throw new ThetaValidationError({ field: first.field, message: first.message, fix: first.fix, issues });
}

/** Throws ThetaValidationError unless `value` is a non-empty string. */
export function requireString(value: unknown, field: string, fix: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new ThetaValidationError({
      field,
      message: `${field} must be a non-empty string, got ${typeOfValue(value)}`,
      fix,
    });
  }
  return value;
}

/** Copies `input` and fills the catalog defaults the SDK sends for fields left out. */
export function withDefaults(service: string, input: Record<string, unknown>): Record<string, unknown> {
  const spec = serviceSpec(service);
  const out: Record<string, unknown> = { ...input };
  if (spec) {
    for (const [name, field] of Object.entries(spec.fields)) {
      if (out[name] === undefined && field.default !== undefined) out[name] = field.default;
    }
  }
  // Chat services answer SSE on the job route unless `input.stream` is false (also for unknown ones).
  if (out.stream === undefined && (spec?.kind === "chat" || (!spec && Array.isArray(out.messages)))) {
    out.stream = false;
  }
  return out;
}
