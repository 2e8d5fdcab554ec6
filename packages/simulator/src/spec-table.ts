/**
 * The shape of the tables `pnpm gen:specs` writes to `src/generated/<api>.ts` from `specs/<api>.yaml`.
 * The simulator routes by them: a family module brings handlers keyed by operationId, and the method,
 * the path, the server it is mounted under and whether it needs credentials come from the spec.
 */
export interface SpecOperation {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** OpenAPI path template below the server's base URL, e.g. `/service/{idOrAlias}`. */
  readonly path: string;
  /** The `x-theta-server` the operation is sent to: the simulator's path prefix for it. */
  readonly server: string;
  /** No security requirement applies (`security: []`): served without credentials. */
  readonly public: boolean;
}

export interface SpecTable {
  /** The spec's name: `specs/<api>.yaml`. */
  readonly api: string;
  readonly operations: Readonly<Record<string, SpecOperation>>;
}
