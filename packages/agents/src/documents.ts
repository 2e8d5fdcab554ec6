/**
 * The documents of an agent's knowledge base: add and replace them (streamed multipart), read one
 * with its content, list them, and upsert (replace, or add again when the agent no longer has it).
 */
import { callSettingsHeaders, operationUrl, ThetaApiError, ThetaDryRunError } from "@theta/core";
import { finiteNumber, idOf, isRecord, jsonOf, payloadOf, unexpectedAnswer } from "./answers.js";
import type { AgentsContext } from "./context.js";
import { type CheckedUpload, checkUpload, type DocumentUpload, isReplayable } from "./document-upload.js";
import { agentsOperations } from "./generated/operations.js";
import type { components } from "./generated/schema.js";
import { checkId } from "./ids.js";
import { multipartBody } from "./multipart.js";
import { checkPaging, type Page, type PageOptions, walkPages } from "./pages.js";
import type { RequestOptions } from "./request-options.js";

/** A document with its content, as `get` answers it. */
export type AgentDocument = components["schemas"]["Document"];
/** A document as lists show it (no content; `embedding_token_count` when the API computed it). */
export type DocumentSummary = components["schemas"]["DocumentSummary"];

/** The page size of the official example's document list. */
export const DEFAULT_DOCUMENT_PAGE_SIZE = 30;

export interface DocumentRef {
  readonly id: string;
}

export interface UpsertResult extends DocumentRef {
  /** True when the document was added (again) rather than replaced. */
  readonly created: boolean;
}

export interface DocumentsResource {
  /** Adds a document; answers its id. */
  create(agentId: string, upload: DocumentUpload, options?: RequestOptions): Promise<DocumentRef>;
  /** Replaces a document's content and metadata; a ThetaApiError 404 when the agent no longer has it. */
  update(
    agentId: string,
    documentId: string,
    upload: DocumentUpload,
    options?: RequestOptions,
  ): Promise<DocumentRef>;
  /**
   * Replaces the document, or adds it when the agent no longer has it (or `documentId` is undefined).
   * String, byte and Blob content is sent with update and, on 404, with create (as the official
   * example does); a stream is read once, so the document is looked up first instead.
   */
  upsert(
    agentId: string,
    documentId: string | undefined,
    upload: DocumentUpload,
    options?: RequestOptions,
  ): Promise<UpsertResult>;
  get(agentId: string, documentId: string, options?: RequestOptions): Promise<AgentDocument>;
  /** One page of documents. */
  list(agentId: string, options?: PageOptions): Promise<Page<DocumentSummary>>;
  /** Every page of documents from `options.page` on, one request per page. */
  pages(agentId: string, options?: PageOptions): AsyncGenerator<Page<DocumentSummary>, void, undefined>;
}

function isNotFound(error: unknown): boolean {
  return ThetaApiError.isInstance(error) && error.status === 404;
}

function documentRefOf(text: string, operationId: string): DocumentRef {
  const payload = payloadOf(jsonOf(operationId, text));
  const id = isRecord(payload) ? idOf(payload) : undefined;
  if (id === undefined) throw unexpectedAnswer(operationId, "no document id");
  return { id };
}

/** What a dry-run plan shows instead of a document's content (the seed skill's wording). */
export const REDACTED_CONTENT = "[redacted]";

/** What the dry-run plan shows of a multipart body: its parts, with the content left out. */
function plannedParts(projectId: string, upload: CheckedUpload): Record<string, unknown> {
  return {
    project_id: projectId,
    ...(upload.metadata === undefined ? {} : { metadata: upload.metadata }),
    file: { filename: upload.filename, contentType: upload.contentType, content: REDACTED_CONTENT },
  };
}

