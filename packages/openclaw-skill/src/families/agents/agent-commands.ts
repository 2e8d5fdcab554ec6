/** `theta.ai.agent.create|get|update|list`: the project's AI agents (RAG chatbots). */
import { agentsOperations } from "@theta/agents";
import { type Command, defineCommand, type RunContext } from "../../command.js";
import { agentFieldProperties, agentIdField, numberField, pageField } from "./fields.js";

function signalOf(runContext: RunContext): { signal?: AbortSignal } {
  return runContext.signal ? { signal: runContext.signal } : {};
}

export const createAgentCommand: Command = defineCommand({
  name: "theta.ai.agent.create",
  title: "Create an AI agent",
  description:
    "Create an AI agent (RAG chatbot): name, limits, system prompt, warm-up messages and tools (web search, text-to-SQL); add documents with theta.ai.agent.document.create. Changes the project (dry-run shows the plan).",
  inputSchema: {
    type: "object",
    properties: agentFieldProperties,
    required: ["name"],
    additionalProperties: false,
  },
  family: "agents",
  operations: [agentsOperations.createAgent],
  examples: [
    {
      name: "Sales analyst",
      temperature: 0.2,
      settings: { "retriever.type": "rerank", "agent.tools": { web_search: false, text_to_sql: true } },
    },
  ],
  run: (fields, runContext) => runContext.client("agents").agents.create(fields, signalOf(runContext)),
});

export const getAgentCommand: Command = defineCommand({
  name: "theta.ai.agent.get",
  title: "Get an AI agent",
  description: "Read one AI agent of the project: its settings, limits, prompt and warm-up messages. Free.",
  inputSchema: {
    type: "object",
    properties: { agentId: agentIdField },
    required: ["agentId"],
    additionalProperties: false,
  },
  family: "agents",
  operations: [agentsOperations.getAgent],
  run: (args, runContext) => runContext.client("agents").agents.get(args.agentId, signalOf(runContext)),
});

export const updateAgentCommand: Command = defineCommand({
  name: "theta.ai.agent.update",
  title: "Update an AI agent",
  description:
    "Change the given fields of an AI agent (the others stay), such as its warm-up messages or tools. Changes the project (dry-run shows the plan).",
  inputSchema: {
    type: "object",
    properties: { agentId: agentIdField, ...agentFieldProperties },
    required: ["agentId"],
    additionalProperties: false,
  },
  family: "agents",
  operations: [agentsOperations.updateAgent],
  run: ({ agentId, ...changes }, runContext) =>
    runContext.client("agents").agents.update(agentId, changes, signalOf(runContext)),
});

export const listAgentsCommand: Command = defineCommand({
  name: "theta.ai.agent.list",
  title: "List AI agents",
  description:
    "List the project's AI agents, one page (page from 0, 100 per page by default) with totals when the API gives them. Free.",
  inputSchema: {
    type: "object",
    properties: { page: pageField, number: numberField },
    additionalProperties: false,
  },
  family: "agents",
  operations: [agentsOperations.listAgents],
  run: async (args, runContext) => {
    const page = await runContext.client("agents").agents.list({ ...args, ...signalOf(runContext) });
    return { agents: page.items, page: page.page, totalItems: page.totalItems, totalPages: page.totalPages };
  },
});
