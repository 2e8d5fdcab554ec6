/**
 * The on-demand model API (`specs/ondemand.yaml`): service catalog, inference jobs, presigned uploads
 * and OpenAI-compatible chat. Uploads go to the simulator's storage host, which the jobs read.
 */
import { ondemandSpec } from "../../generated/ondemand.js";
import { Rng } from "../../random.js";
import { defineFamilyModule } from "../module.js";
import { checkOndemandOptions, ONDEMAND_FLAGS, type OndemandOptions } from "./options.js";
import { createOndemandRoutes, type OndemandHandle } from "./routes.js";

export type { InputVar, InputVarType, OutputVar, Prediction, Service, VariantTemplate } from "./catalog.js";
export { SIMULATOR_CHAT_MODELS, SIMULATOR_SERVICE_ALIASES } from "./catalog.js";
export type { InferRequestSummary } from "./jobs.js";
export type { CostShape, ErrorField, OndemandOptions, PresignedShape } from "./options.js";
export type { OndemandHandle } from "./routes.js";

/** Seed offset of the token, so that it differs from every id the simulator makes from the seed. */
const TOKEN_SEED_OFFSET = 0x70c3;

export type OndemandCredentials = {
  /** A Bearer token the simulator accepts (any non-empty one is, except `invalid` and `expired`). */
  readonly apiToken: string;
};

export const ondemandModule = defineFamilyModule<
  "ondemand",
  OndemandOptions,
  OndemandCredentials,
  OndemandHandle
>({
  family: "ondemand",
  spec: ondemandSpec,
  flags: ONDEMAND_FLAGS,
  checkOptions: checkOndemandOptions,
  create(core, options) {
    const { routes, handle } = createOndemandRoutes(core, options);
    return {
      routes,
      credentials: { apiToken: `sim_ondemand_${new Rng(core.seed ^ TOKEN_SEED_OFFSET).hex(32)}` },
      handle,
    };
  },
});
