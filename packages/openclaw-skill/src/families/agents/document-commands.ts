/**
 * `theta.ai.agent.document.create|update|get|list`: the documents of an agent's knowledge base, the
 * content passed as a string (text or base64); and `theta.ai.agent.document.upload`, CLI only, which
 * reads a local file (an agent tool never reads the host's files).
 */
import { createReadStream, statSync } from "node:fs";
import { basename, resolve } from "node:path";
import { agentsOperations, type DocumentMetadata, type DocumentUpload } from "@theta/agents";
import { ThetaValidationError } from "@theta/core";
import { type Command, defineCommand, type RunContext } from "../../command.js";
import { contentField, decodeContent, encodingField } from "./document-content.js";
import { agentIdField, documentIdField, numberField, pageField, uploadFieldProperties } from "./fields.js";

function signalOf(runContext: RunContext): { signal?: AbortSignal } {
  return runContext.signal ? { signal: runContext.signal } : {};
}

interface UploadArgs {
  content: string;
  encoding: "utf8" | "base64";
  filename: string;
  contentType?: string | undefined;
  metadata?: Record<string, unknown> | undefined;
}

function uploadOf(args: UploadArgs): DocumentUpload {
  return {
    content: decodeContent(args.content, args.encoding),
    filename: args.filename,
    ...(args.contentType === undefined ? {} : { contentType: args.contentType }),
    ...(args.metadata === undefined ? {} : { metadata: args.metadata as DocumentMetadata }),
  };
}

const contentProperties = {
  content: contentField,
  encoding: encodingField,
  ...uploadFieldProperties,
} as const;

export const createDocumentCommand: Command = defineCommand({
  name: "theta.ai.agent.document.create",
  title: "Add a document to an AI agent",
  description:
    'Add a document to an agent\'s knowledge base (text, or base64 with encoding "base64"; SQL metadata for CSV tables queried by text_to_sql) and return its id. Changes the project (dry-run shows the plan, content redacted).',
  inputSchema: {
    type: "object",
    properties: { agentId: agentIdField, ...contentProperties },
    required: ["agentId", "content", "filename"],
    additionalProperties: false,
  },
  family: "agents",
  operations: [agentsOperations.createDocument],
  examples: [
    {
      agentId: "chatbot_abc",
      filename: "sales.csv",
      content: "region,total\nnorth,120\n",
      metadata: {
        query_type: "sql",
        sql_schema: { table_name: "sales", columns: [{ name: "region", type: "TEXT" }] },
        sql_description: "Sales by region",
      },
    },
  ],
  run: ({ agentId, ...upload }, runContext) =>
    runContext.client("agents").documents.create(agentId, uploadOf(upload), signalOf(runContext)),
});

export const updateDocumentCommand: Command = defineCommand({
  name: "theta.ai.agent.document.update",
  title: "Replace an AI agent's document",
  description:
    "Replace a document's content and metadata; with createIfMissing a document the agent lost (404) is added again. Changes the project (dry-run shows the plan, content redacted).",
  inputSchema: {
    type: "object",
    properties: {
      agentId: agentIdField,
      documentId: documentIdField,
      ...contentProperties,
      createIfMissing: {
        type: "boolean",
        default: false,
        description: "Add the document again when the agent no longer has it.",
      },
    },
    required: ["agentId", "documentId", "content", "filename"],
    additionalProperties: false,
  },
  family: "agents",
  operations: [agentsOperations.updateDocument, agentsOperations.createDocument],
  run: async ({ agentId, documentId, createIfMissing, ...upload }, runContext) => {
    const documents = runContext.client("agents").documents;
    if (createIfMissing) return documents.upsert(agentId, documentId, uploadOf(upload), signalOf(runContext));
    return documents.update(agentId, documentId, uploadOf(upload), signalOf(runContext));
  },
});

export const getDocumentCommand: Command = defineCommand({
  name: "theta.ai.agent.document.get",
  title: "Read an AI agent's document",
  description: "Read one document of an agent with its content and metadata. Free.",
  inputSchema: {
    type: "object",
    properties: { agentId: agentIdField, documentId: documentIdField },
    required: ["agentId", "documentId"],
    additionalProperties: false,
  },
  family: "agents",
  operations: [agentsOperations.getDocument],
  run: (args, runContext) =>
    runContext.client("agents").documents.get(args.agentId, args.documentId, signalOf(runContext)),
});

export const listDocumentsCommand: Command = defineCommand({
  name: "theta.ai.agent.document.list",
  title: "List an AI agent's documents",
  description:
    "List an agent's documents, one page (page from 0, 30 per page by default) with total_documents and total_pages; each with its metadata and embedding_token_count. Free.",
  inputSchema: {
    type: "object",
    properties: { agentId: agentIdField, page: pageField, number: numberField },
    required: ["agentId"],
    additionalProperties: false,
  },
  family: "agents",
  operations: [agentsOperations.listDocuments],
  run: async ({ agentId, ...paging }, runContext) => {
    const page = await runContext
      .client("agents")
      .documents.list(agentId, { ...paging, ...signalOf(runContext) });
    return {
      documents: page.items,
      page: page.page,
      totalItems: page.totalItems,
      totalPages: page.totalPages,
    };
  },
});

function localFile(file: string): { path: string; size: number } {
  const path = resolve(file);
  try {
    const stat = statSync(path);
    if (stat.isFile()) return { path, size: stat.size };
  } catch {
    // reported below
  }
  throw new ThetaValidationError({
    field: "file",
    message: `file "${file}" is not a readable file`,
    fix: "pass the path of an existing local file",
  });
}

export const uploadDocumentCommand: Command = defineCommand({
  name: "theta.ai.agent.document.upload",
  title: "Upload a local file as an AI agent's document",
  description:
    "Upload a local file (streamed, not read whole) as a document of an agent; with documentId it replaces that document, or adds it again when the agent no longer has it. CLI only: agent tools never read local files. Changes the project (blocked by dry-run).",
  inputSchema: {
    type: "object",
    properties: {
      agentId: agentIdField,
      file: { type: "string", minLength: 1, description: "Path of the local file to upload." },
      documentId: documentIdField,
      ...uploadFieldProperties,
      filename: {
        type: "string",
        minLength: 1,
        description: "The name it is stored under (default: the file's name).",
      },
    },
    required: ["agentId", "file"],
    additionalProperties: false,
  },
  family: "agents",
  operations: [
    agentsOperations.createDocument,
    agentsOperations.updateDocument,
    agentsOperations.getDocument,
  ],
  surfaces: ["cli"],
  examples: [
    {
      agentId: "chatbot_abc",
      file: "./sales.csv",
      metadata: { query_type: "text", description: "Sales notes" },
    },
  ],
  run: async (args, runContext) => {
    const { path, size } = localFile(args.file);
    const content = createReadStream(path);
    const upload: DocumentUpload = {
      content,
      filename: args.filename ?? basename(path),
      ...(args.contentType === undefined ? {} : { contentType: args.contentType }),
      ...(args.metadata === undefined ? {} : { metadata: args.metadata as DocumentMetadata }),
    };
    const documents = runContext.client("agents").documents;
    try {
      const sent =
        args.documentId === undefined
          ? { ...(await documents.create(args.agentId, upload, signalOf(runContext))), created: true }
          : await documents.upsert(args.agentId, args.documentId, upload, signalOf(runContext));
      return { ...sent, filename: upload.filename, bytes: size };
    } finally {
      // Closes the file when the upload did not read it to the end (dry-run, an error before sending).
      content.destroy();
    }
  },
});
