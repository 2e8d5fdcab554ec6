/**
 * The agent routes: agents and their documents per project, documents uploaded as multipart with a
 * size limit, lists paged from 0 with totals, 404 for what a project does not have, and either
 * envelope. The project id sent must be the key's project (403 otherwise, as the API answers).
 */
import type { SimulatorCore } from "../../core.js";
import type { agentsSpec } from "../../generated/agents.js";
import { HttpError, type RequestContext, readBody } from "../../http.js";
import { estimateTokens } from "../../prices.js";
import type { HandlersOf, RouteHandler } from "../module.js";
import { boundaryOf, type MultipartPart, parseMultipart } from "./multipart.js";
import { type AgentsOptions, agentsSettings } from "./options.js";
import { AgentsState, type JsonObject, type StoredAgent, type StoredDocument } from "./state.js";

/** What the API answers for a project id that is not the key's. */
export const NOT_ALLOWED_MESSAGE = "You are not allowed to perform this action";

/** Room for the `project_id` and `metadata` parts and the multipart framing, beyond the content. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;
const DEFAULT_AGENT_PAGE_SIZE = 100;
const DEFAULT_DOCUMENT_PAGE_SIZE = 30;
const ROLES = ["system", "user", "assistant"];

/** A stored document as tests see it. */
export interface AgentDocumentRecord {
  readonly id: string;
  readonly filename: string;
  readonly contentType: string;
  readonly content: Uint8Array;
  readonly metadata: JsonObject;
  readonly embeddingTokenCount: number;
}

/** The agents family's state and controls, as tests see it (`simulator.families.agents`). */
export interface AgentsHandle {
  /** The project the simulator's key belongs to (the only one it may manage). */
  readonly projectId: string;
  /** The ids of the project's agents, oldest first. */
  agentIds(projectId?: string): string[];
  /** The documents of an agent, oldest first, with their exact bytes; undefined for an unknown agent. */
  documents(agentId: string, projectId?: string): AgentDocumentRecord[] | undefined;
  /** Forgets a document, as if it had been deleted elsewhere (its update then answers 404). */
  removeDocument(agentId: string, documentId: string, projectId?: string): boolean;
}

export interface AgentsRoutes {
  routes: Record<string, RouteHandler>;
  handle: AgentsHandle;
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Checks the fields create and update send; HttpError 400 naming the first bad one. */
function checkAgentFields(body: JsonObject, requireName: boolean): void {
  const fail = (message: string): never => {
    throw new HttpError(400, message);
  };
  if (requireName || body.name !== undefined) {
    if (typeof body.name !== "string" || body.name.trim() === "")
      fail("name is required (a non-empty string)");
  }
  const maxTokens = body.max_tokens;
  if (maxTokens !== undefined && !(Number.isInteger(maxTokens) && (maxTokens as number) >= 1)) {
    fail("max_tokens must be a positive integer");
  }
  const temperature = body.temperature;
  if (
    temperature !== undefined &&
    !(typeof temperature === "number" && temperature >= 0 && temperature <= 2)
  ) {
    fail("temperature must be a number from 0 to 2");
  }
  for (const field of ["system_prompt", "llm_endpoint_id"]) {
    if (body[field] !== undefined && typeof body[field] !== "string") fail(`${field} must be a string`);
  }
  const messages = body.warm_up_messages;
  if (messages !== undefined) {
    const ok =
      Array.isArray(messages) &&
      messages.every(
        (message: unknown) =>
          isObject(message) && ROLES.includes(String(message.role)) && typeof message.content === "string",
      );
    if (!ok) fail("warm_up_messages must be an array of {role: system|user|assistant, content}");
  }
  if (body.settings !== undefined && !isObject(body.settings)) fail("settings must be an object");
}

function pagingOf(query: URLSearchParams, defaultSize: number): { page: number; number: number } {
  const read = (name: string, fallback: number, minimum: number): number => {
    const raw = query.get(name);
    if (raw === null || raw === "") return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < minimum) {
      throw new HttpError(400, `${name} must be an integer >= ${minimum}`);
    }
    return value;
  };
  return { page: read("page", 0, 0), number: read("number", defaultSize, 1) };
}

