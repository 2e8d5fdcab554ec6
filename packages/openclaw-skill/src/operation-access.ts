/**
 * Whether a command needs its family's credentials, read from the generated operations table: the
 * spec marks a public operation with `security: []`, which the generator writes as `public: true`.
 */
import type { OperationPolicy } from "@theta/core";

/** An operations-table entry that may carry the generator's `public` flag (absent in older tables). */
type OperationWithAccess = OperationPolicy & { readonly public?: boolean };

/** True when the spec declares the operation public (`security: []`): it is sent without credentials. */
export function isPublicOperation(operation: OperationPolicy): boolean {
  return (operation as OperationWithAccess).public === true;
}

/**
 * A command needs credentials when any operation it may call is not public. A table written before the
 * generator emitted `public` marks nothing public, so every command of such a family needs credentials.
 */
export function needsCredentials(operations: readonly OperationPolicy[]): boolean {
  return operations.some((operation) => !isPublicOperation(operation));
}
