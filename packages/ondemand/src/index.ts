/**
 * @theta/ondemand — typed client for the Theta EdgeCloud on-demand model API.
 */

export {
  type ExtraInput,
  type FieldSpec,
  type FieldType,
  type InputFor,
  isChatService,
  type KnownService,
  SERVICE_CATALOG,
  type ServiceCategory,
  type ServiceSpec,
  serviceSpec,
} from "./catalog.js";
export { categorize, SERVICE_CATEGORIES } from "./category.js";
export { type ChatCallOptions, type ChatResource, DEFAULT_CHAT_MODEL, PARALLAX_VARIANT } from "./chat.js";
export { createOndemandClient, ONDEMAND_FAMILY, type OndemandClient } from "./client.js";
export { type OndemandOperationsId, ondemandOperations } from "./generated/operations.js";
export type { components, operations, paths } from "./generated/schema.js";
export { normalizeInferRequest, normalizePresignedUrls, TERMINAL_STATES } from "./normalize.js";
export {
  estimateCostUsd,
  FALLBACK_MAX_TOKENS,
  FALLBACK_TOKEN_PRICE,
  FALLBACK_UNIT_PRICE,
  PRICES,
  type Price,
} from "./pricing.js";
export { type RequestsResource, videoDeadlineMs } from "./requests.js";
export type { ServicesResource } from "./services.js";
export type {
  ChatContentPart,
  ChatEvent,
  ChatMessage,
  ChatOptions,
  ChatRequest,
  ChatResult,
  ChatTool,
  ChatToolChoice,
  ChatUsage,
  InferOptions,
  InferResult,
  InferState,
  ListServicesOptions,
  OndemandClientOptions,
  Prediction,
  PresignedUpload,
  PutOptions,
  RequestOptions,
  Service,
  ToolCall,
  UploadData,
  UploadOptions,
  UploadUrlsOptions,
  WaitOptions,
  WaitResult,
} from "./types.js";
export type { UploadsResource } from "./uploads.js";
export { inputIssues, validateInput } from "./validate.js";
