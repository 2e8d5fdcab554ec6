export { markSource, sourceOf } from "./answer-source.js";
export { authHeaders, type CredentialValues } from "./auth-headers.js";
export {
  type BaseUrlSource,
  type ResolveBaseUrlOptions,
  resolveBaseUrl,
  serverAsSource,
} from "./base-url.js";
export {
  type BudgetGuard,
  type BudgetGuardOptions,
  type BudgetSnapshot,
  createBudgetGuard,
  failureWasNotCharged,
  type Reservation,
  type SettleResult,
  withBudget,
} from "./budget.js";
export { RESERVATION_HEADER } from "./budget-reservations.js";
export { type CallSettings, callSettingsFrom, callSettingsHeaders } from "./call-settings.js";
export { type CallerTerms, callerTerms, LIBRARY_TERMS } from "./caller-terms.js";
export { ChatAccumulator, type ChatAggregate } from "./chat-accumulator.js";
export { type ChatAnswer, type ChatAnswerReading, chatAnswerBatches } from "./chat-answer.js";
export { aggregateCompletion } from "./chat-completion.js";
export { ChatStream, type ChatStreamResultOptions } from "./chat-stream.js";
export { ChatStreamDecoder, chatEvents, eventsOfChunk } from "./chat-stream-decoder.js";
export type {
  ChatContentPart,
  ChatEvent,
  ChatMessage,
  ChatResult,
  ChatTool,
  ChatToolChoice,
  ChatUsage,
  OpenAiChatRequest,
  ToolCall,
} from "./chat-types.js";
export { normalizeUsage } from "./chat-usage.js";
export {
  type ClientOptions,
  createFamilyClient,
  type FamilyClient,
  type ReservedCall,
  type ServerClient,
} from "./client.js";
export { closeNames, levenshtein } from "./close-names.js";
export {
  type CredentialSource,
  type ResolveCredentialsOptions,
  type ResolvedCredentials,
  requireCredential,
  resolveCredentials,
  type SecretProvider,
} from "./credentials.js";
export type { DryRunPlan } from "./dry-run-plan.js";
export { defaultEnv, type Env, envFlag } from "./env.js";
export {
  ALLOW_INSECURE_LOOPBACK_VARIABLE,
  type EnvironmentVariable,
  environmentVariables,
  SERVER_NAMES,
} from "./environment.js";
export {
  type ApiErrorFromResponseInit,
  apiErrorFromResponse,
  errorMessageFromBody,
  type HeadersInput,
  retryAfterMsFromHeaders,
} from "./error-from-response.js";
export {
  apiErrorCode,
  isRetriableStatus,
  ThetaAbortError,
  type ThetaAbortErrorInit,
  ThetaApiError,
  type ThetaApiErrorInit,
  ThetaBudgetError,
  type ThetaBudgetErrorInit,
  ThetaConfigError,
  type ThetaConfigErrorInit,
  ThetaConnectionError,
  type ThetaConnectionErrorInit,
  ThetaDryRunError,
  type ThetaDryRunErrorInit,
  ThetaError,
  type ThetaErrorCode,
  type ThetaErrorOptions,
  ThetaStreamError,
  type ThetaStreamErrorCode,
  type ThetaStreamErrorInit,
  ThetaTimeoutError,
  type ThetaTimeoutErrorInit,
  ThetaValidationError,
  type ThetaValidationErrorInit,
  type TimeoutPhase,
  type ValidationIssue,
} from "./errors.js";
export {
  type AuthScheme,
  type CredentialSpec,
  FAMILIES,
  FAMILY_LIST,
  type FamilyName,
  type FamilySpec,
  familyNamed,
  SERVERS,
  type ServerName,
  type ServerSpec,
} from "./families.js";
export {
  type CheckEndpointOptions,
  checkEndpoint,
  isLoopbackHost,
  THETA_ENDPOINT_DOMAINS,
} from "./host-policy.js";
export { HTTP_SETTING_LIMITS, type HttpSettings, readHttpSettings } from "./http-settings.js";
export { createConsoleLogger, type LogData, type Logger, type LogLevel, silentLogger } from "./logger.js";
export {
  type ChatCallOptions,
  type ChatResource,
  createOpenAiChat,
  DEFAULT_FIRST_CHUNK_TIMEOUT_MS,
  DEFAULT_IDLE_TIMEOUT_MS,
  type OpenAiChatBinding,
  type PreparedChat,
} from "./openai-chat.js";
export { type OperationCallOptions, operationUrl } from "./operation-call.js";
export { matchOperation } from "./operation-match.js";
export type {
  Confidence,
  HttpMethod,
  OperationPolicy,
  OperationsTable,
  RetryPolicy,
  RpcMethodPolicy,
  RpcMethodsTable,
  SpecOperationPolicy,
  SpecOperationsTable,
} from "./operations.js";
export { abortableSleep, type PollOptions, type PollProgress, type PollResult, poll } from "./poll.js";
export {
  type HeadersLike,
  isSecretKey,
  MIN_SECRET_LENGTH,
  REDACTED,
  redact,
  redactHeaders,
  redactionRulesVersion,
  redactText,
  redactUrl,
  registerSecret,
  SENSITIVE_HEADERS,
} from "./redact.js";
export { createTextStreamRedactor, type TextStreamRedactor } from "./redact-stream.js";
export { TIMEOUT_HEADER } from "./request-prepare.js";
export {
  DEFAULT_MAX_EVENT_BYTES,
  isEventStream,
  looksLikeSse,
  type SseMessage,
  type SseStreamOptions,
  sseBatches,
  sseStream,
} from "./sse.js";
export { ThetaStream } from "./theta-stream.js";
export {
  createTransport,
  DEFAULT_ACCEPT,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_RETRY_AFTER_CAP_MS,
  DEFAULT_USER_AGENT,
  type TextResponse,
  type ThetaFetch,
  type ThetaTransport,
  type TransportOptions,
} from "./transport.js";
