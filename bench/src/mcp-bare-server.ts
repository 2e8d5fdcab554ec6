/**
 * The floor of the MCP rows: a bare MCP SDK server on stdio with one tool, `list_services`, that makes
 * the same HTTP call to the simulator as `theta-mcp` (GET /service/list, parsed) and gives the same
 * answer, text and structuredContent, under the same outputSchema (the file named by its argument,
 * taken from `theta-mcp`'s own answer). It has no registry, no
 * validation, no client set-up, no redaction: what is left is the transport and the HTTP call.
 */
import { readFileSync } from "node:fs";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const baseUrl = process.env.THETA_API_BASE_URL ?? "";
const answerFile = process.argv[2];
/** `theta-mcp`'s answer (text and structuredContent) and its tool's outputSchema. */
const answer: { result: { content: unknown[] }; outputSchema?: { type: "object" } } =
  answerFile === undefined ? { result: { content: [] } } : JSON.parse(readFileSync(answerFile, "utf8"));

const server = new Server({ name: "bare", version: "0.0.0" }, { capabilities: { tools: {} } });
server.setRequestHandler(ListToolsRequestSchema, async () => ({
  tools: [
    {
      name: "list_services",
      description: "The catalog.",
      inputSchema: { type: "object" },
      ...(answer.outputSchema === undefined ? {} : { outputSchema: answer.outputSchema }),
    },
  ],
}));
server.setRequestHandler(CallToolRequestSchema, async () => {
  const response = await fetch(`${baseUrl}/service/list`, { headers: { accept: "application/json" } });
  await response.json();
  // The row would time error answers otherwise.
  if (!response.ok) throw new Error(`the catalog answered ${response.status}`);
  return answer.result;
});
await server.connect(new StdioServerTransport());
