/**
 * The AI agents (RAG chatbots) routes of the controller host (`specs/agents.yaml`): agents and their
 * knowledge-base documents per project, with the controller's credentials (project key and id).
 */
import { agentsSpec } from "../../generated/agents.js";
import { defineFamilyModule } from "../module.js";
import { AGENTS_FLAGS, type AgentsOptions, checkAgentsOptions } from "./options.js";
import { type AgentsHandle, createAgentsRoutes } from "./routes.js";

export type { AgentsEnvelope, AgentsOptions } from "./options.js";
export { DEFAULT_MAX_DOCUMENT_BYTES } from "./options.js";
export type { AgentDocumentRecord, AgentsHandle } from "./routes.js";

/** Seed offset of the key, so that it differs from every id the simulator makes from the seed. */

export type AgentsCredentials = {
  /** A project key the simulator accepts (any non-empty one is, except `invalid` and `expired`). */
  readonly apiKey: string;
  /** The key's project: the only `project_id` the routes accept (another answers 403). */
  readonly projectId: string;
};

export const agentsModule = defineFamilyModule<"agents", AgentsOptions, AgentsCredentials, AgentsHandle>({
  family: "agents",
  spec: agentsSpec,
  flags: AGENTS_FLAGS,
  checkOptions: checkAgentsOptions,
  create(core, options) {
    const { routes, handle } = createAgentsRoutes(core, options);
    return {
      routes,
      credentials: {
        apiKey: core.projectKey,
        projectId: core.projectId,
      },
      handle,
    };
  },
});
