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
import { type CommandInfo, DEFAULT_REGISTRY, type Registry } from "./registry.js";
import { toolNamer } from "./tool-namer.js";
import { VERSION } from "./version.js";

export const MCP_SERVER_NAME = "theta-edgecloud";

export interface McpServerOptions {
  /** Environment (default `process.env`). */
  env?: Env;
  /** Status lines for the operator (default: stderr). Never given secret material. */
  log?: (line: string) => void;
  /** The commands and family modules (default: the built-in ones). */
  registry?: Registry;
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
    annotations: {
      title: command.title,
      readOnlyHint: !command.mutating,
      destructiveHint: false,
      idempotentHint: !command.mutating,
      openWorldHint: true,
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

/** The server's instructions: each family module's, then dry-run and the spend cap. */
function instructions(registry: Registry): string {
  const tool: ToolNamer = toolNamer(
    registry.listCommands("mcp"),
    (command) => command.toolName,
    "The MCP instructions",
  );
  // Tool names without the Markdown quotes SKILL.md uses.
  const plain: ToolNamer = (name) => tool(name).replace(/`/g, "");
  const families = registry.modules.map((module) => module.guide.instructions(plain));
  return `Theta EdgeCloud. ${families.join(" ")} Dry-run: THETA_DRY_RUN=1; spend cap: THETA_MAX_BUDGET_USD.`;
}

export function createMcpServer(options: McpServerOptions = {}): Server {
  const env = options.env ?? defaultEnv();
  const registry = options.registry ?? DEFAULT_REGISTRY;
  const server = new Server(
    { name: MCP_SERVER_NAME, version: VERSION },
    {
      capabilities: { tools: {} },
      instructions: instructions(registry),
    },
  );
  let budget: BudgetGuard | undefined;
  const budgetGuard = (): BudgetGuard | undefined => {
    if (budget) return budget;
    const cap = parseBudgetUsd(env.THETA_MAX_BUDGET_USD, "THETA_MAX_BUDGET_USD");
    if (cap !== undefined) budget = createBudgetGuard({ capUsd: cap });
    return budget;
  };
  const tools = registry.listCommands("mcp");
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: tools.map(mcpTool) }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const name = request.params.name;
    const command = tools.find((entry) => entry.toolName === name);
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
      const guard = budgetGuard();
      const result = await registry.executeCommand(command.name, request.params.arguments ?? {}, {
        env,
        surface: "mcp",
        signal: extra.signal,
        ...(guard ? { budget: guard } : {}),
      });
      return { content: [{ type: "text" as const, text: JSON.stringify(result, null, 2) }] };
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
  const transport = new McpStdioTransport({
    screen: prototypeKeyScreen(registry.listCommands("mcp"), (error) => mcpErrorText(error, registry)),
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
    `${MCP_SERVER_NAME} MCP server ${VERSION} ready on stdio: ${registry.listCommands("mcp").length} tools; ${credentialSummary(env, registry)}.`,
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
