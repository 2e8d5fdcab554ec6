/**
 * MCP input is checked for prototype-like keys (`__proto__`, `constructor`, `toString`, ...) as the
 * client sent it, before the MCP SDK's schemas copy the message: they drop an own `__proto__` key
 * without a word and refuse `constructor` with an unreadable error. A tool call carrying one is
 * answered with the same clear error `executeCommand` gives for it.
 */
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { ThetaValidationError } from "@theta/core";
import type { ScreenVerdict } from "./mcp-stdio-transport.js";
import type { CommandInfo } from "./registry.js";
import { findPrototypeKey } from "./schema.js";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A screen for `McpStdioTransport`: a `tools/call` of one of `tools` whose arguments hold a
 * prototype-like key gets an `isError` result naming the key (`errorText` formats it).
 */
export function prototypeKeyScreen(
  tools: readonly CommandInfo[],
  errorText: (error: unknown) => string,
): (message: unknown) => ScreenVerdict {
  return (message) => {
    if (!isRecord(message) || message.method !== "tools/call") return undefined;
    const { id, params } = message;
    if ((typeof id !== "string" && typeof id !== "number") || !isRecord(params)) return undefined;
    const issue = findPrototypeKey(params.arguments);
    if (!issue) return undefined;
    const command = tools.find((tool) => tool.toolName === params.name);
    const error = new ThetaValidationError({
      field: issue.field,
      message: `Invalid input for ${command?.name ?? "the tool"}: ${issue.message}`,
      fix: issue.fix,
      issues: [issue],
    });
    const reply: JSONRPCMessage = {
      jsonrpc: "2.0",
      id,
      result: { isError: true, content: [{ type: "text", text: errorText(error) }] },
    };
    return { reply };
  };
}
