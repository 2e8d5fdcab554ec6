/**
 * The dedicated inference endpoints (`specs/inference.yaml`): each deployment the controller module
 * creates serves one at `<simulator>/inference/<name>-<suffix>`, and the bare `<simulator>/inference`
 * is a standing endpoint (OpenAI-compatible, always ready) behind the credentials this module hands
 * out, so the inference client can be tried without creating a deployment.
 */
import type { DedicatedEndpoint } from "../../dedicated-endpoints.js";
import { inferenceSpec } from "../../generated/inference.js";
import { Rng } from "../../random.js";
import { defineFamilyModule } from "../module.js";
import { createInferenceRoutes } from "./routes.js";

/** Seed offset of the standing endpoint's credentials, so that they differ from every id made from the seed. */
const CREDENTIAL_SEED_OFFSET = 0x1bfe;

/** The model the standing endpoint serves (the DeepSeek template's). */
export const STANDING_ENDPOINT_MODEL = "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B";

export type InferenceCredentials = {
  /** Basic-auth user of the standing endpoint (`<simulator>/inference`). */
  readonly authUser: string;
  readonly authPass: string;
  /** The model the standing endpoint serves. */
  readonly model: string;
};

/** The inference family's state, as tests see it (`simulator.families.inference`). */
export interface InferenceHandle {
  /** A Bearer token the standing endpoint accepts too (created deployments accept their Basic auth only). */
  readonly standingBearerToken: string;
}

export const inferenceModule = defineFamilyModule<
  "inference",
  Record<string, never>,
  InferenceCredentials,
  InferenceHandle
>({
  family: "inference",
  spec: inferenceSpec,
  flags: [],
  checkOptions(options) {
    const keys = Object.keys(options);
    if (keys.length > 0) {
      throw new RangeError(
        `startSimulator: inference.${keys[0]} is not an option; the endpoints' behaviour is set under controller (warmup)`,
      );
    }
  },
  create(core) {
    const rng = new Rng(core.seed ^ CREDENTIAL_SEED_OFFSET);
    const credentials: InferenceCredentials = {
      authUser: `sim_${rng.hex(8)}`,
      authPass: rng.id(24),
      model: STANDING_ENDPOINT_MODEL,
    };
    const standingBearerToken = `sim_inference_${rng.hex(32)}`;
    const standing: DedicatedEndpoint = {
      key: "",
      kind: "openai",
      model: STANDING_ENDPOINT_MODEL,
      title: "standing endpoint",
      auth: {
        basic: { username: credentials.authUser, password: credentials.authPass },
        bearer: standingBearerToken,
      },
      phase: () => ({ state: "ready" }),
    };
    core.endpoints.serveStanding(standing);
    return { routes: createInferenceRoutes(core), credentials, handle: { standingBearerToken } };
  },
});
