/**
 * What `theta-mcp`'s arguments ask for. The server takes no arguments (its settings are the
 * environment's), so `--help` and `--version` print and exit, and anything else is a usage error,
 * instead of silently starting a server that waits for a client on stdin.
 */
import { VERSION } from "./version.js";

export const MCP_USAGE = [
  "Usage: theta-mcp [--help | --version]",
  "",
  "The Theta EdgeCloud MCP server on stdio: start it from an MCP client (Claude Desktop, Claude Code, ...).",
  "It takes no arguments; its settings come from the environment:",
  "  THETA_API_KEY (or THETA_ONDEMAND_API_TOKEN)   on-demand API token",
  "  THETA_API_BASE_URL (or THETA_ONDEMAND_API_BASE_URL)   on-demand base URL",
  "  THETA_ALLOW_INSECURE_LOOPBACK=1   allow a plain-http simulator on 127.0.0.1",
  "Run `theta commands` to list the tools it serves.",
  "",
].join("\n");

export type McpCommandLine =
  | { readonly kind: "serve" }
  | { readonly kind: "print"; readonly text: string }
  | { readonly kind: "usage-error"; readonly text: string };

export function mcpCommandLine(args: readonly string[]): McpCommandLine {
  if (args.length === 0) return { kind: "serve" };
  if (args.includes("--help") || args.includes("-h")) return { kind: "print", text: MCP_USAGE };
  if (args.includes("--version") || args.includes("-v")) return { kind: "print", text: `${VERSION}\n` };
  return {
    kind: "usage-error",
    text: `theta-mcp: unexpected argument "${args[0]}" (the server takes its settings from the environment)\n\n${MCP_USAGE}`,
  };
}
