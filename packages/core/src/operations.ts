/**
 * Operation policy, generated from the `x-theta-*` extensions of each spec into
 * `packages/<api>/src/generated/operations.ts`. Core reads it; nobody re-derives policy from
 * the HTTP method.
 */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS";

export interface RetryPolicy {
  /** Overrides the client's max retries for this operation (0 disables retries). */
  readonly maxRetries?: number;
  /** Extra statuses to retry on, besides the defaults. */
  readonly statuses?: readonly number[];
}

export interface OperationPolicy {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** OpenAPI path template relative to the family's base URL, e.g. `/infer_request/{alias}`. */
  readonly path: string;
  /** `x-theta-mutating`: dry-run blocks it. */
  readonly mutating: boolean;
  /** `x-theta-billable`: priced by the budget guard; never re-sent once it may have reached the server. */
  readonly billable: boolean;
  /** `x-theta-idempotent`: safe to re-send after a reset (defaults to !mutating). */
  readonly idempotent: boolean;
  /** `x-theta-retry`. */
  readonly retry?: RetryPolicy;
  /** `x-theta-timeout-ms`: per-attempt timeout override (e.g. 120 s for chat). */
  readonly timeoutMs?: number;
  /** `x-theta-stream`: the response may be an SSE stream. */
  readonly stream?: boolean;
}

export type OperationsTable = Readonly<Record<string, OperationPolicy>>;
