/** Input fields several on-demand commands share (one schema each, reused by the aliases). */
import { SERVICE_CATEGORIES } from "@theta/ondemand";

/** The catalog categories (`text`, `image`, ...), as the SDK computes them. */
export const CATEGORIES = SERVICE_CATEGORIES;

export const serviceField = {
  type: "string",
  minLength: 1,
  description:
    "Service alias from the catalog (theta.ondemand.listServices), e.g. qwen3, stable_diffusion_xl_turbo, whisper.",
} as const;

export const predictionField = {
  type: "string",
  minLength: 1,
  description:
    "Prediction (method) of the service when it has several, e.g. completions, predict, stt. Usually not needed.",
} as const;

export const variantField = {
  type: "string",
  minLength: 1,
  description: "Model variant, e.g. default, quantized, turbo. Usually not needed.",
} as const;

export const webhookField = {
  type: "string",
  format: "uri",
  minLength: 1,
  description: "HTTPS URL the service calls when the request finishes (optional).",
} as const;

export const waitField = {
  type: "integer",
  minimum: 0,
  maximum: 60,
  default: 30,
  description:
    "Seconds the server holds the request open waiting for the result (0 = return at once with a request id).",
} as const;

export const requestIdField = {
  type: "string",
  minLength: 1,
  description: "Inference request id (infr_rqst_…) returned by infer.",
} as const;

export const timeoutField = {
  type: "integer",
  minimum: 1000,
  maximum: 3_600_000,
  default: 120_000,
  description: "Stop polling after this many milliseconds.",
} as const;

export const intervalField = {
  type: "integer",
  minimum: 100,
  maximum: 60_000,
  default: 3000,
  description: "Milliseconds between status checks (backs off from this value).",
} as const;

export const inputField = {
  type: "object",
  description:
    'Model inputs: the keys are the service\'s input fields (see listServices), e.g. {"prompt":"…"} for image models or {"messages":[…]} for chat models.',
  additionalProperties: true,
} as const;
