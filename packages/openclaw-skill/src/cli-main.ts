/**
 * The `theta` CLI, as a function of its arguments and streams (so tests can run it in-process or
 * as a child process). Generated from the registry: every command is `theta <name>`.
 *
 * Exit codes: 0 ok (also: dry-run plan shown), 1 other error, 2 usage (unknown command, bad
 * input), 3 auth/config (missing or rejected credential, bad setting), 4 API (HTTP error,
 * network, timeout, broken stream), 5 budget (spend cap reached), 6 the work ran but failed or
 * answered nothing (a job that ended in error, an empty reply), 7 still running when waiting stopped
 * (it may still bill: the message says how to resume), 130 interrupted (Ctrl-C).
 */
import { join } from "node:path";
import {
  type Env,
  redactText,
  type ServerName,
  ThetaApiError,
  ThetaBudgetError,
  ThetaConfigError,
  ThetaConnectionError,
  ThetaError,
  ThetaStreamError,
  ThetaTimeoutError,
  ThetaValidationError,
} from "@theta/core";
import { defaultServerOf, parseBaseUrlFlag, serverOfFlag } from "./base-url-flags.js";
import { resolveCommandPath, shortCommandPath } from "./cli-command-path.js";
import { globalHelp } from "./cli-help.js";
import { chatSummary, humanResult } from "./cli-human.js";
import type { CommandOutcome } from "./command.js";
import type { ProgressEvent } from "./context.js";
import { withEnvLocal } from "./env-file.js";
import { type CommandInfo, DEFAULT_REGISTRY, type Registry } from "./registry.js";
import type { JsonSchema } from "./schema.js";
import { runSetupWizard } from "./setup-wizard.js";
import { VERSION } from "./version.js";

export const EXIT = {
  ok: 0,
  other: 1,
  usage: 2,
  config: 3,
  api: 4,
  budget: 5,
  failed: 6,
  pending: 7,
  interrupted: 130,
} as const;

/** The exit code of a command outcome that is not a plain success. */
const OUTCOME_EXIT: Readonly<Record<CommandOutcome["kind"], number>> = {
  failed: EXIT.failed,
  empty: EXIT.failed,
  pending: EXIT.pending,
};

export interface CliStreams {
  readonly stdout: { write(chunk: string): unknown };
  readonly stderr: { write(chunk: string): unknown };
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
}

export interface CliOptions extends CliStreams {
  readonly env: Env;
  readonly cwd: string;
  readonly signal?: AbortSignal;
  /** The commands and family modules (default: the built-in ones). */
  readonly registry?: Registry;
}

class UsageError extends Error {}

interface ParsedArgs {
  /** The words before and between the flags: the command path (`deployments list`), or `help <topic>`. */
  words: string[];
  json: boolean;
  help: boolean;
  version: boolean;
  quiet: boolean;
  dryRun?: boolean;
  budget?: number;
  /** `--base-url [<server>=]<url>` and `--<server>-base-url <url>`, by server name. */
  baseUrls: { [Server in ServerName]?: string };
  inputJson?: string;
  fields: { flag: string; value: string | undefined }[];
}

