/**
 * Normalizers: the API's response variants (see specs/README.md, "contradictions") → one shape.
 */
import { ThetaApiError } from "@theta/core";
import type { InferResult, PresignedUpload } from "./types.js";

export const TERMINAL_STATES: ReadonlySet<string> = new Set(["success", "error", "failed", "cancelled"]);

type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function finite(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}

/** Sum of a cost field: a number, or `{ input, output }` parts. */
export function sumCost(value: unknown): number | undefined {
  const direct = finite(value);
  if (direct !== undefined) return direct;
  if (!isRecord(value)) return undefined;
  const input = finite(value.input);
  const output = finite(value.output);
  if (input === undefined && output === undefined) return undefined;
  return (input ?? 0) + (output ?? 0);
}

function roundUsd(value: number): number {
  return Math.round(value * 1e12) / 1e12;
}

/**
 * USD cost of an infer request: `cost_usd` (USD) when present, else `cost` read as US cents
 * (the official types call it "credits"; uncertain).
 */
export function costUsdOf(request: JsonRecord): number | undefined {
  const usd = sumCost(request.cost_usd);
  if (usd !== undefined) return roundUsd(usd);
  const cents = sumCost(request.cost);
  if (cents !== undefined) return roundUsd(cents / 100);
  return undefined;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

function errorText(value: unknown): string | undefined {
  const text = nonEmptyString(value);
  if (text) return text;
  if (isRecord(value)) return nonEmptyString(value.message);
  return undefined;
}

/** Normalizes one infer request object (`body.infer_requests[i]`). */
export function normalizeInferRequest(request: JsonRecord, service?: string): InferResult {
  const state = (nonEmptyString(request.state) ?? "pending").toLowerCase();
  const result: InferResult = {
    id: nonEmptyString(request.id) ?? "",
    state,
    terminal: TERMINAL_STATES.has(state),
    timings: {},
    raw: request,
  };
  const serviceName = service ?? nonEmptyString(request.service) ?? nonEmptyString(request.service_alias);
  if (serviceName) result.service = serviceName;
  if (isRecord(request.output)) result.output = request.output;
  const error = errorText(request.error) ?? errorText(request.error_message);
  if (error) result.error = error;
  const cost = costUsdOf(request);
  if (cost !== undefined) result.costUsd = cost;
  const createdAt = nonEmptyString(request.create_time);
  const updatedAt = nonEmptyString(request.update_time);
  if (createdAt) result.timings.createdAt = createdAt;
  if (updatedAt) result.timings.updatedAt = updatedAt;
  if (createdAt && updatedAt && result.terminal) {
    const duration = Date.parse(updatedAt) - Date.parse(createdAt);
    if (Number.isFinite(duration) && duration >= 0) result.timings.durationMs = duration;
  }
  return result;
}

function badResponse(operationId: string, what: string): ThetaApiError {
  return new ThetaApiError({
    status: 200,
    operationId,
    serverMessage: `unexpected response: ${what}`,
    code: "api_error",
    retriable: false,
    fix: "The API answered in an unknown shape; update @theta/ondemand or report the response (without secrets)",
  });
}

/** The first infer request of an envelope `{ body: { infer_requests: [...] } }`. */
export function inferRequestFromEnvelope(
  envelope: unknown,
  operationId: string,
  service?: string,
): InferResult {
  const body = isRecord(envelope) ? envelope.body : undefined;
  const list = isRecord(body) ? body.infer_requests : undefined;
  const first = Array.isArray(list)
    ? list[0]
    : isRecord(body) && typeof body.id === "string"
      ? body
      : undefined;
  if (!isRecord(first)) throw badResponse(operationId, "no body.infer_requests[0]");
  const result = normalizeInferRequest(first, service);
  result.raw = envelope;
  return result;
}

/**
 * Presigned URLs, from either shape: `body.<field>.{presigned_url, filename}` or
 * `body.urls.<field>.{upload_url, filename}` → `{ [field]: { url, filename } }`.
 */
export function normalizePresignedUrls(
  envelope: unknown,
  operationId: string,
): Record<string, PresignedUpload> {
  const body = isRecord(envelope) ? envelope.body : undefined;
  if (!isRecord(body)) throw badResponse(operationId, "no body object");
  const out: Record<string, PresignedUpload> = {};
  const take = (field: string, entry: unknown): void => {
    if (!isRecord(entry)) return;
    const url =
      nonEmptyString(entry.presigned_url) ?? nonEmptyString(entry.upload_url) ?? nonEmptyString(entry.url);
    const filename = nonEmptyString(entry.filename);
    if (url && filename) out[field] = { url, filename };
  };
  // `urls` is the nested shape's container unless it is itself an entry (a field named "urls").
  const nested = isRecord(body.urls) && body.urls.filename === undefined ? body.urls : undefined;
  if (nested) {
    for (const [field, entry] of Object.entries(nested)) take(field, entry);
  }
  for (const [field, entry] of Object.entries(body)) {
    if (field !== "urls" || !nested) take(field, entry);
  }
  return out;
}
