import { defaultEnv, redact, ThetaDryRunError, ThetaValidationError } from "@theta/core";
import { createOndemandClient, type OndemandClient } from "@theta/ondemand";
import type { Command, CommandFamily, RunContext, Surface } from "./command.js";
import { diagnosticCommands } from "./commands/diagnostics.js";
import { ondemandCommands } from "./commands/ondemand.js";
import { type CommandContext, type ProgressEvent, resolveSettings } from "./context.js";
import { closeNames, openclawToolName, underscoreName } from "./names.js";
import { redactedProgress } from "./progress-redaction.js";
import type { InputSchema } from "./schema.js";
import { validateInput } from "./schema.js";

/** Every command, in documentation order. */
export const COMMANDS: readonly Command[] = [...diagnosticCommands, ...ondemandCommands];

/** The public description of a command (what adapters and docs are generated from). */
export interface CommandInfo {
  /** Dotted registry name (`theta.ondemand.chat`) or MCP-vocabulary name (`list_services`). */
  readonly name: string;
  /** MCP tool name: the underscore form (`theta_ondemand_chat`, `list_services`). */
  readonly toolName: string;
  /** OpenClaw tool name: the underscore form with a `theta_` prefix (`theta_list_services`). */
  readonly openclawToolName: string;
  readonly title: string;
  readonly description: string;
  readonly inputSchema: InputSchema;
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
  return {
    name: command.name,
    toolName: underscoreName(command.name),
    openclawToolName: openclawToolName(command.name),
    title: command.title,
    description: command.description,
    inputSchema: command.inputSchema,
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

let infos: readonly CommandInfo[] | undefined;

/** Every command with its schema and flags; with `surface`, only those that adapter offers. */
export function listCommands(surface?: Surface): readonly CommandInfo[] {
  infos ??= COMMANDS.map(info);
  return surface === undefined ? infos : infos.filter((entry) => entry.surfaces.includes(surface));
}

/** Finds a command by dotted name, MCP tool name or OpenClaw tool name. */
export function findCommand(name: string): Command | undefined {
  const exact = COMMANDS.find((command) => command.name === name);
  if (exact) return exact;
  const index = listCommands().findIndex(
    (entry) => entry.toolName === name || entry.openclawToolName === name,
  );
  return index >= 0 ? COMMANDS[index] : undefined;
}

/** Close command names for an unknown one (substring matches and small edit distances). */
export function suggestCommands(name: string): string[] {
  return closeNames(
    name,
    COMMANDS.map((command) => command.name),
  );
}

function unknownCommand(name: string): ThetaValidationError {
  const close = suggestCommands(name);
  return new ThetaValidationError({
    field: "command",
    message: `Unknown command "${name}"`,
    fix:
      close.length > 0
        ? `Did you mean ${close.map((entry) => `"${entry}"`).join(", ")}? (list them all with listCommands() or \`theta commands\`)`
        : "List the commands with listCommands() or `theta commands`",
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
export async function executeCommand(
  name: string,
  input?: unknown,
  context: CommandContext = {},
): Promise<unknown> {
  const command = findCommand(name);
  if (!command) throw unknownCommand(name);
  const checked = validateInput(command.inputSchema, input);
  if (!checked.ok) {
    const first = checked.issues[0];
    throw new ThetaValidationError({
      field: first?.field ?? "input",
      message: `Invalid input for ${command.name}: ${first?.message ?? "input is invalid"}`,
      fix: first?.fix ?? "check the input against the command's schema",
      issues: checked.issues,
    });
  }
  const settings = resolveSettings(context);
  let ondemand: OndemandClient | undefined;
  const getSecret = context.getSecret;
  // Progress carries server text too: redacted like the result, before any adapter shows it.
  const progress = redactedProgress((event: ProgressEvent) => {
    try {
      context.onProgress?.(event);
    } catch {
      // progress listeners must not break the command
    }
  });
  const rc: RunContext = {
    context,
    settings,
    ...(context.signal ? { signal: context.signal } : {}),
    progress: progress.report,
    ondemand() {
      ondemand ??= createOndemandClient({
        env: settings.env,
        ...(getSecret ? { secretProvider: { getSecret } } : {}),
        ...(context.baseUrls?.ondemand === undefined ? {} : { baseUrl: context.baseUrls.ondemand }),
        dryRun: settings.dryRun,
        ...(settings.budget ? { budget: settings.budget } : {}),
        allowInsecureLoopback: settings.allowInsecureLoopback,
      });
      return ondemand;
    },
  };
  let result: unknown;
  try {
    result = await command.run(checked.value, rc);
  } catch (error) {
    if (ThetaDryRunError.isInstance(error)) {
      const plan: DryRunResult = {
        dryRun: true,
        command: command.name,
        plan: error.plan,
        note: "Dry run: nothing was sent. Turn dry-run off (THETA_DRY_RUN=0, --dry-run absent, or dryRun: false) to run it.",
      };
      return redact(plan);
    }
    throw error;
  } finally {
    progress.flush();
  }
  const redacted = redact(result);
  return command.revealsUploadUrls ? revealUploadUrls(result, redacted) : redacted;
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
