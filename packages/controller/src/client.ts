import {
  type ClientOptions,
  type CredentialValues,
  createFamilyClient,
  FAMILIES,
  type FamilySpec,
} from "@theta/core";
import { type BillingResource, createBilling } from "./billing.js";
import { CONTROLLER_USER_AGENT } from "./browser-headers.js";
import { checkIdOptions, createControllerContext } from "./context.js";
import { createDeployments, type DeploymentsResource } from "./deployments.js";
import { controllerOperations } from "./generated/operations.js";
import type { paths } from "./generated/schema.js";
import {
  type ClustersResource,
  createClusters,
  createVolumes,
  type VolumesResource,
} from "./project-resources.js";
import { createProjects, type ProjectsResource } from "./projects.js";
import type { Route, RouteAction } from "./route-fallback.js";
import { createTemplates, type TemplatesResource } from "./templates.js";
import { createVmTypes, type VmTypesResource } from "./vm-types.js";

/** The controller family: credentials `apiKey`, `projectId`, `orgId`; servers `controller` and `platform`. */
export const CONTROLLER_FAMILY: FamilySpec = FAMILIES.controller;

export interface ControllerClientOptions extends ClientOptions {
  /** Project API key (sent as `x-api-key`). Default: the secret provider, then THETA_EC_API_KEY. */
  apiKey?: string;
  /** Project id (`prj_...`) of the project the key was created in. Default: THETA_EC_PROJECT_ID. */
  projectId?: string;
  /** Organization id (`org_...`), for the balance. Default: THETA_ORG_ID. */
  orgId?: string;
}

export interface ControllerClient {
  /** Base URL of the controller host (no trailing slash). */
  readonly baseUrl: string;
  readonly templates: TemplatesResource;
  readonly deployments: DeploymentsResource;
  readonly vmTypes: VmTypesResource;
  readonly clusters: ClustersResource;
  readonly volumes: VolumesResource;
  readonly billing: BillingResource;
  readonly projects: ProjectsResource;
  /** The deployment routes this client has found to answer, per action (see README, "Route fallback"). */
  knownRoutes(): Partial<Record<RouteAction, Route>>;
}

/**
 * Creates a client for the controller (`controller.thetaedgecloud.com`) and platform
 * (`api.thetaedgecloud.com`) APIs, which share the project key.
 *
 * A malformed `projectId` / `orgId` option is a ThetaValidationError here; one from the environment is
 * one on first use, before any request. The default User-Agent is browser-like (the hosts' Cloudflare
 * front refuses some others); `userAgent` overrides it.
 */
export function createControllerClient(options: ControllerClientOptions = {}): ControllerClient {
  const { apiKey, projectId, orgId, ...rest } = options;
  checkIdOptions({ projectId, orgId });
  const credentials: CredentialValues = { apiKey, projectId, orgId };
  const family = createFamilyClient<paths>(CONTROLLER_FAMILY, controllerOperations, {
    ...rest,
    userAgent: rest.userAgent ?? CONTROLLER_USER_AGENT,
    credentials,
  });
  const ctx = createControllerContext(family);
  const vmTypes = createVmTypes(ctx);
  return {
    baseUrl: family.baseUrl,
    templates: createTemplates(ctx),
    deployments: createDeployments(ctx, vmTypes),
    vmTypes,
    clusters: createClusters(ctx),
    volumes: createVolumes(ctx),
    billing: createBilling(ctx),
    projects: createProjects(ctx),
    knownRoutes: () => ctx.routes.snapshot(),
  };
}
