/**
 * Reading answers: the `{status, body}` envelope, lists whose container key is undocumented, numbers
 * sent as strings, and the error for an answer in an unknown shape.
 */
import { ThetaApiError } from "@theta/core";

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The payload of a `{status, body}` envelope; the answer itself when it is not one. */
export function bodyOf(answer: unknown): unknown {
  return isRecord(answer) && "body" in answer ? answer.body : answer;
}

/**
 * The records of a list whose shape was never documented: the body itself when it is an array, else
 * the array under the first of `keys` present, else the body's first array-valued property.
 * Undefined when there is no array at all.
 */
export function recordsOf(body: unknown, keys: readonly string[]): JsonRecord[] | undefined {
  if (Array.isArray(body)) return body.filter(isRecord);
  if (!isRecord(body)) return undefined;
  for (const key of keys) {
    const value = body[key];
    if (Array.isArray(value)) return value.filter(isRecord);
  }
  for (const value of Object.values(body)) {
    if (Array.isArray(value)) return value.filter(isRecord);
  }
  return undefined;
}

/** A finite number from a number or a numeric string. */
export function finiteNumber(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && value.trim() !== "") {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

/** A non-empty string, or undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/** The first of `names` that holds a non-empty string (or a number, as a string) in `record`. */
export function firstText(record: JsonRecord, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = record[name];
    if (typeof value === "number" && Number.isFinite(value)) return String(value);
    const found = text(value);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Parses a text answer as JSON when it is JSON; otherwise returns the text (undefined when empty). */
export function lenientJson(answer: string | undefined): unknown {
  if (answer === undefined || answer.trim() === "") return undefined;
  try {
    return JSON.parse(answer) as unknown;
  } catch {
    return answer;
  }
}

/** A 200 answer the SDK cannot read. */
export function unexpectedAnswer(operationId: string, what: string): ThetaApiError {
  return new ThetaApiError({
    status: 200,
    operationId,
    code: "api_error",
    retriable: false,
    serverMessage: `unexpected response: ${what}`,
    fix: "The API answered in an unknown shape; update @theta/controller or report the response (without secrets)",
  });
}

/**
 * The JSON of an answer read as text (undefined when empty). Malformed JSON is a ThetaApiError naming
 * the operation, not a bare SyntaxError.
 */
export function jsonAnswer(operationId: string, answer: string | undefined): unknown {
  if (answer === undefined || answer.trim() === "") return undefined;
  try {
    return JSON.parse(answer) as unknown;
  } catch (cause) {
    throw new ThetaApiError({
      status: 200,
      operationId,
      code: "api_error",
      retriable: false,
      serverMessage: "the answer is not valid JSON",
      fix: "Retry the request; if it keeps failing, the API answered in an unknown shape: update @theta/controller or report it",
      cause,
    });
  }
}
