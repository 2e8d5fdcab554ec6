import type { CallSettings, ClientOptions, OpenAiChatRequest, PollProgress } from "@theta/core";
import type { KnownService, SERVICE_CATALOG, ServiceCategory } from "./catalog.js";
import type { components } from "./generated/schema.js";

export interface OndemandClientOptions extends ClientOptions {
  /**
   * On-demand API token (dashboard "On-demand Model APIs -> API Key"). Defaults to the secret provider,
   * then `THETA_ONDEMAND_API_TOKEN`, `THETA_ONDEMAND_API_KEY`, `THETA_API_KEY`.
   */
  apiToken?: string;
}

/** A service of the catalog as the API returns it, plus the category the SDK computes. */
export type Service = components["schemas"]["Service"] & {
  /** Computed client-side from the alias and name (the API has no categories). */
  category: ServiceCategory;
};
export type Prediction = components["schemas"]["Prediction"];

/**
 * Per-request `timeoutMs` and `maxRetries` (same ranges as the client options; bad values are a
 * ThetaValidationError naming the option): they override the client's settings for this call only.
 */
export interface ListServicesOptions extends CallSettings {
  category?: ServiceCategory;
  expand?: "template_id";
  signal?: AbortSignal;
}

export interface RequestOptions extends CallSettings {
  signal?: AbortSignal;
}

export interface InferOptions extends CallSettings {
  /** Seconds the server holds the request open for the result (0-60; default 30; 0 returns at once). */
  wait?: number;
  /** Prediction name when the service has several (e.g. `background_removal`). */
  prediction?: string;
  /** Variant, e.g. `quantized`, `parallax_32b_fp8`. */
  variant?: string;
  /** Callback URL (the callback payload is undocumented). */
  webhook?: string;
  signal?: AbortSignal;
}

export type InferState = "pending" | "processing" | "success" | "error" | "failed" | "cancelled";

/** One inference request, normalized over the response variants the API is known to use. */
export interface InferResult<Output extends object = Record<string, unknown>> {
  id: string;
  service?: string;
  /** `pending`, `processing`, `success`, `error`, `failed`, `cancelled` (or another value the API adds). */
  state: InferState | (string & {});
  /** True for `success`, `error`, `failed`, `cancelled`. */
  terminal: boolean;
  /** The service's output: typed per known service (see `OutputFor`), a plain object otherwise. */
  output?: Output;
  /** From `error` or `error_message`. */
  error?: string;
  /**
   * Cost in USD: the sum of `cost_usd` parts, else of `cost` parts read as US cents (the official types call
   * them "credits"; the cents reading matches the catalog prices; uncertain), else computed from `usage`.
   */
  costUsd?: number;
  timings: { createdAt?: string; updatedAt?: string; durationMs?: number };
  /** The parsed response as received (the infer request object; the aggregated chat result for SSE). */
  raw: unknown;
}

export interface WaitOptions {
  /** Overall deadline (default 120 s; for video inputs with `frames`, an adaptive deadline). */
  timeoutMs?: number;
  /** First delay between polls (default 3000 ms). */
  intervalMs?: number;
  onProgress?(progress: PollProgress<InferResult>): void;
  signal?: AbortSignal;
  /** The job's input; `frames`/`fps` extend the default deadline for video jobs. */
  input?: object;
}

export interface WaitResult extends InferResult {
  attempts: number;
  elapsedMs: number;
  /** The final state, or `timeout` / `max-attempts`. */
  terminalState: string;
}

/**
 * What an upload can send. A Node.js Readable (such as `fs.createReadStream(path)`) is an async
 * iterable of chunks, so it is accepted without naming Node's types (projects without `@types/node`,
 * such as browser or worker projects, typecheck against this).
 */
export type UploadData = Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string> | Uint8Array;

export interface UploadUrlsOptions {
  prediction?: string;
  signal?: AbortSignal;
}

export interface PresignedUpload {
  url: string;
  filename: string;
}

export interface PutOptions {
  /** Default `application/octet-stream`. */
  contentType?: string;
  /** Byte length, sent as `content-length` (known automatically for Blob and Uint8Array). */
  size?: number;
  signal?: AbortSignal;
  /** Called as bytes are handed to the connection. */
  onProgress?(sentBytes: number): void;
}

export interface UploadOptions extends PutOptions {
  prediction?: string;
}

// ---------------------------------------------------------------------------------------------
// Chat: the OpenAI-compatible vocabulary is @theta/core's (shared with dedicated endpoints).

export type {
  ChatContentPart,
  ChatEvent,
  ChatMessage,
  ChatResult,
  ChatTool,
  ChatToolChoice,
  ChatUsage,
  ToolCall,
} from "@theta/core";

/** The chat services of the catalog (offered by autocomplete; other aliases are accepted too). */
export type KnownChatModel = {
  [S in KnownService]: (typeof SERVICE_CATALOG)[S]["kind"] extends "chat" ? S : never;
}[KnownService];

/** `reasoning_effort` values the catalog's chat services accept (other strings are passed through). */
export type KnownReasoningEffort = "low" | "medium" | "high" | "max";

export interface ChatRequest extends OpenAiChatRequest {
  /** Service alias (default `qwen3`); the known chat services autocomplete, any other alias is accepted. */
  model?: KnownChatModel | (string & {});
  reasoning_effort?: KnownReasoningEffort | (string & {});
  /** Variant for the job route (qwen3 uses `parallax_32b_fp8` by default). */
  variant?: string;
}

export interface ChatOptions {
  signal?: AbortSignal;
}
