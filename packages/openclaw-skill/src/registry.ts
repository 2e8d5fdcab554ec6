import {
  defaultEnv,
  type FamilyName,
  redact,
  ThetaConfigError,
  ThetaDryRunError,
  ThetaValidationError,
} from "@theta/core";
import { createAnswerMemo } from "./answer-memo.js";
import type { Command, CommandFamily, RunContext, Surface } from "./command.js";
import type { CommandResultOf } from "./command-results.js";
import { diagnosticCommands } from "./commands/diagnostics.js";
import {
  type CommandContext,
  type ProgressEvent,
  type ResolvedSettings,
  resolveSettings,
} from "./context.js";
import { BUILT_IN_FAMILY_MODULES } from "./families/index.js";
import type { FamilyClients } from "./family-clients.js";
import type { FamilyClientOptions, FamilyModule } from "./family-module.js";
import { invalidInputError } from "./invalid-input.js";
import { type ModelAnswer, modelAnswer } from "./model-answer.js";
import { closeNames, openclawToolName, underscoreName } from "./names.js";
import { outputSchemaOf } from "./output-schema.js";
import { redactedProgress } from "./progress-redaction.js";
import type { InputSchema, ObjectSchema } from "./schema.js";
import { validateInput } from "./schema.js";
import { callerTermsFor, commandListHint } from "./surface-terms.js";

/** The public description of a command (what adapters and docs are generated from). */
export interface CommandInfo {
  /** Dotted registry name (`theta.auth.capabilities`) or MCP-vocabulary name (`list_services`). */
  readonly name: string;
  /** MCP tool name: the underscore form (`theta_auth_capabilities`, `list_services`). */
  readonly toolName: string;
  /** OpenClaw tool name: the underscore form with a `theta_` prefix (`theta_list_services`). */
  readonly openclawToolName: string;
  readonly title: string;
  readonly description: string;
  readonly inputSchema: InputSchema;
  /** JSON Schema of the result when the command declares one (MCP `outputSchema`). */
  readonly outputSchema?: ObjectSchema;
  readonly family: CommandFamily | null;
  readonly credentialRequired: boolean;
  /** From the SDK operations' `x-theta-mutating`: blocked by dry-run. */
  readonly mutating: boolean;
  /** From the SDK operations' `x-theta-billable`: costs money, priced by the spend cap. */
  readonly billable: boolean;
  /** operationIds of the SDK operations the command may call. */
  readonly operations: readonly string[];
  readonly aliasOf?: string;
  readonly examples: readonly Record<string, unknown>[];
  /** Adapters that offer it (`openclaw`, `mcp`, `cli`). */
  readonly surfaces: readonly Surface[];
}

function info(command: Command): CommandInfo {
  const outputSchema = outputSchemaOf(command);
  return {
    name: command.name,
    toolName: underscoreName(command.name),
    openclawToolName: openclawToolName(command.name),
    title: command.title,
    description: command.description,
    inputSchema: command.inputSchema,
    ...(outputSchema === undefined ? {} : { outputSchema }),
    family: command.family,
    credentialRequired: command.credentialRequired,
    mutating: command.mutating,
    billable: command.billable,
    operations: command.operations.map((operation) => operation.operationId),
    ...(command.aliasOf === undefined ? {} : { aliasOf: command.aliasOf }),
    examples: command.examples,
    surfaces: command.surfaces,
  };
}

/** Commands and family modules, and what the adapters do with them. */
export interface Registry {
  /** The family modules, in the order users see them. */
  readonly modules: readonly FamilyModule[];
  /** Every command, in documentation order: the diagnostics, then each module's commands. */
  readonly commands: readonly Command[];
  /** Every command with its schema and flags; with `surface`, only those that adapter offers. */
  listCommands(surface?: Surface): readonly CommandInfo[];
  /** Finds a command by dotted name, MCP tool name or OpenClaw tool name. */
  findCommand(name: string): Command | undefined;
  /** Close command names for an unknown one (substring matches and small edit distances). */
  suggestCommands(name: string): string[];
  /** Runs a command (see the module function `executeCommand`); the result is typed by name (`CommandResultOf`). */
  executeCommand<Name extends string>(
    name: Name,
    input?: unknown,
    context?: CommandContext,
  ): Promise<CommandResultOf<Name>>;
  /**
   * A session of calls under one fixed context (a server's environment, spend guard, secret
   * provider): the context's settings (dry-run, the spend cap and its guard) are resolved once, and
   * each family's client is made on its first use and kept, where `executeCommand` does both on every
   * call. A client reads its settings and credentials once, so open a new session after the
   * context's values change.
   */
  openSession(context: CommandContext): CommandSession;
}

