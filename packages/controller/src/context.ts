/**
 * What every resource of the client shares: the family client and its two hosts' typed clients, the
 * resolved and checked ids, the key check, and the memory of which deployment routes answer.
 */
import type { FamilyClient } from "@theta/core";
import type { Client } from "openapi-fetch";
import { browserAccept } from "./browser-headers.js";
import type { paths } from "./generated/schema.js";
import { checkId, ORG_ID, PROJECT_ID } from "./ids.js";
import { createRouteMemory, type RouteMemory } from "./route-fallback.js";

export interface ControllerContext {
  readonly family: FamilyClient<paths>;
  /** Typed client of the controller host (`controller.thetaedgecloud.com`). */
  readonly controller: Client<paths>;
  /** Typed client of the platform host (`api.thetaedgecloud.com`), built on first use. */
  platform(): Client<paths>;
  /** The configured project id, checked (`prj_...`); ThetaConfigError / ThetaValidationError before any request. */
  projectId(): Promise<string>;
  /** The configured organization id, checked (`org_...`). */
  orgId(): Promise<string>;
  /**
   * Resolves the API key or throws ThetaConfigError before any request. Under dry-run a mutating call
   * needs no key (nothing is sent; the plan shows where it would go).
   */
  requireKey(mutating: boolean): Promise<void>;
  /** Which deployment route style and method answered, per action (per client). */
  readonly routes: RouteMemory;
}

const PROJECT_SOURCE = {
  field: "projectId",
  variable: "THETA_EC_PROJECT_ID",
  where: "in the dashboard (Settings -> Projects)",
} as const;
const ORG_SOURCE = {
  field: "orgId",
  variable: "THETA_ORG_ID",
  where: "in the dashboard (Settings -> Organization)",
} as const;

export function createControllerContext(family: FamilyClient<paths>): ControllerContext {
  family.api.use(browserAccept);
  let platform: Client<paths> | undefined;
  return {
    family,
    controller: family.api,
    platform() {
      if (!platform) {
        platform = family.server("platform").api;
        platform.use(browserAccept);
      }
      return platform;
    },
    async projectId() {
      return checkId(await family.requireCredential("projectId"), PROJECT_ID, PROJECT_SOURCE);
    },
    async orgId() {
      return checkId(await family.requireCredential("orgId"), ORG_ID, ORG_SOURCE);
    },
    async requireKey(mutating) {
      if (mutating && family.http.dryRun) return;
      await family.requireCredential("apiKey");
    },
    routes: createRouteMemory(),
  };
}

/** Checks the ids given as options right away, so a typo fails at construction rather than on first use. */
export function checkIdOptions(options: { projectId?: string; orgId?: string }): void {
  // Trimmed and empty-as-unset, as core resolves credentials.
  const projectId = options.projectId?.trim();
  const orgId = options.orgId?.trim();
  if (projectId) checkId(projectId, PROJECT_ID, PROJECT_SOURCE);
  if (orgId) checkId(orgId, ORG_ID, ORG_SOURCE);
}
