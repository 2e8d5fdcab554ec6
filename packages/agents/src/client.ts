import { type ClientOptions, createFamilyClient, FAMILIES, type FamilySpec } from "@theta/core";
import { type AgentsResource, createAgents } from "./agents.js";
import { checkProjectId, createAgentsContext } from "./context.js";
import { createDocuments, type DocumentsResource } from "./documents.js";
import { agentsOperations } from "./generated/operations.js";
import type { paths } from "./generated/schema.js";

/** The agents family: the controller's credentials (`apiKey`, `projectId`) and host. */
export const AGENTS_FAMILY: FamilySpec = FAMILIES.agents;

export interface AgentsClientOptions extends ClientOptions {
  /** Project API key (sent as `x-api-key`). Default: the secret provider, then THETA_EC_API_KEY. */
  apiKey?: string;
  /** Project id (`prj_...`) of the project the key was created in. Default: THETA_EC_PROJECT_ID. */
  projectId?: string;
}

export interface AgentsClient {
  /** Base URL of the controller host (no trailing slash). */
  readonly baseUrl: string;
  readonly agents: AgentsResource;
  readonly documents: DocumentsResource;
}

/**
 * Creates a client for the AI agent routes of the controller (`controller.thetaedgecloud.com`),
 * with the controller's project key and project id. A malformed `projectId` option is a
 * ThetaValidationError here; one from the environment is one on first use, before any request.
 */
export function createAgentsClient(options: AgentsClientOptions = {}): AgentsClient {
  const { apiKey, projectId, ...rest } = options;
  // Trimmed and empty-as-unset, as core resolves credentials.
  const givenProject = projectId?.trim();
  if (givenProject) checkProjectId(givenProject, "the projectId option");
  const family = createFamilyClient<paths>(AGENTS_FAMILY, agentsOperations, {
    ...rest,
    credentials: { apiKey, projectId },
  });
  const context = createAgentsContext(family);
  return {
    baseUrl: family.baseUrl,
    agents: createAgents(context),
    documents: createDocuments(context),
  };
}
