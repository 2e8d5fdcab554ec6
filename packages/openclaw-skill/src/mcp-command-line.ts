/**
 * What `theta-mcp`'s arguments ask for: `--help` and `--version` print and exit (without loading the
 * server), `--families` / `--tools` choose the tools it offers, anything else is a usage error instead
 * of silently starting a server that waits for a client on stdin.
 */
import { ThetaValidationError } from "@theta/core";
import { type McpArguments, parseMcpArguments } from "./mcp-arguments.js";
import { VERSION } from "./version.js";

export const MCP_USAGE = [
  "Usage: theta-mcp [--families <family,...>] [--tools <tool,...>] [--help | --version]",
  "",
  "The Theta EdgeCloud MCP server on stdio: start it from an MCP client (Claude Desktop, Claude Code, ...).",
  "Its settings come from the environment:",
  "  THETA_API_KEY (or THETA_ONDEMAND_API_TOKEN)   on-demand API token",
  "  THETA_API_BASE_URL (or THETA_ONDEMAND_API_BASE_URL)   on-demand base URL",
  "  THETA_MCP_FAMILIES / THETA_MCP_TOOLS   offer only these families / tools (as the flags)",
  "  THETA_ALLOW_INSECURE_LOOPBACK=1   allow a plain-http simulator on 127.0.0.1",
  "Run `theta commands` to list the tools it serves.",
  "",
].join("\n");

export type McpCommandLine =
  | { readonly kind: "serve"; readonly arguments: McpArguments }
  | { readonly kind: "print"; readonly text: string }
  | { readonly kind: "usage-error"; readonly text: string };

export function mcpCommandLine(args: readonly string[]): McpCommandLine {
  if (args.includes("--help") || args.includes("-h")) return { kind: "print", text: MCP_USAGE };
  if (args.includes("--version") || args.includes("-v")) return { kind: "print", text: `${VERSION}\n` };
  try {
    return { kind: "serve", arguments: parseMcpArguments(args) };
  } catch (error) {
    if (!ThetaValidationError.isInstance(error)) throw error;
    return { kind: "usage-error", text: `theta-mcp: ${error.message}\n\n${MCP_USAGE}` };
  }
}
