/**
 * MCP server (stdio): one tool per registry command, named by its underscore form, so MCP-vocabulary
 * aliases keep the official Theta MCP server's exact tool names. Configured through the environment
 * (every family's variables, as `@theta/core`'s family list names them), so the official server's
 * config works as it is.
 *
 * Unlike the official server it starts without credentials: tools whose operations are public work,
 * the others answer `isError` with what to set. It never writes to stdout (the protocol channel) and
 * never logs any part of a secret.
 */
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import {
  type BudgetGuard,
  createBudgetGuard,
  defaultEnv,
  type Env,
  redactText,
  ThetaConfigError,
  ThetaError,
  ThetaValidationError,
} from "@theta/core";
import { parseBudgetUsd } from "./context.js";
import { credentialOwnerNamed } from "./credential-owner.js";
import type { ToolNamer } from "./family-module.js";
import { prototypeKeyScreen } from "./mcp-input-screen.js";
import { McpLineTooLongError, McpStdioTransport } from "./mcp-stdio-transport.js";
import { type CommandInfo, type CommandSession, DEFAULT_REGISTRY, type Registry } from "./registry.js";
import { toolNamer } from "./tool-namer.js";
import { nameList, selectCommands, type ToolSelection } from "./tool-selection.js";
import { VERSION } from "./version.js";

export const MCP_SERVER_NAME = "theta-edgecloud";

export interface McpServerOptions {
  /** Environment (default `process.env`). */
  env?: Env;
  /** Status lines for the operator (default: stderr). Never given secret material. */
  log?: (line: string) => void;
  /** The commands and family modules (default: the built-in ones). */
  registry?: Registry;
  /** Only these families' tools, with the diagnostics (default: `THETA_MCP_FAMILIES`, else every family). */
  families?: readonly string[];
  /** Only these tools, by tool or command name (default: `THETA_MCP_TOOLS`, else every tool). */
  tools?: readonly string[];
}

/** The environment variables that select the tools when the options do not. */
export const MCP_FAMILIES_VARIABLE = "THETA_MCP_FAMILIES";
export const MCP_TOOLS_VARIABLE = "THETA_MCP_TOOLS";

/** The MCP tools the options (else the environment) select. */
export function selectMcpTools(options: McpServerOptions = {}): readonly CommandInfo[] {
  const env = options.env ?? defaultEnv();
  const selection: ToolSelection = {
    families: options.families ?? nameList(env[MCP_FAMILIES_VARIABLE]),
    tools: options.tools ?? nameList(env[MCP_TOOLS_VARIABLE]),
  };
  const where = {
    families: options.families === undefined ? MCP_FAMILIES_VARIABLE : "--families",
    tools: options.tools === undefined ? MCP_TOOLS_VARIABLE : "--tools",
  };
  return selectCommands(
    options.registry ?? DEFAULT_REGISTRY,
    "mcp",
    selection,
    (command) => command.toolName,
    where,
  );
}

/** The MCP tools of a family (of every family by default) that need no credential: their operations are public. */
function freeTools(registry: Registry, family?: string): string[] {
  return registry
    .listCommands("mcp")
    .filter((command) => command.family !== null && (family === undefined || command.family === family))
    .filter((command) => !command.credentialRequired)
    .map((command) => command.toolName);
}

/** What to add to the client config for a missing credential, and which tools work without it. */
function missingCredentialFix(envNames: readonly string[], registry: Registry): string {
  const names = envNames.length > 0 ? envNames.join(" or ") : "the credential";
  // The family whose credential this is: its free tools still work.
  const module = registry.modules.find((candidate) =>
    credentialOwnerNamed(candidate.family)?.credentials.some((credential) =>
      credential.env.includes(envNames[0] ?? ""),
    ),
  );
  const free = module === undefined ? [] : freeTools(registry, module.family);
  const works = free.length > 0 ? ` ${free.join(", ")} work${free.length === 1 ? "s" : ""} without it.` : "";
  return `Fix: add ${names} to this MCP server's "env" in the client config, then restart the server.${works}`;
}

/** The MCP tool list entry for a command. */
export function mcpTool(command: CommandInfo) {
  return {
    name: command.toolName,
    title: command.title,
    description: command.description,
    inputSchema: command.inputSchema as { type: "object"; [key: string]: unknown },
    ...(command.outputSchema === undefined
      ? {}
      : { outputSchema: command.outputSchema as { type: "object"; [key: string]: unknown } }),
    // `title` is not repeated here, and `openWorldHint` is left at its default (true): bytes every model reads.
    annotations: {
      readOnlyHint: !command.mutating,
      destructiveHint: false,
      idempotentHint: !command.mutating,
    },
  };
}

/** Error text for an `isError` result: the redacted message plus what to do. */
export function mcpErrorText(error: unknown, registry: Registry = DEFAULT_REGISTRY): string {
  // Redacted as a whole: issue lines and secrets registered after the error was made included.
  return redactText(errorTextOf(error, registry));
}

function errorTextOf(error: unknown, registry: Registry): string {
  if (ThetaConfigError.isInstance(error) && error.code === "missing_credential") {
    return `${error.message}\n${missingCredentialFix(error.envNames ?? [], registry)}`;
  }
  if (ThetaValidationError.isInstance(error) && error.issues.length > 1) {
    return [
      error.message,
      ...error.issues.map((issue) => `- ${issue.field}: ${issue.message} (${issue.fix})`),
    ].join("\n");
  }
  if (ThetaError.isInstance(error)) return `${error.name} (${error.code}): ${error.message}`;
  return `Error: ${error instanceof Error ? error.message : String(error)}`;
}