function parseArgs(argv: readonly string[], defaultServer: ServerName | undefined): ParsedArgs {
  const parsed: ParsedArgs = {
    words: [],
    json: false,
    help: false,
    version: false,
    quiet: false,
    baseUrls: {},
    fields: [],
  };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] as string;
    const next = argv[index + 1];
    const takeValue = (name: string): string => {
      if (next === undefined) throw new UsageError(`${name} needs a value`);
      index++;
      return next;
    };
    if (arg === "--") continue;
    if (!arg.startsWith("-") || arg === "-") {
      parsed.words.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    switch (flag) {
      case "-h":
      case "--help":
        parsed.help = true;
        continue;
      case "--version":
        parsed.version = true;
        continue;
      case "--quiet":
        parsed.quiet = true;
        continue;
      case "--dry-run":
        parsed.dryRun = inline === undefined ? true : !/^(0|false|no|off)$/i.test(inline);
        continue;
      case "--budget": {
        const raw = inline ?? takeValue("--budget");
        const value = Number(raw);
        if (!Number.isFinite(value) || value < 0)
          throw new UsageError("--budget must be a number of US dollars ≥ 0");
        parsed.budget = value;
        continue;
      }
      case "--base-url": {
        const { server, url } = parseBaseUrlFlag(inline ?? takeValue("--base-url"), defaultServer);
        parsed.baseUrls[server] = url;
        continue;
      }
      case "--output": {
        const value = inline ?? takeValue("--output");
        if (value !== "json" && value !== "human") throw new UsageError("--output must be json or human");
        parsed.json = value === "json";
        continue;
      }
      case "--json": {
        const value = inline ?? next;
        if (value !== undefined && (value.trim().startsWith("{") || value === "-")) {
          if (parsed.inputJson !== undefined) throw new UsageError("--json '{...}' given twice");
          parsed.inputJson = value;
          if (inline === undefined) index++;
        } else {
          parsed.json = true;
        }
        continue;
      }
    }
    const server = serverOfFlag(flag);
    if (server !== undefined) {
      parsed.baseUrls[server] = inline ?? takeValue(flag);
      continue;
    }
    if (!flag.startsWith("--")) throw new UsageError(`Unknown option "${flag}"`);
    let value = inline;
    if (value === undefined && next !== undefined && !next.startsWith("--")) {
      value = next;
      index++;
    }
    parsed.fields.push({ flag: flag.slice(2), value });
  }
  return parsed;
}

function propertyFor(command: CommandInfo, flag: string): string {
  const properties = Object.keys(command.inputSchema.properties ?? {});
  const camel = flag.replace(/-([a-z0-9])/g, (_, char: string) => char.toUpperCase());
  const snake = flag.replace(/-/g, "_");
  return properties.find((name) => name === flag || name === camel || name === snake) ?? flag;
}