/** Calls sharing one context and its family clients (`Registry.openSession`). */
export interface CommandSession {
  /** Runs a command like `executeCommand` with the session's context; `signal` aborts this call only. */
  executeCommand(name: string, input?: unknown, call?: { readonly signal?: AbortSignal }): Promise<unknown>;
  /**
   * Runs a command like `executeCommand` and gives what a model reads of its result (`modelAnswer`).
   * When a command's result is the same data as on its previous call in this session, the answer made
   * then is given again instead of being redacted and rendered anew (see `answer-memo.ts`).
   */
  answerCommand(
    name: string,
    input?: unknown,
    call?: { readonly signal?: AbortSignal },
  ): Promise<ModelAnswer>;
}

function registrationError(field: string, message: string, fix: string): ThetaValidationError {
  return new ThetaValidationError({ field, message, fix });
}

/** Refuses a module list the adapters could not serve unambiguously. */
function checkModules(modules: readonly FamilyModule[], commands: readonly Command[]): void {
  const families = new Set<string>();
  for (const [index, module] of modules.entries()) {
    if (families.has(module.family)) {
      throw registrationError(
        `modules[${index}]`,
        `Two family modules for "${module.family}"`,
        "register one module per family",
      );
    }
    families.add(module.family);
    for (const command of module.commands) {
      if (command.family !== module.family) {
        throw registrationError(
          `modules[${index}].commands`,
          `Command ${command.name} of the ${module.family} module has family ${String(command.family)}`,
          `set its family to "${module.family}" or move it to that family's module`,
        );
      }
    }
    for (const operation of module.probe.operations) {
      if (operation.mutating || operation.billable) {
        throw registrationError(
          `modules[${index}].probe`,
          `The ${module.family} probe calls ${operation.operationId}, which is mutating or billable`,
          "probe with a free read-only operation",
        );
      }
    }
  }
  const names = new Set<string>();
  for (const command of commands) {
    if (names.has(command.name)) {
      throw registrationError("commands", `Two commands are named ${command.name}`, "rename one of them");
    }
    names.add(command.name);
  }
}

/**
 * The registry of `modules`: the diagnostics commands plus every module's commands. The adapters
 * (`runCli`, `createMcpServer`, `createOpenClawPlugin`), the setup wizard and the generated files take
 * a registry, so a family module registered here shows up everywhere; the default registry holds the
 * built-in modules.
 */
export function createRegistry(modules: readonly FamilyModule[] = BUILT_IN_FAMILY_MODULES): Registry {
  const commands: readonly Command[] = [
    ...diagnosticCommands(modules),
    ...modules.flatMap((module) => module.commands),
  ];
  checkModules(modules, commands);
  const byFamily = new Map<string, FamilyModule>(modules.map((module) => [module.family, module]));
  let infos: readonly CommandInfo[] | undefined;
  const listCommands = (surface?: Surface): readonly CommandInfo[] => {
    infos ??= commands.map(info);
    return surface === undefined ? infos : infos.filter((entry) => entry.surfaces.includes(surface));
  };
  const findCommand = (name: string): Command | undefined => {
    const exact = commands.find((command) => command.name === name);
    if (exact) return exact;
    const index = listCommands().findIndex(
      (entry) => entry.toolName === name || entry.openclawToolName === name,
    );
    return index >= 0 ? commands[index] : undefined;
  };
  const suggestCommands = (name: string): string[] =>
    closeNames(
      name,
      commands.map((command) => command.name),
    );
  const registry: Registry = {
    modules,
    commands,
    listCommands,
    findCommand,
    suggestCommands,
    // The command's own run() produces the shape `CommandResultOf` names (see command-results.ts).
    executeCommand: <Name extends string>(name: Name, input?: unknown, context: CommandContext = {}) =>
      runCommand({
        registry,
        modules: byFamily,
        name,
        input,
        context,
        settingsOf: () => resolveSettings(context),
        clients: new Map(),
      }) as Promise<CommandResultOf<Name>>,
    openSession: (context) => {
      const clients = new Map<FamilyName, unknown>();
      const memo = createAnswerMemo();
      // Resolved on the first call that gets that far, then kept: the context is fixed (a failure,
      // such as a bad spend cap, is not kept, so every call reports it).
      let settings: ResolvedSettings | undefined;
      const settingsOf = (): ResolvedSettings => {
        settings ??= resolveSettings(context);
        return settings;
      };
      const callOf = (
        name: string,
        input: unknown,
        call: { readonly signal?: AbortSignal },
      ): CommandCall => ({
        registry,
        modules: byFamily,
        name,
        input,
        context: call.signal === undefined ? context : { ...context, signal: call.signal },
        settingsOf,
        clients,
      });
      return {
        executeCommand: (name, input, call = {}) => runCommand(callOf(name, input, call)),
        answerCommand: async (name, input, call = {}) => {
          const ran = await runUnredacted(callOf(name, input, call));
          if (ran.dryRunPlan !== undefined) return modelAnswer(ran.command, redact(ran.dryRunPlan));
          return memo.answer(ran.command, ran.result, () =>
            modelAnswer(ran.command, redactedResult(ran.command, ran.result)),
          );
        },
      };
    },
  };
  return registry;
}

