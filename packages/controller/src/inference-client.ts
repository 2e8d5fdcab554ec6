/**
 * `createInferenceClient`: a client of one dedicated deployment's endpoint (the `inference` family of
 * `@theta/core`). The endpoint is checked by core's host policy when the client is made: HTTPS, a host
 * under `thetaedgecloud.com` / `onthetaedgecloud.com`, no credentials in the URL; plain-http loopback
 * (the simulator, a test server) only with `allowInsecureLoopback` / THETA_ALLOW_INSECURE_LOOPBACK=1.
 */
import {
  type ChatResource,
  type ClientOptions,
  type CredentialValues,
  createFamilyClient,
  FAMILIES,
  type FamilyClient,
  type FamilySpec,
  ThetaConfigError,
  ThetaValidationError,
} from "@theta/core";
import { inferenceOperations } from "./generated/inference/operations.js";
import type { paths } from "./generated/inference/schema.js";
import { type GradioPrediction, type GradioPredictRequest, gradioConfig, gradioPredict } from "./gradio.js";
import type { InferenceCallOptions } from "./inference-call-options.js";
import { createInferenceChat, type InferenceChatRequest } from "./inference-chat.js";
import { type InferenceModel, listModels } from "./inference-models.js";
import { type ReadyOptions, type ReadyReport, waitUntilReady } from "./inference-ready.js";

/** The dedicated-endpoint family: endpoint, `authToken` or `authUser` / `authPass`, `model`. */
export const INFERENCE_FAMILY: FamilySpec = FAMILIES.inference;

/** Bearer token, or the Basic Auth set when the deployment was created. */
export type InferenceAuth =
  | { readonly token: string }
  | { readonly username: string; readonly password: string };

export interface InferenceClientOptions extends Omit<ClientOptions, "baseUrl" | "baseUrls" | "budget"> {
  /**
   * The deployment's endpoint, e.g. `https://<name>-<hex>.tec-s1.onthetaedgecloud.com` (the handle's
   * `endpoint`). Default: THETA_INFERENCE_ENDPOINT.
   */
  endpoint?: string;
  /**
   * Default: the secret provider, then THETA_INFERENCE_AUTH_TOKEN, else THETA_INFERENCE_AUTH_USER and
   * THETA_INFERENCE_AUTH_PASS; none: the endpoint is called without credentials (a public deployment).
   */
  auth?: InferenceAuth;
  /** The model chat requests use when they name none. Default: THETA_INFERENCE_MODEL, else the first `models()` lists. */
  model?: string;
}

export interface InferenceClient {
  /** The endpoint's base URL (normalized, no trailing slash). */
  readonly endpoint: string;
  /** The models an OpenAI-compatible endpoint serves (`GET /v1/models`). */
  models(options?: InferenceCallOptions): Promise<InferenceModel[]>;
  /** OpenAI-compatible chat (`POST /v1/chat/completions`), the same implementation as `@theta/ondemand`'s. */
  readonly chat: ChatResource<InferenceChatRequest>;
  /** Polls until the endpoint serves, treating warm-up answers (404, 502, 503, 401, 500, ...) as not ready yet. */
  ready(options?: ReadyOptions): Promise<ReadyReport>;
  /** A Gradio template's config (`GET /config`). */
  gradioConfig(options?: InferenceCallOptions): Promise<Record<string, unknown>>;
  /** A Gradio template's prediction (`POST /api/predict` with `{ fn_index, data }`). */
  predict(request: GradioPredictRequest, options?: InferenceCallOptions): Promise<GradioPrediction>;
}

function credentialsOf(auth: InferenceAuth | undefined, model: string | undefined): CredentialValues {
  const values: CredentialValues = { model };
  if (auth === undefined) return values;
  const given = auth as Partial<Record<"token" | "username" | "password", unknown>>;
  if (typeof given.token === "string" && given.token !== "") return { ...values, authToken: given.token };
  if (typeof given.username === "string" && given.username !== "" && typeof given.password === "string") {
    if (given.password === "") {
      throw new ThetaValidationError({
        field: "auth.password",
        message: "auth.password is empty",
        fix: "pass the password set when the deployment was created (auth_password), or a token",
      });
    }
    return { ...values, authUser: given.username, authPass: given.password };
  }
  throw new ThetaValidationError({
    field: "auth",
    message: "auth must be { token } or { username, password }",
    fix: "pass the deployment's Basic Auth ({ username, password }) or a bearer token ({ token })",
  });
}

export function createInferenceClient(options: InferenceClientOptions = {}): InferenceClient {
  const { endpoint, auth, model, ...rest } = options;
  const refused = options as { baseUrl?: unknown; baseUrls?: unknown };
  if (refused.baseUrl !== undefined || refused.baseUrls !== undefined) {
    throw new ThetaValidationError({
      field: refused.baseUrl !== undefined ? "baseUrl" : "baseUrls",
      message: "A dedicated endpoint is set with the endpoint option",
      fix: "pass endpoint (or set THETA_INFERENCE_ENDPOINT)",
    });
  }
  const credentials = credentialsOf(auth, model);
  const settings = {
    ...rest,
    ...(endpoint === undefined ? {} : { baseUrl: endpoint }),
    baseUrlOptionName: "endpoint",
    credentials,
  };
  const family = createFamilyClient<paths>(INFERENCE_FAMILY, inferenceOperations, settings);
  // Readiness probes are single attempts: the polling is the retry, and a warm-up 503 is an answer.
  let probeFamily: FamilyClient<paths> | undefined;
  const probes = (): FamilyClient<paths> => {
    probeFamily ??= createFamilyClient<paths>(INFERENCE_FAMILY, inferenceOperations, {
      ...settings,
      maxRetries: 0,
    });
    return probeFamily;
  };
  let firstModel: Promise<string> | undefined;
  const defaultModel = async (signal: AbortSignal | undefined): Promise<string> => {
    const configured = (await family.credentials()).values.model;
    if (configured) return configured;
    firstModel ??= listModels(family, signal ? { signal } : {}).then((models) => {
      const first = models[0];
      if (!first) {
        throw new ThetaConfigError({
          message:
            "The dedicated endpoint lists no models and no model is configured: set THETA_INFERENCE_MODEL or pass model",
          variable: "THETA_INFERENCE_MODEL",
          envNames: ["THETA_INFERENCE_MODEL"],
        });
      }
      return first.id;
    });
    // A failed lookup is tried again on the next chat.
    firstModel.catch(() => {
      firstModel = undefined;
    });
    return firstModel;
  };
  return {
    endpoint: family.baseUrl,
    models: (callOptions) => listModels(family, callOptions),
    chat: createInferenceChat(family, defaultModel),
    ready: (readyOptions) => waitUntilReady(probes(), readyOptions),
    gradioConfig: (callOptions) => gradioConfig(family, callOptions),
    predict: (request, callOptions) => gradioPredict(family, request, callOptions),
  };
}
