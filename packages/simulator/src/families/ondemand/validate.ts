import type { InputVar, Prediction } from "./catalog.js";
import { isObject, type JsonObject } from "./chat.js";

function typeMatches(type: InputVar["type"], value: unknown): boolean {
  switch (type) {
    case "string":
    case "filename":
      return typeof value === "string";
    case "number":
    case "float":
      return typeof value === "number" && Number.isFinite(value);
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "boolean":
    case "bool":
      return typeof value === "boolean";
    case "array":
    case "chat_array":
      return Array.isArray(value);
    default:
      return true;
  }
}

const TYPE_WORDS: Record<InputVar["type"], string> = {
  string: "a string",
  filename: "a string (an uploaded filename or a URL)",
  number: "a number",
  float: "a number",
  integer: "an integer",
  boolean: "a boolean",
  bool: "a boolean",
  array: "an array",
  chat_array: "an array of {role, content} messages",
};

/**
 * Checks `input` against the prediction's `input_vars`. Returns the first problem as a message naming
 * the field, or undefined. Unknown fields are accepted (the live API ignores them).
 */
export function validateInput(
  input: unknown,
  prediction: Prediction,
  label: string,
): { ok: true; input: JsonObject } | { ok: false; message: string } {
  if (!isObject(input)) {
    return {
      ok: false,
      message: `input must be a JSON object with the fields of ${label} (e.g. {"input": {...}})`,
    };
  }
  for (const [name, spec] of Object.entries(prediction.input_vars)) {
    const value = input[name];
    if (value === undefined || value === null) {
      if (spec.required) {
        return { ok: false, message: `input.${name} is required for ${label} (${TYPE_WORDS[spec.type]})` };
      }
      continue;
    }
    if (!typeMatches(spec.type, value)) {
      return { ok: false, message: `input.${name} must be ${TYPE_WORDS[spec.type]} for ${label}` };
    }
    if (spec.type === "filename" && (value as string).length === 0) {
      return { ok: false, message: `input.${name} must not be empty for ${label}` };
    }
  }
  return { ok: true, input };
}

/** Value of an input with the declared default applied. */
export function inputValue(input: JsonObject, prediction: Prediction, name: string): unknown {
  const value = input[name];
  if (value !== undefined && value !== null) return value;
  return prediction.input_vars[name]?.default;
}

/** Whether any string in the input (nested included) contains the failure marker `FAIL`. */
export function containsFailMarker(value: unknown): boolean {
  if (typeof value === "string") return value.includes("FAIL");
  if (Array.isArray(value)) return value.some(containsFailMarker);
  if (isObject(value)) return Object.values(value).some(containsFailMarker);
  return false;
}