/** The registry of the built-in family modules. */
export const DEFAULT_REGISTRY: Registry = createRegistry(BUILT_IN_FAMILY_MODULES);

/** Every command of the default registry, in documentation order. */
export const COMMANDS: readonly Command[] = DEFAULT_REGISTRY.commands;

/** Every command with its schema and flags; with `surface`, only those that adapter offers. */
export function listCommands(surface?: Surface): readonly CommandInfo[] {
  return DEFAULT_REGISTRY.listCommands(surface);
}

/** Finds a command by dotted name, MCP tool name or OpenClaw tool name. */
export function findCommand(name: string): Command | undefined {
  return DEFAULT_REGISTRY.findCommand(name);
}

/** Close command names for an unknown one (substring matches and small edit distances). */
export function suggestCommands(name: string): string[] {
  return DEFAULT_REGISTRY.suggestCommands(name);
}

function unknownCommand(
  registry: Registry,
  name: string,
  surface: Surface | undefined,
): ThetaValidationError {
  const close = registry.suggestCommands(name);
  const hint = commandListHint(surface);
  return new ThetaValidationError({
    field: "command",
    message: `Unknown command "${name}"`,
    fix:
      close.length > 0
        ? `Did you mean ${close.map((entry) => `"${entry}"`).join(", ")}? (to see them all, ${hint})`
        : `To see the commands, ${hint}`,
  });
}

/** Replaces the redacted upload URLs with the real ones (the caller needs them to upload). */
function revealUploadUrls(raw: unknown, redacted: unknown): unknown {
  if (typeof raw !== "object" || raw === null || typeof redacted !== "object" || redacted === null)
    return redacted;
  const rawUploads = (raw as { uploads?: unknown }).uploads;
  const outUploads = (redacted as { uploads?: unknown }).uploads;
  if (
    typeof rawUploads !== "object" ||
    rawUploads === null ||
    typeof outUploads !== "object" ||
    outUploads === null
  ) {
    return redacted;
  }
  for (const [field, entry] of Object.entries(rawUploads as Record<string, unknown>)) {
    const target = (outUploads as Record<string, unknown>)[field];
    const url = (entry as { uploadUrl?: unknown } | null)?.uploadUrl;
    if (typeof url === "string" && typeof target === "object" && target !== null) {
      (target as Record<string, unknown>).uploadUrl = url;
    }
  }
  return redacted;
}

/** The result of a mutating command under dry-run. */
export interface DryRunResult {
  readonly dryRun: true;
  readonly command: string;
  readonly plan: unknown;
  readonly note: string;
}

/**
 * Runs a command: validates the input against its schema, resolves only the credential family
 * it needs (secret provider first, then env), applies dry-run and the spend cap, and returns
 * redacted JSON. Under dry-run a mutating command returns `{ dryRun: true, plan }`.
 *
 * Throws `ThetaValidationError` (unknown command, with close names; bad input, naming the field),
 * `ThetaConfigError` (missing credential), `ThetaApiError`, `ThetaBudgetError`, ...
 */
export async function executeCommand<Name extends string>(
  name: Name,
  input?: unknown,
  context: CommandContext = {},
): Promise<CommandResultOf<Name>> {
  return DEFAULT_REGISTRY.executeCommand(name, input, context);
}

