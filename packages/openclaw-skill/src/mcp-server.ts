/**
 * MCP server (stdio): one tool per registry command, named by its underscore form, so the official
 * Theta on-demand MCP server's tools keep their exact names (`list_services`, `infer`,
 * `get_request_status`, `get_upload_url`). Configured like the official server: `THETA_API_KEY`,
 * `THETA_API_BASE_URL` (the other on-demand variables work too).
 *
 * Unlike the official server it starts without a key: `list_services` works, the other tools answer
 * `isError` with what to set. It never writes to stdout (the protocol channel) and never logs any
 * part of a key.
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
import { prototypeKeyScreen } from "./mcp-input-screen.js";
import { McpLineTooLongError, McpStdioTransport } from "./mcp-stdio-transport.js";
import { type CommandInfo, executeCommand, listCommands, suggestCommands } from "./registry.js";
import { VERSION } from "./version.js";

export const MCP_SERVER_NAME = "theta-edgecloud";

export interface McpServerOptions {
  /** Environment (default `process.env`). */
  env?: Env;
  /** Status lines for the operator (default: stderr). Never given secret material. */
  log?: (line: string) => void;
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
export function mcpErrorText(error: unknown): string {
  // Redacted as a whole: issue lines and secrets registered after the error was made included.
  return redactText(errorTextOf(error));
}

function errorTextOf(error: unknown): string {
  if (ThetaConfigError.isInstance(error) && error.code === "missing_credential") {
    return `${error.message}\nFix: add THETA_API_KEY (your on-demand API key) to this MCP server's "env" in the client config, then restart the server. list_services works without a key.`;
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

export function createMcpServer(options: McpServerOptions = {}): Server {
  const env = options.env ?? defaultEnv();
  const server = new Server(
    { name: MCP_SERVER_NAME, version: VERSION },
    {
      capabilities: { tools: {} },
      instructions:
        "Theta EdgeCloud on-demand AI. Start with list_services (free), then infer or theta_ondemand_chat (paid). Long jobs: get_request_status or theta_ondemand_poll_until_done. Dry-run: THETA_DRY_RUN=1; spend cap: THETA_MAX_BUDGET_USD.",
    },
  );
  let budget: BudgetGuard | undefined;
  const budgetGuard = (): BudgetGuard | undefined => {
    if (budget) return budget;
    const cap = parseBudgetUsd(env.THETA_MAX_BUDGET_USD, "THETA_MAX_BUDGET_USD");
    if (cap !== undefined) budget = createBudgetGuard({ capUsd: cap });
    return budget;
  };
  const tools = listCommands("mcp");
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: tools.map(mcpTool) }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const name = request.params.name;
    const command = tools.find((entry) => entry.toolName === name);
    if (!command) {
      const close = suggestCommands(name)
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
      const result = await executeCommand(command.name, request.params.arguments ?? {}, {
        env,
        signal: extra.signal,
        ...(guard ? { budget: guard } : {}),
      });
      return { content: [{ type: "text" as const, text: JSON.stringify(result, null, 2) }] };
    } catch (error) {
      return { isError: true, content: [{ type: "text" as const, text: mcpErrorText(error) }] };
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
  const transport = new McpStdioTransport({ screen: prototypeKeyScreen(listCommands("mcp"), mcpErrorText) });
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
  const keyNames = ["THETA_ONDEMAND_API_TOKEN", "THETA_ONDEMAND_API_KEY", "THETA_API_KEY"];
  const keySet = keyNames.some((name) => (env[name] ?? "").trim() !== "");
  log(
    `${MCP_SERVER_NAME} MCP server ${VERSION} ready on stdio: ${listCommands("mcp").length} tools; on-demand key ${
      keySet ? "configured" : "not set (list_services works; set THETA_API_KEY for the others)"
    }.`,
  );
  return server;
}
