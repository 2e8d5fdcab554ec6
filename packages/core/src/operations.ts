/**
 * Operation policy, generated from the `x-theta-*` extensions of each spec into
 * `packages/<api>/src/generated/operations.ts` (and, for a JSON-RPC spec, `methods.ts`). Core reads
 * it; nobody re-derives policy from the HTTP method.
 */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS";

/** `x-theta-confidence`: `confirmed` (live-validated or in official code) or `uncertain` (single source, untested). */
export type Confidence = "confirmed" | "uncertain";

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
  /**
   * OpenAPI `security`: true when no security requirement applies (operation-level `security: []`,
   * or no top-level `security`), so no credential is needed. Every generated table has it (see
   * {@link SpecOperationPolicy}); it is optional here only because a policy made up for a request
   * that matches no operation cannot know it (treat absent as "needs the credential").
   */
  readonly public?: boolean;
  /** `x-theta-confidence`. Present in every generated table; absent only on made-up policies. */
  readonly confidence?: Confidence;
  /**
   * `x-theta-server` of the first entry of the innermost OpenAPI `servers` list that applies: the
   * name of the host the operation is sent to (e.g. `ondemand`, `storage`, `controller`). Present in
   * every generated table; absent only on made-up policies.
   */
  readonly server?: string;
  /** `x-theta-jsonrpc`: the operation carries JSON-RPC calls whose policy is per method (see {@link RpcMethodsTable}). */
  readonly jsonrpc?: boolean;
}

export type OperationsTable = Readonly<Record<string, OperationPolicy>>;

/** The policy of one operation as generated from a spec: security, confidence and server always known. */
export interface SpecOperationPolicy extends OperationPolicy {
  readonly public: boolean;
  readonly confidence: Confidence;
  readonly server: string;
}

/** What `pnpm gen` emits as `<api>Operations`; usable wherever an {@link OperationsTable} is expected. */
export type SpecOperationsTable = Readonly<Record<string, SpecOperationPolicy>>;

/**
 * The policy of one JSON-RPC method, generated from the `x-theta-*` extensions of its request schema.
 * The carrying HTTP operation (`operationId`, usually `POST /rpc`) has its own entry in the operations
 * table; the flags here decide dry-run, budget and re-sending for calls of this method.
 */
export interface RpcMethodPolicy {
  /** The JSON-RPC method name (`properties.method.const`), e.g. `theta.GetVersion`. */
  readonly method: string;
  /** operationId of the `x-theta-jsonrpc` operation that carries the call. */
  readonly operationId: string;
  /** Name of the server (host) the carrying operation is sent to. */
  readonly server: string;
  /** `x-theta-mutating`: dry-run blocks it. */
  readonly mutating: boolean;
  /** `x-theta-billable`: priced by the budget guard; never re-sent once it may have reached the server. */
  readonly billable: boolean;
  /** `x-theta-idempotent`: safe to re-send after a reset (defaults to !mutating). */
  readonly idempotent: boolean;
  /** `x-theta-confidence`. */
  readonly confidence: Confidence;
  /** `x-theta-timeout-ms`: per-attempt timeout override (e.g. a broadcast that waits for inclusion). */
  readonly timeoutMs?: number;
}

/** What `pnpm gen` emits as `<api>Methods` for a JSON-RPC spec, keyed by method name. */
export type RpcMethodsTable = Readonly<Record<string, RpcMethodPolicy>>;
