/**
 * The agents family module: the `@theta/agents` client (the controller's credentials), the
 * `theta.ai.agent.*` commands, the capability probe, the setup questions and the generated texts.
 */
import { type AgentsClient, createAgentsClient } from "@theta/agents";
import type { FamilyModule } from "../../family-module.js";
import {
  createAgentCommand,
  getAgentCommand,
  listAgentsCommand,
  updateAgentCommand,
} from "./agent-commands.js";
import {
  createDocumentCommand,
  getDocumentCommand,
  listDocumentsCommand,
  updateDocumentCommand,
  uploadDocumentCommand,
} from "./document-commands.js";
import { agentsGuide } from "./guide.js";
import { agentsProbe } from "./probe.js";
import { agentsSetup } from "./setup.js";

// Annotated: the built-in client map is derived from this module's type, which must not depend on its commands.
export const agentsModule: FamilyModule<"agents", AgentsClient> = {
  family: "agents",
  createClient: (options) => createAgentsClient(options),
  commands: [
    createAgentCommand,
    getAgentCommand,
    updateAgentCommand,
    listAgentsCommand,
    createDocumentCommand,
    updateDocumentCommand,
    getDocumentCommand,
    listDocumentsCommand,
    uploadDocumentCommand,
  ],
  probe: agentsProbe,
  setup: agentsSetup,
  guide: agentsGuide,
};