function coerce(schema: JsonSchema | undefined, raw: string | undefined, field: string): unknown {
  const type = schema && "type" in schema ? schema.type : undefined;
  if (raw === undefined) {
    if (type === "boolean" || type === undefined) return true;
    throw new UsageError(`--${field} needs a value`);
  }
  const parseJson = (): unknown => {
    try {
      return JSON.parse(raw) as unknown;
    } catch (error) {
      const problem = error instanceof SyntaxError ? ` (${error.message})` : "";
      throw new UsageError(
        `--${field} must be JSON: ${type === "array" ? "an array" : "an object"}${problem}`,
      );
    }
  };
  switch (type) {
    case "number":
    case "integer": {
      const value = Number(raw);
      return raw.trim() === "" || Number.isNaN(value) ? raw : value;
    }
    case "boolean":
      if (/^(1|true|yes|on)$/i.test(raw)) return true;
      if (/^(0|false|no|off)$/i.test(raw)) return false;
      return raw;
    case "object":
      return parseJson();
    case "array":
      return raw.trim().startsWith("[") ? parseJson() : [raw];
    case "string":
      return raw;
    default:
      if (/^\s*[[{]/.test(raw)) return parseJson();
      return raw;
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = "";
  for await (const chunk of stream)
    text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
  return text;
}

function setField(input: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(input, name, { value, enumerable: true, writable: true, configurable: true });
}

async function buildInput(
  command: CommandInfo,
  parsed: ParsedArgs,
  stdin: CliStreams["stdin"],
): Promise<Record<string, unknown>> {
  let input: Record<string, unknown> = {};
  if (parsed.inputJson !== undefined) {
    const text = parsed.inputJson === "-" ? await readAll(stdin) : parsed.inputJson;
    let value: unknown;
    try {
      value = JSON.parse(text) as unknown;
    } catch (error) {
      // JSON.parse says what it found and where ("Unexpected token } in JSON at position 14").
      const problem = error instanceof SyntaxError ? `: ${error.message}` : "";
      throw new UsageError(
        `--json is not valid JSON${problem}; pass one JSON object, e.g. --json '{"messages":[...]}'`,
      );
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new UsageError("--json must be a JSON object");
    }
    input = { ...(value as Record<string, unknown>) };
  }
  const properties = command.inputSchema.properties ?? {};
  for (const { flag, value } of parsed.fields) {
    const name = propertyFor(command, flag);
    // Own properties only: `--constructor` must not find Object.prototype.constructor.
    const schema = Object.hasOwn(properties, name) ? properties[name] : undefined;
    const coerced = coerce(schema, value, flag);
    const existing = Object.hasOwn(input, name) ? input[name] : undefined;
    if (
      Array.isArray(existing) &&
      Array.isArray(coerced) &&
      schema &&
      "type" in schema &&
      schema.type === "array"
    ) {
      setField(input, name, [...existing, ...coerced]);
    } else {
      // `--__proto__ x` becomes an own key (which the schema check refuses), never a new prototype.
      setField(input, name, coerced);
    }
  }
  return input;
}

/** The kebab-case flag of an input (`max_tokens`, `requestId` → `--max-tokens`, `--request-id`). */
function flagName(property: string): string {
  return property
    .replace(/_/g, "-")
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase();
}

function flagsOf(command: CommandInfo): string {
  if (command.billable) return "paid";
  if (command.mutating) return "mutating";
  return "read-only";
}

function commandHelp(command: CommandInfo, shortPath: string): string {
  const required = new Set(command.inputSchema.required ?? []);
  const lines = [
    `theta ${command.name} — ${command.title} (${flagsOf(command)})`,
    "",
    `Usage: theta ${shortPath} [--<input> <value> ...] [--json '{...}'] [--json]`,
    "",
    command.description,
    "",
  ];
  const properties = Object.entries(command.inputSchema.properties ?? {});
  if (properties.length === 0) {
    lines.push("Inputs: none");
  } else {
    lines.push("Inputs:");
    for (const [name, schema] of properties) {
      const type = "type" in schema ? schema.type : "json";
      const flag = flagName(name);
      const parts = [`  --${flag} <${type}>`];
      if (flag !== name) parts.push(`(or --${name})`);
      if (required.has(name)) parts.push("(required)");
      if ("enum" in schema && schema.enum) parts.push(`one of ${schema.enum.join("|")}`);
      if ("default" in schema && schema.default !== undefined)
        parts.push(`default ${JSON.stringify(schema.default)}`);
      if (schema.description) parts.push(`— ${schema.description}`);
      lines.push(parts.join(" "));
    }
  }
  for (const example of command.examples) {
    lines.push("", "Example:", `  theta ${command.name} --json '${JSON.stringify(example)}'`);
  }
  if (command.aliasOf) lines.push("", `Same as ${command.aliasOf} (official MCP server vocabulary).`);
  return `${lines.join("\n")}\n`;
}

function commandsList(registry: Registry): string {
  const commands = registry.listCommands("cli");
  const width = Math.max(...commands.map((command) => command.name.length));
  return `${commands
    .map((command) => `${command.name.padEnd(width)}  ${flagsOf(command).padEnd(9)}  ${command.title}`)
    .join("\n")}\n`;
}

/** The exit code for an error (see the module comment). */
export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return EXIT.usage;
  if (ThetaBudgetError.isInstance(error)) return EXIT.budget;
  if (ThetaConfigError.isInstance(error)) return EXIT.config;
  if (ThetaValidationError.isInstance(error)) return error.code === "host_refused" ? EXIT.config : EXIT.usage;
  if (ThetaApiError.isInstance(error))
    return error.status === 401 || error.status === 403 ? EXIT.config : EXIT.api;
  if (
    ThetaConnectionError.isInstance(error) ||
    ThetaTimeoutError.isInstance(error) ||
    ThetaStreamError.isInstance(error)
  ) {
    return EXIT.api;
  }
  return EXIT.other;
}

function errorJson(error: unknown): Record<string, unknown> {
  if (ThetaError.isInstance(error)) return error.toJSON();
  return { name: "Error", message: redactText(error instanceof Error ? error.message : String(error)) };
}

/** The error as printed on stderr, redacted as a whole (secrets registered since it was made included). */
function errorLine(error: unknown): string {
  return redactText(errorText(error));
}

function errorText(error: unknown): string {
  if (error instanceof UsageError) return `theta: ${error.message} (see theta --help)`;
  if (ThetaValidationError.isInstance(error) && error.issues.length > 1) {
    return [
      `theta: ${error.message}`,
      ...error.issues.map((issue) => `  - ${issue.field}: ${issue.message} (${issue.fix})`),
    ].join("\n");
  }
  if (ThetaError.isInstance(error)) return `theta: ${error.message}`;
  return `theta: ${error instanceof Error ? error.message : String(error)}`;
}

/** Runs the CLI; resolves to the exit code. */
export async function runCli(argv: readonly string[], options: CliOptions): Promise<number> {
  const { stdout, stderr } = options;
  const registry = options.registry ?? DEFAULT_REGISTRY;
  let parsed: ParsedArgs | undefined;
  /** The request a poll is waiting for, and the command that resumes waiting (from progress events). */
  let lastWait: { requestId: string; command: string } | undefined;
  try {
    parsed = parseArgs(argv, defaultServerOf(registry.modules[0]?.family));
    if (parsed.version) {
      stdout.write(`${VERSION}\n`);
      return EXIT.ok;
    }
    const env = withEnvLocal(options.env, options.cwd);
    let words = parsed.words;
    if (words[0] === "help" && words.length > 1) {
      words = words.slice(1);
      parsed.help = true;
    }
    const first = words[0];
    if (first === undefined || (first === "help" && words.length === 1)) {
      stdout.write(globalHelp(registry));
      return parsed.help || first === "help" ? EXIT.ok : EXIT.usage;
    }
    if (first === "commands" && words.length === 1) {
      stdout.write(
        parsed.json ? `${JSON.stringify(registry.listCommands("cli"), null, 2)}\n` : commandsList(registry),
      );
      return EXIT.ok;
    }
    if (first === "setup" && words.length === 1) {
      if (parsed.help) {
        stdout.write(
          "theta setup — asks for each setting (secrets hidden on a terminal; piped stdin is read line by line, an empty line keeps the current value) and writes .env.local with mode 0600.\n",
        );
        return EXIT.ok;
      }
      return await runSetupWizard({
        ...options,
        env: options.env,
        file: join(options.cwd, ".env.local"),
        registry,
      });
    }
    const found = resolveCommandPath(registry, words);
    if (!found) {
      // executeCommand produces the error with the close names.
      await registry.executeCommand(words.join("."), {}, { env, surface: "cli" });
      return EXIT.usage;
    }
    const extra = words.slice(found.words);
    if (extra.length > 0) {
      throw new UsageError(
        `Unexpected argument "${extra[0]}" after ${found.command.name}; pass inputs as --<field> <value> or --json '{...}'`,
      );
    }
    const command = found.command;
    const info = registry.listCommands().find((entry) => entry.name === command.name) as CommandInfo;
    if (parsed.help) {
      stdout.write(commandHelp(info, shortCommandPath(registry, command)));
      return EXIT.ok;
    }
    const input = await buildInput(info, parsed, options.stdin);
    const json = parsed.json;
    const quiet = parsed.quiet;
    let streamed = false;
    let reasoningOpen = false;
    let uploadStep = -1;
    const onProgress = (event: ProgressEvent) => {
      if (event.type === "delta") {
        if (json) return;
        if (event.channel === "content") {
          if (reasoningOpen) {
            stderr.write("\n");
            reasoningOpen = false;
          }
          streamed = true;
          stdout.write(event.text);
        } else if (!quiet) {
          if (!reasoningOpen) stderr.write("[reasoning] ");
          reasoningOpen = true;
          stderr.write(event.text);
        }
        return;
      }
      if (event.type === "poll" && event.requestId !== undefined && event.resume !== undefined) {
        lastWait = { requestId: event.requestId, command: event.resume };
      }
      if (quiet) return;
      if (event.type === "poll") {
        const what = event.requestId === undefined ? "" : ` for ${event.requestId}`;
        const resumeHint =
          event.attempt === 1 && event.resume
            ? ` (Ctrl-C stops waiting, not the request; resume with: theta ${event.resume})`
            : "";
        stderr.write(
          `… waiting${what}: attempt ${event.attempt}${event.state ? `, state ${event.state}` : ""}, ${(event.elapsedMs / 1000).toFixed(1)} s${resumeHint}\n`,
        );
      } else if (event.type === "upload") {
        // At most one line per 10 % (or per MiB when the size is unknown), plus the last one.
        const total = event.totalBytes;
        const step = total
          ? Math.floor((event.sentBytes / Math.max(total, 1)) * 10)
          : Math.floor(event.sentBytes / 2 ** 20);
        if (step === uploadStep && event.sentBytes !== total) return;
        uploadStep = step;
        const percent = total ? ` (${Math.floor((event.sentBytes / Math.max(total, 1)) * 100)} %)` : "";
        stderr.write(
          `… uploaded ${event.sentBytes}${total === undefined ? "" : ` of ${total}`} bytes${percent}\n`,
        );
      } else {
        stderr.write(`… ${event.message}\n`);
      }
    };
    const result = await registry.executeCommand(command.name, input, {
      env,
      surface: "cli",
      ...(parsed.dryRun === undefined ? {} : { dryRun: parsed.dryRun }),
      ...(parsed.budget === undefined ? {} : { maxBudgetUsd: parsed.budget }),
      ...(Object.keys(parsed.baseUrls).length === 0 ? {} : { baseUrls: parsed.baseUrls }),
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress,
    });
    const dryRun =
      typeof result === "object" && result !== null && (result as { dryRun?: unknown }).dryRun === true;
    if (json) {
      stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    } else {
      stdout.write(humanResult(info, result, streamed));
      const summary = chatSummary(result);
      if (summary && !quiet && !dryRun) stderr.write(`${summary}\n`);
    }
    // A job that failed, a wait that stopped while the work runs, an empty reply: said, and in the code.
    const outcome = dryRun ? undefined : command.outcome(result);
    if (outcome) {
      stderr.write(`theta: ${redactText(outcome.message)}\n`);
      return OUTCOME_EXIT[outcome.kind];
    }
    return EXIT.ok;
  } catch (error) {
    // Ctrl-C: the code says so (as the process's status will), and a wait in progress says how to resume.
    const interrupted = options.signal?.aborted === true;
    const code = interrupted ? EXIT.interrupted : exitCodeFor(error);
    const resume = interrupted ? lastWait : undefined;
    if (parsed?.json) {
      stdout.write(
        `${JSON.stringify(
          {
            error: errorJson(error),
            exitCode: code,
            ...(resume ? { requestId: resume.requestId, resume: `theta ${resume.command}` } : {}),
          },
          null,
          2,
        )}\n`,
      );
    } else {
      stderr.write(`${errorLine(error)}\n`);
    }
    if (resume) {
      stderr.write(
        `theta: interrupted while waiting; request ${resume.requestId} is still running (and may bill). Resume waiting: theta ${resume.command}\n`,
      );
    }
    return code;
  }
}
