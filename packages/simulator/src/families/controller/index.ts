/**
 * The controller family (`specs/controller.yaml`): the controller host (templates, deployments,
 * clusters, volume claims) and the platform host (VM types, balance, projects). Deployments bill by
 * the hour on the simulated clock and serve dedicated endpoints, which the inference module answers.
 */
import { controllerSpec } from "../../generated/controller.js";
import { defineFamilyModule } from "../module.js";
import { CONTROLLER_FLAGS, type ControllerOptions, checkControllerOptions } from "./options.js";
import { type ControllerHandle, createControllerRoutes } from "./routes.js";

export type { TemplateSpec, VmType } from "./catalog.js";
export { STANDARD_TEMPLATES, VM_TYPES } from "./catalog.js";
export type { DeploymentSummary } from "./deployment.js";
export type { ControllerOptions, CreateShape, LifecycleMethodOption, RouteStyleOption } from "./options.js";
export { type ControllerHandle, NOT_ALLOWED_MESSAGE } from "./routes.js";

/** Seed offset of the project key, so that it differs from every id the simulator makes from the seed. */

export type ControllerCredentials = {
  /** A project key the simulator accepts (any non-empty one is, except `invalid` and `expired`). */
  readonly apiKey: string;
  /** The project the key belongs to: any other project id is answered 403. */
  readonly projectId: string;
  /** The project's organization (the balance's `orgID`). */
  readonly orgId: string;
};

export const controllerModule = defineFamilyModule<
  "controller",
  ControllerOptions,
  ControllerCredentials,
  ControllerHandle
>({
  family: "controller",
  spec: controllerSpec,
  flags: CONTROLLER_FLAGS,
  checkOptions: checkControllerOptions,
  create(core, options) {
    const { routes, handle } = createControllerRoutes(core, options);
    return {
      routes,
      credentials: {
        apiKey: core.projectKey,
        projectId: core.projectId,
        orgId: core.orgId,
      },
      handle,
    };
  },
});
