/** The caller's AbortSignal during an attempt: following it, and the error once it fired. */
import { ThetaAbortError, ThetaError } from "./errors.js";

/**
 * Makes `controller` abort when `source` does (with its reason); returns the function that stops
 * following. Cheaper than `AbortSignal.any` per attempt, and nothing outlives the attempt.
 */
export function followSignal(source: AbortSignal | undefined, controller: AbortController): () => void {
  if (!source) return noop;
  if (source.aborted) {
    controller.abort(source.reason);
    return noop;
  }
  const listener = (): void => controller.abort(source.reason);
  source.addEventListener("abort", listener, { once: true });
  return () => source.removeEventListener("abort", listener);
}

function noop(): void {}

export interface AttemptContext {
  operationId: string;
  method: string;
  url: string;
}

export function abortError(signal: AbortSignal, context: AttemptContext): ThetaError {
  const reason: unknown = signal.reason;
  if (ThetaError.isInstance(reason)) return reason;
  return new ThetaAbortError({ ...context, cause: reason });
}
