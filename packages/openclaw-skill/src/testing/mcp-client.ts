/** An MCP client connected in-process to a `createMcpServer` (the tool calls still reach the simulator over HTTP). */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { createMcpServer, type McpServerOptions } from "../mcp-server.js";

export async function connectedClient(options: McpServerOptions): Promise<Client> {
  const server = createMcpServer(options);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: "theta-test", version: "0.0.0" });
  await client.connect(clientSide);
  return client;
}

/** The text parts of a tool result, joined. */
export function resultText(result: unknown): string {
  const content = (result as { content?: { type: string; text?: string }[] }).content ?? [];
  return content.map((part) => part.text ?? "").join("");
}

/** Bytes of `value` as the protocol carries it (minified JSON; UTF-8). */
export function wireBytes(value: unknown): number {
  return Buffer.byteLength(typeof value === "string" ? value : JSON.stringify(value));
}
