/**
 * From an HTTP error response to a ThetaApiError: the server's message out of the error envelopes
 * seen on Theta APIs, the request id, `Retry-After`, and the body kept redacted.
 */
import { ThetaApiError, truncate } from "./errors.js";

export type HeadersInput = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

function headerValue(headers: HeadersInput | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof Headers !== "undefined" && headers instanceof Headers) return headers.get(name) ?? undefined;
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
    if (key.toLowerCase() !== lower || value === undefined || value === null) continue;
    return Array.isArray(value) ? value.map(String).join(", ") : String(value);
  }
  return undefined;
}

/** Maximum characters of a non-JSON error body kept on the error. */
const MAX_TEXT_BODY = 2000;

/**
 * Reads the server's message out of the error envelopes seen on Theta APIs:
 * `{status:"error", message}`, `{error:"..."}`, `{error:{message}}`, `{message}`,
 * plus `{detail}` and `{error_message}`.
 */
export function errorMessageFromBody(body: unknown): string | undefined {
  if (typeof body === "string") return body.trim() || undefined;
  if (body === null || typeof body !== "object") return undefined;
  const record = body as Record<string, unknown>;
  const error = record.error;
  if (typeof record.message === "string" && record.message.trim()) return record.message;
  if (typeof error === "string" && error.trim()) return error;
  if (error !== null && typeof error === "object") {
    const nested = (error as Record<string, unknown>).message;
    if (typeof nested === "string" && nested.trim()) return nested;
  }
  if (typeof record.error_message === "string" && record.error_message.trim()) return record.error_message;
  if (typeof record.detail === "string" && record.detail.trim()) return record.detail;
  if (Array.isArray(record.detail)) {
    const first = record.detail[0] as Record<string, unknown> | undefined;
    if (first && typeof first.msg === "string") return first.msg;
  }
  const nestedBody = record.body;
  if (nestedBody !== null && typeof nestedBody === "object") {
    const nestedMessage = (nestedBody as Record<string, unknown>).message;
    if (typeof nestedMessage === "string" && nestedMessage.trim()) return nestedMessage;
  }
  return undefined;
}

/** `retry-after-ms` (milliseconds) or `Retry-After` (seconds or an HTTP date). */
export function retryAfterMsFromHeaders(
  headers: HeadersInput | undefined,
  now: number = Date.now(),
): number | undefined {
  const ms = headerValue(headers, "retry-after-ms");
  if (ms !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(ms)) return Math.round(Number(ms));
  const after = headerValue(headers, "retry-after");
  if (after === undefined) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(after)) return Math.round(Number(after) * 1000);
  const date = Date.parse(after);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

export interface ApiErrorFromResponseInit {
  status: number;
  bodyText?: string;
  headers?: HeadersInput;
  operationId?: string;
  method?: string;
  url?: string;
  cause?: unknown;
}

/**
 * Builds a `ThetaApiError` from a response: parses the JSON error envelope, maps
 * 409 + "No instances available" to `capacity_exhausted` (retriable), marks 408/425/429/5xx
 * retriable, takes the request id from `x-request-id` / `x-theta-request-id` / `cf-ray`, reads
 * `Retry-After`, and keeps the body redacted.
 */
export function apiErrorFromResponse(init: ApiErrorFromResponseInit): ThetaApiError {
  const text = init.bodyText ?? "";
  let body: unknown;
  let serverMessage: string | undefined;
  const trimmed = text.trim();
  if (trimmed.length > 0) {
    try {
      body = JSON.parse(trimmed) as unknown;
      serverMessage = errorMessageFromBody(body);
    } catch {
      body = truncate(trimmed, MAX_TEXT_BODY);
      if (/^<(!doctype|html|\?xml|head|body)/i.test(trimmed)) {
        const title = /<title[^>]*>([^<]*)<\/title>/i.exec(trimmed)?.[1];
        serverMessage = title?.trim() ? `(HTML page: ${title.trim()})` : "(HTML error page)";
      } else {
        serverMessage = truncate(trimmed, 280);
      }
    }
  }
  const requestId =
    headerValue(init.headers, "x-request-id") ??
    headerValue(init.headers, "x-theta-request-id") ??
    headerValue(init.headers, "cf-ray");
  let fix: string | undefined;
  if (init.status === 403 && /error code:?\s*1010|cloudflare/i.test(text)) {
    fix =
      "The request was blocked by the CDN in front of the API; send a normal User-Agent (the SDK does by default) and retry";
  }
  return new ThetaApiError({
    status: init.status,
    serverMessage,
    body,
    requestId,
    operationId: init.operationId,
    method: init.method,
    url: init.url,
    retryAfterMs: retryAfterMsFromHeaders(init.headers),
    fix,
    cause: init.cause,
  });
}
