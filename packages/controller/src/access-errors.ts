/**
 * The controller answers `403 {"status":"error","message":"You are not allowed to perform this action"}`
 * when the project (or organization) id is not the one the API key belongs to: a project key only
 * manages its own project. The generic 403 advice does not say that, so the answer is turned into an
 * error that does.
 */
import { ThetaApiError, type ThetaErrorCode } from "@theta/core";

/**
 * The key and the project id do not match. `@theta/core`'s `ThetaErrorCode` does not list this code
 * yet; the one assertion lives here until it does.
 */
export const PROJECT_MISMATCH = "project_mismatch" as string as ThetaErrorCode;

const NOT_ALLOWED = /not allowed to perform this action/i;

/** What the refused call was scoped by. */
export type AccessScope = "project" | "organization";

const FIXES: Record<AccessScope, string> = {
  project:
    "The API key and the project id do not match: a project API key only manages the project it was created in. Use an API key created in that project (THETA_EC_API_KEY), or set THETA_EC_PROJECT_ID (the projectId option) to the project the key belongs to",
  organization:
    "The API key does not belong to a project of this organization. Set THETA_ORG_ID (the orgId option) to the organization of the key's project (org_...), or use a key from a project of that organization",
};

/** `error` itself, or, for the "not allowed" 403, an error that says which ids disagree and how to fix it. */
export function explainForbidden(error: unknown, scope: AccessScope): unknown {
  if (!ThetaApiError.isInstance(error) || error.status !== 403) return error;
  const serverMessage = typeof error.body === "object" && error.body !== null ? bodyMessage(error.body) : "";
  if (!NOT_ALLOWED.test(serverMessage)) return error;
  return new ThetaApiError({
    status: 403,
    code: scope === "project" ? PROJECT_MISMATCH : "forbidden",
    serverMessage,
    body: error.body,
    requestId: error.requestId,
    operationId: error.operationId,
    method: error.method,
    url: error.url,
    retriable: false,
    fix: FIXES[scope],
    cause: error,
  });
}

function bodyMessage(body: object): string {
  const message = (body as { message?: unknown }).message;
  return typeof message === "string" ? message : "";
}

/** Runs `call`, turning the "not allowed" 403 into the explained error. */
export async function withAccessExplained<T>(scope: AccessScope, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw explainForbidden(error, scope);
  }
}
