/** AI agents (RAG chatbots) of the project: create, get, update, list. */
import { callSettingsHeaders } from "@theta/core";
import { type AgentChanges, type AgentInput, checkAgentFields } from "./agent-fields.js";
import { finiteNumber, idOf, isRecord, type JsonRecord, payloadOf, unexpectedAnswer } from "./answers.js";
import type { AgentsContext } from "./context.js";
import type { components } from "./generated/schema.js";
import { checkId } from "./ids.js";
import { checkPaging, type Page, type PageOptions, walkPages } from "./pages.js";
import type { RequestOptions } from "./request-options.js";

/** An agent as the API describes it; fields beyond `id` are kept as sent. */
export type Agent = components["schemas"]["Agent"];

/** The page size the OpenClaw skill uses for agents (the API's default is undocumented). */
export const DEFAULT_AGENT_PAGE_SIZE = 100;

/** Keys a total count of agents may come under (the list's keys were never recorded). */
const TOTAL_KEYS = ["total_chatbots", "total_agents", "total_count", "total"];

export interface AgentsResource {
  create(agent: AgentInput, options?: RequestOptions): Promise<Agent>;
  get(agentId: string, options?: RequestOptions): Promise<Agent>;
  /** Changes the given fields only. */
  update(agentId: string, changes: AgentChanges, options?: RequestOptions): Promise<Agent>;
  /** One page of agents. */
  list(options?: PageOptions): Promise<Page<Agent>>;
  /** Every page of agents from `options.page` on, one request per page. */
  pages(options?: PageOptions): AsyncGenerator<Page<Agent>, void, undefined>;
}

function agentOf(answer: unknown, operationId: string): Agent {
  const payload = payloadOf(answer);
  if (!isRecord(payload) || idOf(payload) === undefined) throw unexpectedAnswer(operationId, "no agent id");
  return { ...payload, id: idOf(payload) as string } as Agent;
}

function agentPageOf(answer: unknown, page: number): Page<Agent> {
  const payload = payloadOf(answer);
  let records: unknown[] | undefined;
  let totals: JsonRecord = {};
  if (Array.isArray(payload)) records = payload;
  else if (isRecord(payload)) {
    totals = payload;
    records = Object.values(payload).find((value): value is unknown[] => Array.isArray(value));
  }
  if (!records) throw unexpectedAnswer("listAgents", "no list of agents");
  const items = records.filter(isRecord).map((record) => agentOf(record, "listAgents"));
  const totalPages = finiteNumber(totals.total_pages);
  const totalItems = TOTAL_KEYS.map((key) => finiteNumber(totals[key])).find((value) => value !== undefined);
  return {
    items,
    page,
    ...(totalItems === undefined ? {} : { totalItems }),
    ...(totalPages === undefined ? {} : { totalPages }),
  };
}

export function createAgents(context: AgentsContext): AgentsResource {
  const api = context.family.api;
  const list = async (options: PageOptions = {}): Promise<Page<Agent>> => {
    const paging = checkPaging(options);
    await context.requireKey(false);
    const projectId = await context.projectId();
    const { data } = await api.GET("/chatbot/list", {
      params: { query: { project_id: projectId, ...paging } },
      signal: options.signal,
      headers: callSettingsHeaders(options),
    });
    return agentPageOf(data, paging.page);
  };
  return {
    async create(agent, options = {}) {
      checkAgentFields(agent, true);
      await context.requireKey(true);
      const { data } = await api.POST("/chatbot", {
        body: { ...agent, project_id: await context.projectId() },
        signal: options.signal,
        headers: callSettingsHeaders(options),
      });
      return agentOf(data, "createAgent");
    },

    async get(agentId, options = {}) {
      const id = checkId(agentId, "agentId");
      await context.requireKey(false);
      const { data } = await api.GET("/chatbot/{chatbot_id}", {
        params: { path: { chatbot_id: id }, query: { project_id: await context.projectId() } },
        signal: options.signal,
        headers: callSettingsHeaders(options),
      });
      return agentOf(data, "getAgent");
    },

    async update(agentId, changes, options = {}) {
      const id = checkId(agentId, "agentId");
      checkAgentFields(changes, false);
      await context.requireKey(true);
      const { data } = await api.PUT("/chatbot/{chatbot_id}", {
        params: { path: { chatbot_id: id } },
        body: { ...changes, project_id: await context.projectId() },
        signal: options.signal,
        headers: callSettingsHeaders(options),
      });
      return agentOf(data, "updateAgent");
    },

    list,
    pages: (options = {}) => walkPages(options, DEFAULT_AGENT_PAGE_SIZE, list),
  };
}
