/**
 * What the agents and documents resources share: the family client (controller host, project key),
 * the checked project id, and the key check that runs before any request.
 */
import { type FamilyClient, ThetaValidationError } from "@theta/core";
import type { paths } from "./generated/schema.js";

export interface AgentsContext {
  readonly family: FamilyClient<paths>;
  /** The configured project id, checked (`prj_...`); ThetaConfigError / ThetaValidationError before any request. */
  projectId(): Promise<string>;
  /**
   * Resolves the API key or throws ThetaConfigError before any request. Under dry-run a mutating call
   * needs no key (nothing is sent; the plan shows where it would go).
   */
  requireKey(mutating: boolean): Promise<void>;
}

const PROJECT_ID_PATTERN = /^prj_[A-Za-z0-9]+$/;

/** Refuses a project id that is not `prj_` then letters and digits (it would answer a confusing 403). */
export function checkProjectId(projectId: string, origin: string): string {
  if (!PROJECT_ID_PATTERN.test(projectId)) {
    throw new ThetaValidationError({
      field: "projectId",
      message: `projectId (${origin}) must be "prj_" followed by letters and digits`,
      fix: "copy the project id from the dashboard (Settings -> Projects), e.g. prj_9uxm3drw0ka0t96g8k3pdb6p697a",
    });
  }
  return projectId;
}

export function createAgentsContext(family: FamilyClient<paths>): AgentsContext {
  return {
    family,
    async projectId() {
      return checkProjectId(
        await family.requireCredential("projectId"),
        "from THETA_EC_PROJECT_ID or the secret provider",
      );
    },
    async requireKey(mutating) {
      if (mutating && family.http.dryRun) return;
      await family.requireCredential("apiKey");
    },
  };
}
