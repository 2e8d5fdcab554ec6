/**
 * The controller family on the simulator: the controller host (templates, deployments, clusters,
 * volume claims) and the platform host (VM types, balance, projects and members), one spec for both.
 * Every project-scoped route checks the project id like the real hosts: another one answers the real
 * `403 You are not allowed to perform this action`.
 */
import { isoTime } from "../../clock.js";
import type { SimulatorCore } from "../../core.js";
import type { controllerSpec } from "../../generated/controller.js";
import type { HandlersOf, RouteHandler } from "../module.js";
import { CLUSTERS, VM_TYPES, VOLUME_CLAIMS } from "./catalog.js";
import type { DeploymentSummary, SimulatedDeployment } from "./deployment.js";
import { createDeploymentRoutes } from "./deployment-routes.js";
import { type ControllerOptions, controllerSettings } from "./options.js";
import { createProjectRoutes } from "./project-routes.js";
import { pageOf, requireProject, success } from "./request-checks.js";
import { createTemplateRoutes } from "./template-routes.js";

export { NOT_ALLOWED_MESSAGE } from "./request-checks.js";

/** The controller family's state and controls, as tests see it (`simulator.families.controller`). */
export interface ControllerHandle {
  /** Deployments created so far (deleted ones too, with status "Deleted"), oldest first. */
  deployments(): DeploymentSummary[];
}

export interface ControllerRoutes {
  routes: Record<string, RouteHandler>;
  handle: ControllerHandle;
}

export function createControllerRoutes(core: SimulatorCore, options: ControllerOptions): ControllerRoutes {
  const settings = controllerSettings(options);
  const startedAt = isoTime(core.clock.now());
  const deployments: SimulatedDeployment[] = [];
  const routes = {
    ...createTemplateRoutes(core, startedAt),
    ...createDeploymentRoutes(core, settings, deployments),
    ...createProjectRoutes(core, startedAt),
    listClusters(ctx) {
      requireProject(core.projectId, ctx.query.get("project_id"), "project_id");
      success(ctx, { clusters: CLUSTERS });
    },
    listVolumeClaims(ctx) {
      // camelCase on this route only, as the one source shows; paged from 1 there.
      requireProject(core.projectId, ctx.query.get("projectId"), "projectId");
      success(ctx, pageOf(ctx, VOLUME_CLAIMS, 1).items);
    },
    listVmTypes(ctx) {
      success(ctx, VM_TYPES);
    },
  } satisfies HandlersOf<typeof controllerSpec>;
  return {
    routes,
    handle: {
      deployments() {
        const now = core.clock.now();
        return deployments.map((deployment) => deployment.summary(now));
      },
    },
  };
}
