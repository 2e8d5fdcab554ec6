/** Input fields the agent commands share (one schema each). */
import { MAX_TOKENS_RANGE, TEMPERATURE_RANGE } from "@theta/agents";

export const agentIdField = {
  type: "string",
  minLength: 1,
  description: "The agent's id, as theta.ai.agent.create or theta.ai.agent.list answered it.",
} as const;

export const documentIdField = {
  type: "string",
  minLength: 1,
  description: "The document's id, as theta.ai.agent.document.create or .list answered it.",
} as const;

export const pageField = {
  type: "integer",
  minimum: 0,
  description: "Page index, from 0 (default 0).",
} as const;

export const numberField = {
  type: "integer",
  minimum: 1,
  maximum: 1000,
  description: "Page size.",
} as const;

/** The fields of an agent that create and update take, named as the API names them. */
export const agentFieldProperties = {
  name: { type: "string", minLength: 1, description: "The agent's name." },
  max_tokens: {
    type: "integer",
    ...MAX_TOKENS_RANGE,
    description: "Largest answer in tokens.",
  },
  temperature: { type: "number", ...TEMPERATURE_RANGE, description: "Sampling temperature." },
  system_prompt: { type: "string", description: "The agent's instructions." },
  warm_up_messages: {
    type: "array",
    description: "Messages every conversation starts with.",
    items: {
      type: "object",
      properties: {
        role: { type: "string", enum: ["system", "user", "assistant"] },
        content: { type: "string" },
      },
      required: ["role", "content"],
      additionalProperties: false,
    },
  },
  llm_endpoint_id: {
    type: "string",
    minLength: 1,
    description: "The dedicated LLM endpoint it answers with.",
  },
  settings: {
    type: "object",
    description:
      'Retrieval and tools, flat keys with dots: { "retriever.type": "rerank", "agent.tools": { "web_search": false, "text_to_sql": true } }.',
    properties: {
      "retriever.type": { type: "string", minLength: 1 },
      "agent.tools": {
        type: "object",
        properties: { web_search: { type: "boolean" }, text_to_sql: { type: "boolean" } },
      },
    },
  },
} as const;

/** The fields of a document upload besides its content. */
export const uploadFieldProperties = {
  filename: { type: "string", minLength: 1, description: "The name it is stored under, e.g. sales.csv." },
  contentType: {
    type: "string",
    minLength: 1,
    description: "Media type, e.g. text/csv, text/plain, application/json (default: from the filename).",
  },
  metadata: {
    type: "object",
    description:
      'SQL form { "query_type": "sql", "sql_schema": { "table_name", "columns": [{ "name", "type" }] }, "sql_description" } for text_to_sql, or text form { "query_type": "text", "description" }.',
  },
} as const;
