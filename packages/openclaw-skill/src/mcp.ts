#!/usr/bin/env node
/**
 * `theta-mcp`: the Theta EdgeCloud MCP server on stdio. Drop-in for the official on-demand MCP
 * server's config (`THETA_API_KEY`, `THETA_API_BASE_URL`). `--families` / `--tools` (or
 * `THETA_MCP_FAMILIES` / `THETA_MCP_TOOLS`) offer only some tools. Logs only non-secret status to stderr.
 */
import { redactText } from "@theta/core";
import { parseMcpArguments } from "./mcp-arguments.js";
import { runMcpServer } from "./mcp-server.js";

async function start() {
  return runMcpServer(parseMcpArguments(process.argv.slice(2)));
}

start().catch((error: unknown) => {
  process.stderr.write(
    `theta-mcp: failed to start: ${redactText(error instanceof Error ? error.message : String(error))}\n`,
  );
  process.exit(1);
});