/** One call of a command: what it runs in, and the family clients it may make or reuse. */
interface CommandCall {
  readonly registry: Registry;
  readonly modules: ReadonlyMap<string, FamilyModule>;
  readonly name: string;
  readonly input: unknown;
  readonly context: CommandContext;
  /** The context's settings (a session resolves them once). */
  readonly settingsOf: () => ResolvedSettings;
  readonly clients: Map<FamilyName, unknown>;
}

async function runCommand(call: CommandCall): Promise<unknown> {
  const ran = await runUnredacted(call);
  return ran.dryRunPlan !== undefined ? redact(ran.dryRunPlan) : redactedResult(ran.command, ran.result);
}

/** What a command's run gave, before redaction: its result, or its plan under dry-run. */
interface UnredactedRun {
  readonly command: Command;
  readonly result: unknown;
  readonly dryRunPlan?: DryRunResult;
}

/** The result as callers get it: redacted, with the upload URLs a caller needs to upload put back. */
function redactedResult(command: Command, result: unknown): unknown {
  const redacted = redact(result);
  return command.revealsUploadUrls ? revealUploadUrls(result, redacted) : redacted;
}

async function runUnredacted({
  registry,
  modules,
  name,
  input,
  context,
  settingsOf,
  clients,
}: CommandCall): Promise<UnredactedRun> {
  const command = registry.findCommand(name);
  if (!command) throw unknownCommand(registry, name, context.surface);
  const checked = validateInput(command.inputSchema, input);
  if (!checked.ok) throw invalidInputError(command.name, checked.issues);
  const settings = settingsOf();
  const getSecret = context.getSecret;
  // Progress carries server text too: redacted like the result, before any adapter shows it.
  const progress = redactedProgress((event: ProgressEvent) => {
    try {
      context.onProgress?.(event);
    } catch {
      // progress listeners must not break the command
    }
  });
  const clientOptions: FamilyClientOptions = {
    env: settings.env,
    ...(getSecret ? { secretProvider: { getSecret } } : {}),
    baseUrls: context.baseUrls ?? {},
    dryRun: settings.dryRun,
    ...(settings.budget ? { budget: settings.budget } : {}),
    allowInsecureLoopback: settings.allowInsecureLoopback,
  };
  // A family's client is made on first use (a command resolves only the families it uses), once per
  // call, or once per session: making one costs about a fifth of a catalog call (its settings).
  const rc: RunContext = {
    context,
    settings,
    ...(context.signal ? { signal: context.signal } : {}),
    progress: progress.report,
    client<Family extends FamilyName & keyof FamilyClients>(family: Family): FamilyClients[Family] {
      if (!clients.has(family)) {
        const module = modules.get(family);
        if (!module) {
          throw new ThetaConfigError({
            message: `${command.name} needs the ${family} family, which has no module in this registry; register its family module`,
            variable: "modules",
          });
        }
        const callerTerms = callerTermsFor(context.surface, family);
        clients.set(
          family,
          module.createClient(callerTerms ? { ...clientOptions, callerTerms } : clientOptions),
        );
      }
      // The module registered for `family` made it; its factory is typed by FamilyClients[family].
      return clients.get(family) as FamilyClients[Family];
    },
  };
  try {
    return { command, result: await command.run(checked.value, rc) };
  } catch (error) {
    if (ThetaDryRunError.isInstance(error)) {
      const dryRunPlan: DryRunResult = {
        dryRun: true,
        command: command.name,
        plan: error.plan,
        note: "Dry run: nothing was sent. Turn dry-run off (THETA_DRY_RUN=0, --dry-run absent, or dryRun: false) to run it.",
      };
      return { command, result: undefined, dryRunPlan };
    }
    throw error;
  } finally {
    progress.flush();
  }
}

/**
 * Drop-in for the seed skill's runtime entry: `executeThetaRuntimeCommand({ command, ...fields }, ctx)`.
 * `ctx.env` is merged over `process.env` as the seed did.
 */
export async function executeThetaRuntimeCommand(
  args: { command: string; [field: string]: unknown },
  context: CommandContext = {},
): Promise<unknown> {
  const { command, ...fields } = args;
  return executeCommand(command, fields, { ...context, env: { ...defaultEnv(), ...(context.env ?? {}) } });
}

/** Drop-in for the seed skill's `listThetaRuntimeCommands()`. */
export function listThetaRuntimeCommands(): { command: string; description: string; required: string[] }[] {
  return listCommands().map((entry) => ({
    command: entry.name,
    description: entry.description,
    required: [...(entry.inputSchema.required ?? [])],
  }));
}
