import type { FamilyName, OperationPolicy } from "@theta/core";
import type { CommandContext, ProgressEvent, ResolvedSettings } from "./context.js";
import type { FamilyClients } from "./family-clients.js";
import { needsCredentials } from "./operation-access.js";
import type { ResultPresentation } from "./result-presentation.js";
import type { FromSchema, InputSchema } from "./schema.js";

/** Where a command is offered. */
export type Surface = "openclaw" | "mcp" | "cli";

export const ALL_SURFACES: readonly Surface[] = ["openclaw", "mcp", "cli"];

/** The credential family a command needs: a name of `@theta/core`'s family list. */
export type CommandFamily = FamilyName;

/** What a command's `run` gets besides its validated input. */
export interface RunContext {
  readonly context: CommandContext;
  readonly settings: ResolvedSettings;
  readonly signal?: AbortSignal;
  progress(event: ProgressEvent): void;
  /**
   * The client of `family` for this call, made by the family module on first use; it resolves only
   * that family's credentials.
   */
  client<Family extends FamilyName & keyof FamilyClients>(family: Family): FamilyClients[Family];
}

/**
 * How a command's result ended when it is not a plain success, so the CLI exits with a code that
 * says what happened (and every adapter can tell the user).
 */
export interface CommandOutcome {
  /**
   * `failed`: the work ran and failed (a job ended in error); `pending`: waiting stopped while the work
   * still runs (and may bill); `empty`: an answer with nothing in it (a reply spent on reasoning).
   */
  readonly kind: "failed" | "pending" | "empty";
  /** What happened and what to do, in a sentence or two. */
  readonly message: string;
}

export interface CommandSpec<S extends InputSchema, Result> {
  /** Dotted name (`theta.<family>.<verb>`, e.g. `theta.auth.capabilities`), or an MCP-vocabulary name such as `list_services`. */
  readonly name: string;
  /** Short label (UI). */
  readonly title: string;
  /** Written for a model: what it does, when to use it, what it costs. */
  readonly description: string;
  /** The one input schema (validation, tool parameters, MCP inputSchema, CLI help, docs). */
  readonly inputSchema: S;
  /** The credential family the command needs, or `null`. */
  readonly family: CommandFamily | null;
  /**
   * The SDK operations the command may call: `mutating` / `billable` are derived from their
   * `x-theta-*` policy, and whether the family's credentials are needed from their `security`,
   * never declared by hand.
   */
  readonly operations: readonly OperationPolicy[];
  /** For MCP-vocabulary aliases: the command they mirror. */
  readonly aliasOf?: string;
  /** The result holds presigned upload URLs the caller must use as they are (not redacted). */
  readonly revealsUploadUrls?: boolean;
  /** Example inputs (CLI help, docs). */
  readonly examples?: readonly Record<string, unknown>[];
  /**
   * Adapters that offer the command (default: all). Commands that read local files are CLI-only:
   * an agent tool must not read the host's files.
   */
  readonly surfaces?: readonly Surface[];
  /**
   * How the result reads to a model (MCP and OpenClaw tool results; the CLI prints the result as it
   * is). Optional: without it a model gets the result as minified JSON.
   */
  readonly presentation?: ResultPresentation<Result>;
  readonly run: (input: FromSchema<S>, runContext: RunContext) => Promise<Result>;
  /** Reads the result: undefined for a plain success, else what went wrong (see `CommandOutcome`). */
  readonly outcome?: (result: Result) => CommandOutcome | undefined;
}

/** A registered command (type-erased). */
export interface Command {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly inputSchema: InputSchema;
  readonly family: CommandFamily | null;
  /** Derived: the command has a family and calls at least one operation that is not public. */
  readonly credentialRequired: boolean;
  readonly operations: readonly OperationPolicy[];
  readonly mutating: boolean;
  readonly billable: boolean;
  readonly aliasOf?: string;
  readonly revealsUploadUrls: boolean;
  readonly examples: readonly Record<string, unknown>[];
  readonly surfaces: readonly Surface[];
  readonly presentation?: ResultPresentation;
  readonly run: (input: unknown, runContext: RunContext) => Promise<unknown>;
  /** What the result came to, when it is not a plain success (the result must come from `run`). */
  readonly outcome: (result: unknown) => CommandOutcome | undefined;
}

export function defineCommand<const S extends InputSchema, Result>(spec: CommandSpec<S, Result>): Command {
  const outcome = spec.outcome;
  return {
    name: spec.name,
    title: spec.title,
    description: spec.description,
    inputSchema: spec.inputSchema,
    family: spec.family,
    credentialRequired: spec.family !== null && needsCredentials(spec.operations),
    operations: spec.operations,
    mutating: spec.operations.some((operation) => operation.mutating),
    billable: spec.operations.some((operation) => operation.billable),
    ...(spec.aliasOf === undefined ? {} : { aliasOf: spec.aliasOf }),
    revealsUploadUrls: spec.revealsUploadUrls ?? false,
    examples: spec.examples ?? [],
    surfaces: spec.surfaces ?? ALL_SURFACES,
    // `text` gets what this command's `run` returned (redacted, same shape), never another command's result.
    ...(spec.presentation === undefined ? {} : { presentation: spec.presentation as ResultPresentation }),
    run: (input, runContext) => spec.run(input as FromSchema<S>, runContext),
    // Only ever called with what `run` returned (the registry's redacted copy of it).
    outcome: (result) => (outcome === undefined ? undefined : outcome(result as Result)),
  };
}
