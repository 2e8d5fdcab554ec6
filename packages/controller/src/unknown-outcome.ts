/**
 * A create whose answer was lost (the connection broke after sending, a timeout, an abort) may have
 * started a deployment that bills by the hour. Core never re-sends it (it is billable); this module
 * rewrites the error so it says what to do: list the deployments, and delete the one not wanted.
 */
import { ThetaAbortError, ThetaConnectionError, ThetaTimeoutError } from "@theta/core";

const WHAT_TO_DO =
  "A deployment may have been created and may be billing by the hour. It was not re-sent. List deployments (deployments.list()) to check, and delete the one you do not want before creating another";

/** `error`, or its rewrite when the create's outcome is unknown. */
export function explainUnknownCreate(error: unknown): unknown {
  if (ThetaConnectionError.isInstance(error) && error.outcome === "unknown") {
    return new ThetaConnectionError({
      outcome: "unknown",
      operationId: error.operationId,
      method: error.method,
      url: error.url,
      cause: error,
      message: `createDeployment lost the connection after the request was sent: the outcome is unknown. ${WHAT_TO_DO}.`,
    });
  }
  if (ThetaTimeoutError.isInstance(error)) {
    return new ThetaTimeoutError({
      timeoutMs: error.timeoutMs,
      phase: error.phase,
      operationId: error.operationId,
      method: error.method,
      url: error.url,
      cause: error,
      message: `createDeployment got no answer within ${error.timeoutMs} ms: the outcome is unknown. ${WHAT_TO_DO}.`,
    });
  }
  if (ThetaAbortError.isInstance(error)) {
    return new ThetaAbortError({
      operationId: error.operationId,
      method: error.method,
      url: error.url,
      cause: error,
      message: `createDeployment was aborted by the caller's signal: the request may have reached the server. ${WHAT_TO_DO}.`,
    });
  }
  return error;
}
