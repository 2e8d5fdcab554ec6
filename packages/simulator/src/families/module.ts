/**
 * The anatomy of a simulated API family. A module is one folder (`src/families/<family>/`) whose
 * `index.ts` exports one `defineFamilyModule({...})`; the list in `src/families/index.ts` registers it.
 *
 * What a module brings: its family name (from `@theta/core`'s family list, which also gives its auth
 * scheme and credential environment names), the generated table of its spec, its options (under
 * `options.<family>`, with their command line flags) and, once started, its route handlers keyed by
 * operationId, the credentials it hands out and a handle on its state for tests. What it does not bring:
 * methods, paths, servers and auth, which come from the spec's table, nor an authenticator (one shared
 * authenticator reads the family's scheme).
 */
import type { FamilyName } from "@theta/core";
import type { SimulatorCore } from "../core.js";
import type { RequestContext } from "../http.js";
import type { SpecTable } from "../spec-table.js";

/** Answers one operation. Throw `HttpError` for an error answer. */
export type RouteHandler = (context: RequestContext) => Promise<void> | void;

/**
 * Handlers for operations of `Table`: a module writes its routes `satisfies HandlersOf<typeof table>`,
 * so a handler named after no operation of its spec does not compile (the conformance tests also
 * report it, and an operation without a handler).
 */
export type HandlersOf<Table extends SpecTable> = {
  readonly [OperationId in keyof Table["operations"]]?: RouteHandler;
};

/** A command line flag of `theta-simulator` that sets one of the family's options. */
export interface FamilyFlag<Options> {
  /** E.g. `--capacity`. */
  readonly flag: string;
  /** The value's placeholder in the usage text, e.g. `ALIAS=N`. */
  readonly value: string;
  readonly help: string;
  /** The options with `value` applied (a flag may be repeated). Throws `UsageError` for a bad value. */
  apply(options: Options, value: string | undefined): Options;
}

/** A started family: what the server mounts and what `startSimulator()` exposes. */
export interface FamilyInstance<Credentials, Handle> {
  /**
   * Handlers keyed by operationId of the family's spec. Each is mounted at the method and path of its
   * operation, under the prefix of the operation's server; non-public operations are authenticated first.
   */
  readonly routes: Readonly<Record<string, RouteHandler>>;
  /**
   * Credentials the simulator hands out, keyed like the family's credentials in `@theta/core`
   * (`{ apiToken }`); `simulator.credentials.<family>`, printed by the bin as `export` lines.
   */
  readonly credentials: Credentials;
  /** The family's state and controls, for tests: `simulator.families.<family>`. */
  readonly handle: Handle;
}

export interface FamilyModule<Family extends FamilyName, Options, Credentials, Handle> {
  readonly family: Family;
  /** The generated table of the family's spec (`src/generated/<api>.ts`). */
  readonly spec: SpecTable;
  /** Flags of `theta-simulator` for the family's options. */
  readonly flags: readonly FamilyFlag<Options>[];
  /** Throws a `RangeError` naming the option (`<family>.<option>`) when `options.<family>` is invalid. */
  checkOptions(options: Options): void;
  /** Starts the family's state; called once per simulator. */
  create(core: SimulatorCore, options: Options): FamilyInstance<Credentials, Handle>;
}

/**
 * Any registered module, as the server sees it. The server hands each module `options.<family>` as
 * given (an object, checked by `checkOptions` before `create`).
 */
export type AnyFamilyModule = FamilyModule<FamilyName, unknown, Readonly<Record<string, string>>, unknown>;

/** Declares a family module, keeping its option, credential and handle types for `startSimulator()`. */
export function defineFamilyModule<
  Family extends FamilyName,
  Options,
  Credentials extends Readonly<Record<string, string>>,
  Handle,
>(
  module: FamilyModule<Family, Options, Credentials, Handle>,
): FamilyModule<Family, Options, Credentials, Handle> {
  return module;
}
