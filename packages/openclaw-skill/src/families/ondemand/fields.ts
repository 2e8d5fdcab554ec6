/** Input fields several on-demand commands share (one schema each, reused by the aliases). */
import { SERVICE_CATEGORIES } from "@theta/ondemand";

/** The catalog categories (`text`, `image`, ...), as the SDK computes them. */
export const CATEGORIES = SERVICE_CATEGORIES;

export const serviceField = {
  type: "string",
  minLength: 1,
  description: "Service alias from the catalog, e.g. flux, whisper.",
} as const;

export const predictionField = {
  type: "string",
  minLength: 1,
  description: "Prediction of a service that has several (default: the catalog's).",
} as const;

export const variantField = {
  type: "string",
  minLength: 1,
  description: "Model variant, e.g. quantized.",
} as const;

export const webhookField = {
  type: "string",
  format: "uri",
  minLength: 1,
  description: "URL called when the request finishes.",
} as const;

export const waitField = {
  type: "integer",
  minimum: 0,
  maximum: 60,
  default: 30,
  description: "Seconds to wait for the result (0: return the request id at once).",
} as const;

export const requestIdField = {
  type: "string",
  minLength: 1,
  description: "Request id (infr_rqst_…) from infer.",
} as const;

export const timeoutField = {
  type: "integer",
  minimum: 1000,
  maximum: 3_600_000,
  default: 120_000,
  description: "Stop polling after this many ms.",
} as const;

export const intervalField = {
  type: "integer",
  minimum: 100,
  maximum: 60_000,
  default: 3000,
  description: "Ms between checks (backs off).",
} as const;

export const inputField = {
  type: "object",
  description: 'The service\'s inputs as the catalog lists them, e.g. {"prompt":"…"}.',
  additionalProperties: true,
} as const;
