/** What SKILL.md, the plugin description and the MCP server's instructions say about the agents family. */
import type { FamilyGuide } from "../../family-module.js";

export const agentsGuide: FamilyGuide = {
  offers: "AI agents (RAG chatbots) and their knowledge-base documents",
  brief: "AI agents (RAG chatbots)",
  introduction:
    "Build AI agents (RAG chatbots) on Theta EdgeCloud: create an agent with its prompt, limits and tools (web search, text-to-SQL), give it documents (text, or CSV tables with an SQL schema), and keep them up to date.",
  steps: (tool) => [
    `See what exists: ${tool("theta.ai.agent.list")} and ${tool("theta.ai.agent.get")} (free).`,
    `Create an agent: ${tool("theta.ai.agent.create")} with \`name\` and optional \`settings\` (\`"agent.tools": { "text_to_sql": true }\` to query CSV tables). Change it with ${tool("theta.ai.agent.update")} (only the given fields).`,
    `Add knowledge: ${tool("theta.ai.agent.document.create")} with \`content\` as text (or base64 with \`encoding: "base64"\`), a \`filename\` and \`metadata\`: \`{ "query_type": "sql", "sql_schema": { "table_name", "columns": [{ "name", "type" }] }, "sql_description" }\` for a CSV table, \`{ "query_type": "text", "description" }\` for text.`,
    `Keep documents current: ${tool("theta.ai.agent.document.update")} (\`createIfMissing: true\` adds it again if it was removed); read them with ${tool("theta.ai.agent.document.get")} and ${tool("theta.ai.agent.document.list")}.`,
    "Creating and changing agents and documents is blocked by dry-run: the plan shows what would be sent, document content as [redacted].",
  ],
  instructions: (tool) =>
    `AI agents: ${tool("theta.ai.agent.list")} (free), ${tool("theta.ai.agent.create")}, then ${tool("theta.ai.agent.document.create")} to give it documents.`,
  shellExamples: [
    "theta.ai.agent.list",
    "theta.ai.agent.document.upload --agent-id chatbot_abc --file ./sales.csv",
  ],
};
