/** Options every call takes. */
export interface RequestOptions {
  /** Aborts the call (a mutating call may still have reached the server; check before retrying). */
  signal?: AbortSignal;
}
