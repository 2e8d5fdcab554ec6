#!/usr/bin/env node
/**
 * `theta-mcp`: the Theta EdgeCloud MCP server on stdio. Drop-in for the official on-demand MCP
 * server's config (`THETA_API_KEY`, `THETA_API_BASE_URL`). `--families` / `--tools` (or
 * `THETA_MCP_FAMILIES` / `THETA_MCP_TOOLS`) offer only some tools. `--help` and `--version` print and
 * exit without loading the server. Logs only non-secret status to stderr.
 */
import { redactText } from "@theta/core";
import { mcpCommandLine } from "./mcp-command-line.js";

const commandLine = mcpCommandLine(process.argv.slice(2));
if (commandLine.kind === "print") {
  process.stdout.write(commandLine.text);
} else if (commandLine.kind === "usage-error") {
  process.stderr.write(commandLine.text);
  process.exitCode = 2;
} else {
  const { arguments: selection } = commandLine;
  // Loaded only to serve: the MCP SDK it brings is not needed to print help.
  import("./mcp-server.js")
    .then(({ runMcpServer }) => runMcpServer(selection))
    .catch((error: unknown) => {
      process.stderr.write(
        `theta-mcp: failed to start: ${redactText(error instanceof Error ? error.message : String(error))}\n`,
      );
      process.exit(1);
    });
}