/** The server's instructions: each offered family module's, then dry-run and the spend cap. */
function instructions(registry: Registry, offered: readonly CommandInfo[]): string {
  const tool: ToolNamer = toolNamer(
    registry.listCommands("mcp"),
    (command) => command.toolName,
    "The MCP instructions",
  );
  // Tool names without the Markdown quotes SKILL.md uses.
  const plain: ToolNamer = (name) => tool(name).replace(/`/g, "");
  const families = registry.modules
    .filter((module) => offered.some((command) => command.family === module.family))
    .map((module) => module.guide.instructions(plain));
  return `Theta EdgeCloud. ${families.join(" ")} Dry-run: THETA_DRY_RUN=1; spend cap: THETA_MAX_BUDGET_USD.`;
}

export function createMcpServer(options: McpServerOptions = {}): Server {
  const env = options.env ?? defaultEnv();
  const registry = options.registry ?? DEFAULT_REGISTRY;
  const tools = selectMcpTools({ ...options, env, registry });
  const server = new Server(
    { name: MCP_SERVER_NAME, version: VERSION },
    {
      capabilities: { tools: {} },
      instructions: instructions(registry, tools),
    },
  );
  // One session for the server's life: its environment does not change, so neither do its clients.
  // Opened on the first call, so that a bad spend cap is reported by that call (and the next ones).
  let session: CommandSession | undefined;
  const openSession = (): CommandSession => {
    if (session) return session;
    const cap = parseBudgetUsd(env.THETA_MAX_BUDGET_USD, "THETA_MAX_BUDGET_USD");
    const budget: BudgetGuard | undefined =
      cap === undefined ? undefined : createBudgetGuard({ capUsd: cap });
    session = registry.openSession({ env, surface: "mcp", ...(budget ? { budget } : {}) });
    return session;
  };
  // Built once: the list does not change while the server runs.
  const toolList = { tools: tools.map(mcpTool) };
  const byToolName = new Map(tools.map((entry) => [entry.toolName, entry]));
  server.setRequestHandler(ListToolsRequestSchema, async () => toolList);
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const name = request.params.name;
    const command = byToolName.get(name);
    if (!command) {
      const close = registry
        .suggestCommands(name)
        .map((entry) => tools.find((tool) => tool.name === entry)?.toolName)
        .filter((entry): entry is string => entry !== undefined);
      return {
        isError: true,
        content: [
          {
            type: "text" as const,
            text: `Unknown tool "${redactText(name)}".${close.length > 0 ? ` Did you mean ${close.join(", ")}?` : ""} Call tools/list for the tool names.`,
          },
        ],
      };
    }
    try {
      const answer = await openSession().answerCommand(command.name, request.params.arguments ?? {}, {
        signal: extra.signal,
      });
      const content = [{ type: "text" as const, text: answer.text }];
      // With an outputSchema the client expects the data too; without one the text already is the JSON.
      return command.outputSchema !== undefined && answer.data !== undefined
        ? { content, structuredContent: answer.data }
        : { content };
    } catch (error) {
      return { isError: true, content: [{ type: "text" as const, text: mcpErrorText(error, registry) }] };
    }
  });
  return server;
}

/**
 * Starts the server on stdio. Status goes to stderr only. When it has to stop (a request line over
 * `MCP_MAX_LINE_BYTES`), it logs one line saying why and sets a non-zero exit code.
 */
export async function runMcpServer(options: McpServerOptions = {}): Promise<Server> {
  const env = options.env ?? defaultEnv();
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const server = createMcpServer({ ...options, env });
  const registry = options.registry ?? DEFAULT_REGISTRY;
  const offered = selectMcpTools({ ...options, env, registry });
  const transport = new McpStdioTransport({
    screen: prototypeKeyScreen(offered, (error) => mcpErrorText(error, registry)),
  });
  let stopReason: string | undefined;
  // Set before connect: the server keeps these and calls its own handlers after them.
  transport.onerror = (error) => {
    if (error instanceof McpLineTooLongError) stopReason = error.message;
  };
  transport.onclose = () => {
    if (stopReason === undefined) return;
    log(`${MCP_SERVER_NAME} MCP server stopped: ${stopReason}.`);
    process.exitCode = 1;
  };
  await server.connect(transport);
  log(
    `${MCP_SERVER_NAME} MCP server ${VERSION} ready on stdio: ${offered.length} tools; ${credentialSummary(env, registry)}.`,
  );
  return server;
}

/**
 * One phrase per family module: whether its credentials are in the environment (only whether a
 * variable is set; a secret provider is not consulted, and no value is read out).
 */
function credentialSummary(env: Env, registry: Registry): string {
  return registry.modules
    .map((module) => {
      const free = freeTools(registry, module.family);
      const owner = credentialOwnerNamed(module.family);
      const missing = (owner?.credentials ?? []).filter(
        (credential) => !credential.env.some((name) => (env[name] ?? "").trim() !== ""),
      );
      if (missing.length === 0) return `${module.family} credentials configured`;
      const names = missing.map((credential) => credential.env.join(" or ")).join("; ");
      const works = free.length > 0 ? `${free.join(", ")} work; ` : "";
      return `${module.family} credentials not set (${works}set ${names})`;
    })
    .join("; ");
}
