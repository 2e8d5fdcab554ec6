/**
 * @theta/agents — typed client for Theta EdgeCloud AI agents (RAG chatbots) and their documents.
 */

export {
  type AgentChanges,
  type AgentInput,
  type AgentSettings,
  type AgentTools,
  agentFieldIssues,
  MAX_TOKENS_RANGE,
  TEMPERATURE_RANGE,
  type WarmUpMessage,
} from "./agent-fields.js";
export { type Agent, type AgentsResource, DEFAULT_AGENT_PAGE_SIZE } from "./agents.js";
export { AGENTS_FAMILY, type AgentsClient, type AgentsClientOptions, createAgentsClient } from "./client.js";
export type { DocumentContent } from "./document-content.js";
export {
  contentTypeOf,
  type DocumentMetadata,
  type DocumentUpload,
  type SqlMetadata,
  type TextMetadata,
} from "./document-upload.js";
export {
  type AgentDocument,
  DEFAULT_DOCUMENT_PAGE_SIZE,
  type DocumentRef,
  type DocumentSummary,
  type DocumentsResource,
  REDACTED_CONTENT,
  type UpsertResult,
} from "./documents.js";
export { type AgentsOperationsId, agentsOperations } from "./generated/operations.js";
export type { components, operations, paths } from "./generated/schema.js";
export type { MultipartBody, MultipartField, MultipartFile } from "./multipart.js";
export { multipartBody } from "./multipart.js";
export type { Page, PageOptions } from "./pages.js";
export type { RequestOptions } from "./request-options.js";
