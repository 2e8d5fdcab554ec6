/**
 * The dedicated-endpoint family module: `@theta/controller`'s `createInferenceClient` (one deployment's
 * endpoint), the `theta.inference.*` commands, the capability probe, the setup questions and the
 * generated texts.
 */
import { createInferenceClient, type InferenceClient } from "@theta/controller";
import type { FamilyClientOptions, FamilyModule } from "../../family-module.js";
import { inferenceChatCommand } from "./chat.js";
import { inferenceGuide } from "./guide.js";
import { modelsCommand } from "./models.js";
import { inferenceProbe } from "./probe.js";
import { readyCommand } from "./ready.js";
import { inferenceSetup } from "./setup.js";

/**
 * The endpoint's client for one call. A base URL override of the `inference` server (the CLI's
 * `--inference-base-url`) is the endpoint; the client takes no base URLs, and no budget: its calls
 * are not billed (the deployment bills by the hour).
 */
function createClient(options: FamilyClientOptions): InferenceClient {
  const { baseUrls, budget: _unbilled, ...settings } = options;
  const endpoint = baseUrls.inference;
  return createInferenceClient({ ...settings, ...(endpoint === undefined ? {} : { endpoint }) });
}

// Annotated: the built-in client map is derived from this module's type, which must not depend on its commands.
export const inferenceModule: FamilyModule<"inference", InferenceClient> = {
  family: "inference",
  createClient,
  commands: [readyCommand, modelsCommand, inferenceChatCommand],
  probe: inferenceProbe,
  setup: inferenceSetup,
  guide: inferenceGuide,
};
