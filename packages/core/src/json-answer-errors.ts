/**
 * openapi-fetch parses a success body of unknown length with `JSON.parse` itself, so an answer in
 * another format (an HTML error page from a proxy, an event stream, a truncated body) would reach the
 * caller as a bare `SyntaxError`. This wraps a typed client's request methods so that it becomes a
 * `ThetaApiError` naming the operation (found by method and schema path in the operations table).
 */
import type { Client } from "openapi-fetch";
import { ThetaApiError } from "./errors.js";
import type { OperationsTable } from "./operations.js";
import { redactText } from "./redact.js";

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

type RequestMethod = (path: string, init?: unknown) => Promise<unknown>;

function operationIdFor(operations: OperationsTable, method: string, schemaPath: string): string {
  for (const policy of Object.values(operations)) {
    if (policy.method === method && policy.path === schemaPath) return policy.operationId;
  }
  return `${method} ${schemaPath}`;
}

export function notJsonAnswerError(operationId: string, cause: SyntaxError): ThetaApiError {
  return new ThetaApiError({
    status: 200,
    code: "api_error",
    operationId,
    retriable: false,
    message: `${operationId}: the answer is not JSON (${redactText(cause.message).slice(0, 120)}). A proxy or an error page may have answered instead of the API; check the base URL, then retry.`,
    cause,
  });
}

/** Wraps `api`'s request methods in place; returns it. */
export function withJsonAnswerErrors<Paths extends {}>(
  api: Client<Paths>,
  operations: OperationsTable,
): Client<Paths> {
  const methods = api as unknown as Record<(typeof METHODS)[number], RequestMethod>;
  for (const method of METHODS) {
    const original = methods[method];
    if (typeof original !== "function") continue;
    methods[method] = (path, init) =>
      original(path, init).catch((error: unknown) => {
        if (error instanceof SyntaxError)
          throw notJsonAnswerError(operationIdFor(operations, method, path), error);
        throw error;
      });
  }
  return api;
}
