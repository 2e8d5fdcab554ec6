/**
 * Which operation a request made through the typed client is, recorded as openapi-fetch builds it.
 * openapi-fetch hands middleware the schema path a call was made with (`/infer_request/{alias}`),
 * so the transport need not guess the operation back from the URL, which two templates can both
 * match (`/infer_request/chat/completions` is also `/infer_request/{alias}/{prediction}`).
 * Requests that do not come through the typed client are still matched by URL.
 */
import type { Middleware } from "openapi-fetch";
import type { OperationPolicy, OperationsTable } from "./operations.js";

interface RecordedOperation {
  /** The table the policy comes from: another family's transport ignores it. */
  table: OperationsTable;
  policy: OperationPolicy;
}

/** Weak: a Request nobody holds any more takes its record with it. */
const recorded = new WeakMap<Request, RecordedOperation>();

/** Per table, its operations by `METHOD /schema/path`. */
const indexes = new WeakMap<OperationsTable, ReadonlyMap<string, OperationPolicy>>();

function operationKey(method: string, schemaPath: string): string {
  return `${method.toUpperCase()} ${schemaPath}`;
}

function indexOf(table: OperationsTable): ReadonlyMap<string, OperationPolicy> {
  let index = indexes.get(table);
  if (!index) {
    const byKey = new Map<string, OperationPolicy>();
    for (const policy of Object.values(table)) byKey.set(operationKey(policy.method, policy.path), policy);
    index = byKey;
    indexes.set(table, index);
  }
  return index;
}

/**
 * The openapi-fetch middleware that records, for each Request the typed client makes, the
 * operation of `table` its method and schema path name (nothing when the table has no such entry).
 */
export function operationMiddleware(table: OperationsTable): Middleware {
  const index = indexOf(table);
  return {
    onRequest({ request, schemaPath }) {
      const policy = index.get(operationKey(request.method, schemaPath));
      if (policy) recorded.set(request, { table, policy });
      return undefined;
    },
  };
}

/** The operation recorded for `request` from `table` by `operationMiddleware`, if any. */
export function recordedOperation(request: Request, table: OperationsTable): OperationPolicy | undefined {
  const entry = recorded.get(request);
  return entry !== undefined && entry.table === table ? entry.policy : undefined;
}
