/**
 * Reading answers: the `{status, body}` envelope or the bare payload (both were seen, the spec accepts
 * both), numbers sent as strings, and the error for an answer in a shape the SDK cannot read.
 */
import { ThetaApiError } from "@theta/core";

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * The payload of a `{status, body}` envelope; the answer itself when it is bare. An answer is an
 * envelope when it has a `body` and no `id` (a bare agent or document always has its `id`).
 */
export function payloadOf(answer: unknown): unknown {
  if (isRecord(answer) && "body" in answer && !("id" in answer)) return answer.body;
  return answer;
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

/** An id sent as a string or a number, as a string; undefined when absent. */
export function idOf(record: JsonRecord): string | undefined {
  const id = record.id;
  if (typeof id === "string" && id !== "") return id;
  if (typeof id === "number" && Number.isFinite(id)) return String(id);
  return undefined;
}

/** A 2xx answer the SDK cannot read. */
export function unexpectedAnswer(operationId: string, what: string): ThetaApiError {
  return new ThetaApiError({
    status: 200,
    operationId,
    code: "api_error",
    retriable: false,
    serverMessage: `unexpected response: ${what}`,
    fix: "The API answered in an unknown shape; update @theta/agents or report the response (without secrets)",
  });
}

/** The JSON of an answer read as text; malformed JSON is a ThetaApiError naming the operation. */
export function jsonOf(operationId: string, text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new ThetaApiError({
      status: 200,
      operationId,
      code: "api_error",
      retriable: false,
      serverMessage: "the answer is not valid JSON",
      fix: "Retry the request; if it keeps failing, a proxy may be answering instead of the API: check the base URL",
      cause,
    });
  }
}
