/**
 * The error for a 200 answer that is not a chat answer, and what a server said when it put an error
 * where the answer should be.
 */
import { ThetaApiError } from "./errors.js";
import { isRecord } from "./record.js";

/** The message of an error object a server sent instead of (or inside) a chat answer. */
export function serverErrorText(chunk: unknown): string | undefined {
  if (!isRecord(chunk)) return undefined;
  const error = chunk.error;
  if (typeof error === "string" && error.trim()) return error;
  if (isRecord(error) && typeof error.message === "string" && error.message.trim()) return error.message;
  if (typeof chunk.message === "string" && chunk.message.trim()) return chunk.message;
  return undefined;
}

/** Characters of an answer quoted in an error (the error shortens and redacts its message too). */
const ANSWER_PREVIEW_CHARS = 160;

function preview(text: string): string {
  return text.length > ANSWER_PREVIEW_CHARS ? `${text.slice(0, ANSWER_PREVIEW_CHARS)}…` : text;
}

/** What an answer is, for an error: `null`, `an array of 3 items: [1,2,3]`, `an object with the fields a, b: {...}`. */
function describeAnswer(answer: unknown): string {
  if (answer === null) return "null";
  if (Array.isArray(answer)) return `an array of ${answer.length} items: ${preview(JSON.stringify(answer))}`;
  if (isRecord(answer)) {
    const keys = Object.keys(answer);
    if (keys.length === 0) return "an object with no fields";
    return `an object with the field${keys.length === 1 ? "" : "s"} ${keys.slice(0, 8).join(", ")}: ${preview(JSON.stringify(answer))}`;
  }
  return `${typeof answer} ${preview(JSON.stringify(answer) ?? String(answer))}`;
}

/**
 * A 200 answer that is not a chat answer (no choices): a non-retriable `ThetaApiError` saying what
 * came back (its message is redacted and shortened) and what to do.
 */
export function invalidChatAnswer(
  operationId: string,
  problem: string,
  shown: { label: string; answer: unknown },
): ThetaApiError {
  const reported = serverErrorText(shown.answer);
  return new ThetaApiError({
    status: 200,
    operationId,
    code: "api_error",
    retriable: false,
    serverMessage: `${problem}; ${shown.label} ${describeAnswer(shown.answer)}${reported ? `; the server reported "${reported}"` : ""}`,
    fix: "Retry the request; if it keeps happening, try another model, or report the answer (without secrets)",
  });
}