export function createDocuments(context: AgentsContext): DocumentsResource {
  const { family } = context;
  const api = family.api;

  /** Sends one upload as a streamed multipart body to `createDocument` or `updateDocument`. */
  const send = async (
    operationId: "createDocument" | "updateDocument",
    path: Record<string, string>,
    upload: CheckedUpload,
    options: RequestOptions,
  ): Promise<DocumentRef> => {
    await context.requireKey(true);
    const projectId = await context.projectId();
    const operation = agentsOperations[operationId];
    const body = multipartBody(
      [
        { name: "project_id", value: projectId },
        ...(upload.metadata === undefined
          ? []
          : [{ name: "metadata", value: JSON.stringify(upload.metadata) }]),
      ],
      { name: "file", filename: upload.filename, contentType: upload.contentType, content: upload.content },
    );
    try {
      const { text } = await family.transport.text(operationUrl(family.baseUrl, operation, { path }), {
        method: operation.method,
        headers: { "content-type": body.contentType, ...callSettingsHeaders(options) },
        body: body.stream,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      return documentRefOf(text, operationId);
    } catch (error) {
      // The transport can only say "a streamed body"; the plan names the parts, never the content.
      if (ThetaDryRunError.isInstance(error)) {
        await body.stream.cancel();
        throw new ThetaDryRunError({ plan: { ...error.plan, body: plannedParts(projectId, upload) } });
      }
      throw error;
    }
  };

  const create: DocumentsResource["create"] = async (agentId, upload, options = {}) => {
    const chatbotId = checkId(agentId, "agentId");
    return send("createDocument", { chatbot_id: chatbotId }, checkUpload(upload), options);
  };
  const update: DocumentsResource["update"] = async (agentId, documentId, upload, options = {}) => {
    const path = { chatbot_id: checkId(agentId, "agentId"), document_id: checkId(documentId, "documentId") };
    return send("updateDocument", path, checkUpload(upload), options);
  };
  const get: DocumentsResource["get"] = async (agentId, documentId, options = {}) => {
    const path = { chatbot_id: checkId(agentId, "agentId"), document_id: checkId(documentId, "documentId") };
    await context.requireKey(false);
    const { data } = await api.GET("/chatbot/{chatbot_id}/document/{document_id}", {
      params: { path, query: { project_id: await context.projectId() } },
      signal: options.signal,
      headers: callSettingsHeaders(options),
    });
    const payload = payloadOf(data);
    if (!isRecord(payload) || idOf(payload) === undefined)
      throw unexpectedAnswer("getDocument", "no document id");
    return { ...payload, id: idOf(payload) as string } as AgentDocument;
  };
  const list = async (agentId: string, options: PageOptions = {}): Promise<Page<DocumentSummary>> => {
    const chatbotId = checkId(agentId, "agentId");
    const paging = checkPaging(options);
    await context.requireKey(false);
    const { data } = await api.GET("/chatbot/{chatbot_id}/document/list", {
      params: {
        path: { chatbot_id: chatbotId },
        query: { project_id: await context.projectId(), ...paging },
      },
      signal: options.signal,
      headers: callSettingsHeaders(options),
    });
    const payload = payloadOf(data);
    if (!isRecord(payload) || !Array.isArray(payload.documents)) {
      throw unexpectedAnswer("listDocuments", "no documents list");
    }
    const items = payload.documents
      .filter(isRecord)
      .filter((record) => idOf(record) !== undefined)
      .map((record) => ({ ...record, id: idOf(record) as string }) as DocumentSummary);
    const totalItems = finiteNumber(payload.total_documents);
    const totalPages = finiteNumber(payload.total_pages);
    return {
      items,
      page: paging.page,
      ...(totalItems === undefined ? {} : { totalItems }),
      ...(totalPages === undefined ? {} : { totalPages }),
    };
  };

  return {
    create,
    update,
    async upsert(agentId, documentId, upload, options = {}) {
      const checked = checkUpload(upload);
      if (documentId === undefined) return { ...(await create(agentId, checked, options)), created: true };
      if (!isReplayable(checked.content)) {
        // A stream cannot be sent twice: ask first whether the document is still there.
        const exists = await get(agentId, documentId, options).then(
          () => true,
          (error: unknown) => {
            if (isNotFound(error)) return false;
            throw error;
          },
        );
        const sent = exists
          ? await update(agentId, documentId, checked, options)
          : await create(agentId, checked, options);
        return { ...sent, created: !exists };
      }
      try {
        return { ...(await update(agentId, documentId, checked, options)), created: false };
      } catch (error) {
        if (!isNotFound(error)) throw error;
        return { ...(await create(agentId, checked, options)), created: true };
      }
    },
    get,
    list,
    pages: (agentId, options = {}) =>
      walkPages(options, DEFAULT_DOCUMENT_PAGE_SIZE, (paging) => list(agentId, paging)),
  };
}