export function createAgentsRoutes(core: SimulatorCore, options: AgentsOptions): AgentsRoutes {
  const settings = agentsSettings(options);
  const state = new AgentsState();
  const now = () => new Date(core.clock.now()).toISOString();

  /** Answers the payload in the configured envelope. */
  const answer = (context: RequestContext, payload: unknown): void => {
    context.json(200, settings.envelope === "wrapped" ? { status: "success", body: payload } : payload);
  };

  /** The project of a request, which must be the key's: 400 when missing, 403 when another. */
  const projectOf = (projectId: unknown): Map<string, StoredAgent> => {
    if (typeof projectId !== "string" || projectId === "") {
      throw new HttpError(400, "project_id is required");
    }
    if (projectId !== core.projectId) throw new HttpError(403, NOT_ALLOWED_MESSAGE);
    return state.project(projectId);
  };

  const agentIn = (agents: Map<string, StoredAgent>, agentId: string | undefined): StoredAgent => {
    const agent = agentId === undefined ? undefined : agents.get(agentId);
    if (!agent) throw new HttpError(404, `chatbot ${agentId ?? ""} not found`);
    return agent;
  };

  const renderAgent = (agent: StoredAgent): JsonObject => ({
    model: "llama-3.1-8b-instruct",
    context_window: 8192,
    max_tokens: 500,
    temperature: 0.5,
    system_prompt: "",
    warm_up_messages: [],
    settings: {},
    llm_endpoints: [],
    ...agent.fields,
    id: agent.id,
    project_id: agent.projectId,
    knowledge_base_id: agent.knowledgeBaseId,
    created_at: agent.createdAt,
  });

  const readJsonObject = async (context: RequestContext): Promise<JsonObject> => {
    const body = await context.readJson();
    if (!isObject(body)) throw new HttpError(400, "send a JSON object");
    return body;
  };

  /** Reads and checks a document upload: the file part within the size limit, project and metadata. */
  const readUpload = async (
    context: RequestContext,
  ): Promise<{ projectId: string; file: MultipartPart; metadata: JsonObject }> => {
    const boundary = boundaryOf(context.req.headers["content-type"]);
    const body = await readBody(context.req, settings.maxDocumentBytes + MULTIPART_OVERHEAD_BYTES);
    const parts = parseMultipart(body, boundary);
    const part = (name: string) => parts.find((candidate) => candidate.name === name);
    const file = part("file");
    if (!file || file.filename === undefined) {
      throw new HttpError(
        400,
        'the file part is missing (Content-Disposition: form-data; name="file"; filename=...)',
      );
    }
    if (file.data.length > settings.maxDocumentBytes) {
      throw new HttpError(413, `the document is larger than ${settings.maxDocumentBytes} bytes`);
    }
    const metadataText = part("metadata")?.data.toString("utf8");
    let metadata: unknown = {};
    if (metadataText !== undefined && metadataText !== "") {
      try {
        metadata = JSON.parse(metadataText) as unknown;
      } catch {
        throw new HttpError(400, "metadata must be a JSON object (sent as a string part)");
      }
    }
    if (!isObject(metadata))
      throw new HttpError(400, "metadata must be a JSON object (sent as a string part)");
    return { projectId: part("project_id")?.data.toString("utf8") ?? "", file, metadata };
  };

  const storeDocument = (id: string, file: MultipartPart, metadata: JsonObject): StoredDocument => ({
    id,
    filename: file.filename ?? "",
    contentType: file.contentType ?? "application/octet-stream",
    content: Buffer.from(file.data),
    metadata,
    createdAt: now(),
    embeddingTokenCount: estimateTokens(file.data.toString("utf8")),
  });

  const routes = {
    async createAgent(context) {
      const body = await readJsonObject(context);
      const agents = projectOf(body.project_id);
      checkAgentFields(body, true);
      const { project_id: _projectId, ...fields } = body;
      const agent: StoredAgent = {
        id: `chatbot_${core.rng.id(20)}`,
        projectId: core.projectId,
        knowledgeBaseId: `kb_${core.rng.id(20)}`,
        createdAt: now(),
        fields,
        documents: new Map(),
      };
      agents.set(agent.id, agent);
      answer(context, renderAgent(agent));
    },

    getAgent(context) {
      const agent = agentIn(projectOf(context.query.get("project_id")), context.params.chatbot_id);
      answer(context, renderAgent(agent));
    },

    async updateAgent(context) {
      const body = await readJsonObject(context);
      const agent = agentIn(projectOf(body.project_id), context.params.chatbot_id);
      checkAgentFields(body, false);
      const { project_id: _projectId, ...fields } = body;
      agent.fields = { ...agent.fields, ...fields };
      answer(context, renderAgent(agent));
    },

    listAgents(context) {
      const agents = [...projectOf(context.query.get("project_id")).values()];
      const { page, number } = pagingOf(context.query, DEFAULT_AGENT_PAGE_SIZE);
      answer(context, {
        chatbots: agents.slice(page * number, (page + 1) * number).map(renderAgent),
        total_chatbots: agents.length,
        total_pages: Math.ceil(agents.length / number),
      });
    },

    async createDocument(context) {
      const upload = await readUpload(context);
      const agent = agentIn(projectOf(upload.projectId), context.params.chatbot_id);
      const document = storeDocument(`doc_${core.rng.id(20)}`, upload.file, upload.metadata);
      agent.documents.set(document.id, document);
      answer(context, { id: document.id });
    },

    async updateDocument(context) {
      // The whole body is read first: a 404 is answered after the upload, as a server that parses it does.
      const upload = await readUpload(context);
      const agent = agentIn(projectOf(upload.projectId), context.params.chatbot_id);
      const id = context.params.document_id ?? "";
      const previous = agent.documents.get(id);
      if (!previous) throw new HttpError(404, `document ${id} not found`);
      agent.documents.set(id, {
        ...storeDocument(id, upload.file, upload.metadata),
        createdAt: previous.createdAt,
      });
      answer(context, { id });
    },

    getDocument(context) {
      const agent = agentIn(projectOf(context.query.get("project_id")), context.params.chatbot_id);
      const id = context.params.document_id ?? "";
      const document = agent.documents.get(id);
      if (!document) throw new HttpError(404, `document ${id} not found`);
      answer(context, { id, content: document.content.toString("utf8"), metadata: document.metadata });
    },

    listDocuments(context) {
      const agent = agentIn(projectOf(context.query.get("project_id")), context.params.chatbot_id);
      const { page, number } = pagingOf(context.query, DEFAULT_DOCUMENT_PAGE_SIZE);
      const documents = [...agent.documents.values()];
      answer(context, {
        documents: documents.slice(page * number, (page + 1) * number).map((document) => ({
          id: document.id,
          knowledge_base_id: agent.knowledgeBaseId,
          metadata: document.metadata,
          created_at: document.createdAt,
          embedding_token_count: document.embeddingTokenCount,
        })),
        total_documents: documents.length,
        total_pages: Math.ceil(documents.length / number),
      });
    },
  } satisfies HandlersOf<typeof agentsSpec>;

  const agentsOf = (projectId: string) => state.project(projectId);
  const handle: AgentsHandle = {
    projectId: core.projectId,
    agentIds: (projectId = core.projectId) => [...agentsOf(projectId).keys()],
    documents(agentId, projectId = core.projectId) {
      const agent = agentsOf(projectId).get(agentId);
      return agent
        ? [...agent.documents.values()].map((document) => ({
            id: document.id,
            filename: document.filename,
            contentType: document.contentType,
            content: new Uint8Array(document.content),
            metadata: document.metadata,
            embeddingTokenCount: document.embeddingTokenCount,
          }))
        : undefined;
    },
    removeDocument: (agentId, documentId, projectId = core.projectId) =>
      agentsOf(projectId).get(agentId)?.documents.delete(documentId) ?? false,
  };
  return { routes, handle };
}
