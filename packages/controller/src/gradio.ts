/** Gradio templates: `GET /config` and `POST /api/predict` (`{ fn_index, data }`). */
import { type FamilyClient, ThetaValidationError } from "@theta/core";
import { isRecord, jsonAnswer, unexpectedAnswer } from "./answers.js";
import { inferenceOperations } from "./generated/inference/operations.js";
import type { paths } from "./generated/inference/schema.js";
import {
  type InferenceCallOptions,
  operationCallOptions,
  refuseEndpointOverride,
} from "./inference-call-options.js";

export interface GradioPredictRequest {
  /** The inputs of the app's function, in order. */
  data: unknown[];
  /** Which function of the app (default 0). */
  fnIndex?: number;
}

export interface GradioPrediction {
  /** The outputs, in order. */
  readonly data: unknown[];
  /** Seconds the app reports it took, when it does. */
  readonly durationSeconds?: number;
  readonly raw: unknown;
}

function checkPredictRequest(request: GradioPredictRequest): void {
  if (!isRecord(request) || !Array.isArray(request.data)) {
    throw new ThetaValidationError({
      field: "data",
      message: "predict needs data, the array of the function's inputs",
      fix: 'pass { data: ["an input", ...] }',
    });
  }
  const { fnIndex } = request;
  if (fnIndex !== undefined && !(Number.isInteger(fnIndex) && fnIndex >= 0)) {
    throw new ThetaValidationError({
      field: "fnIndex",
      message: `fnIndex must be a whole number of at least 0, got ${String(fnIndex)}`,
      fix: "pass the index of the app's function (0 for the first)",
    });
  }
}

export async function gradioConfig(
  family: FamilyClient<paths>,
  options: InferenceCallOptions = {},
): Promise<Record<string, unknown>> {
  refuseEndpointOverride(options);
  const operation = inferenceOperations.getGradioConfig;
  const { text } = await family.callText(operation, operationCallOptions(options));
  const config = jsonAnswer(operation.operationId, text);
  if (!isRecord(config)) throw unexpectedAnswer(operation.operationId, "the Gradio config is not an object");
  return config;
}

export async function gradioPredict(
  family: FamilyClient<paths>,
  request: GradioPredictRequest,
  options: InferenceCallOptions = {},
): Promise<GradioPrediction> {
  refuseEndpointOverride(options);
  checkPredictRequest(request);
  const operation = inferenceOperations.gradioPredict;
  const { text } = await family.callText(operation, {
    json: { fn_index: request.fnIndex ?? 0, data: request.data },
    ...operationCallOptions(options),
  });
  const answer = jsonAnswer(operation.operationId, text);
  if (!isRecord(answer) || !Array.isArray(answer.data)) {
    throw unexpectedAnswer(operation.operationId, "no data[] of outputs");
  }
  const prediction: { data: unknown[]; durationSeconds?: number; raw: unknown } = {
    data: answer.data,
    raw: answer,
  };
  if (typeof answer.duration === "number") prediction.durationSeconds = answer.duration;
  return prediction;
}
