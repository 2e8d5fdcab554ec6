/** `models()`: the models an OpenAI-compatible endpoint serves (`GET /v1/models`). */
import type { FamilyClient } from "@theta/core";
import { isRecord, jsonAnswer, text, unexpectedAnswer } from "./answers.js";
import { inferenceOperations } from "./generated/inference/operations.js";
import type { paths } from "./generated/inference/schema.js";
import {
  type InferenceCallOptions,
  operationCallOptions,
  refuseEndpointOverride,
} from "./inference-call-options.js";

export interface InferenceModel {
  /** The model id to put in a chat request, e.g. `deepseek-ai/DeepSeek-R1-Distill-Qwen-7B`. */
  readonly id: string;
  readonly ownedBy?: string;
  /** The entry as the endpoint sent it. */
  readonly raw: unknown;
}

/** The entries of a `/v1/models` answer (`{ data: [{ id }] }`); a ThetaApiError when there are none to read. */
export function modelsOf(answer: unknown): InferenceModel[] {
  const entries = isRecord(answer) && Array.isArray(answer.data) ? answer.data : undefined;
  if (!entries) {
    throw unexpectedAnswer(inferenceOperations.listModels.operationId, "no data[] list of models");
  }
  const models: InferenceModel[] = [];
  for (const entry of entries) {
    if (!isRecord(entry)) continue;
    const id = text(entry.id);
    if (id === undefined) continue;
    const ownedBy = text(entry.owned_by);
    models.push(ownedBy === undefined ? { id, raw: entry } : { id, ownedBy, raw: entry });
  }
  return models;
}

export async function listModels(
  family: FamilyClient<paths>,
  options: InferenceCallOptions = {},
): Promise<InferenceModel[]> {
  refuseEndpointOverride(options);
  const operation = inferenceOperations.listModels;
  const { text: answer } = await family.callText(operation, operationCallOptions(options));
  return modelsOf(jsonAnswer(operation.operationId, answer));
}
