/**
 * What `theta setup` asks for the agents family: the controller's credentials (the agents family uses
 * them as they are; `theta.setup` checks all of them) and the controller host's base URL.
 */
import { FAMILIES } from "@theta/core";
import { credentialOwner } from "../../credential-owner.js";
import type { SetupHints } from "../../family-module.js";
import { baseUrlQuestion, credentialQuestions } from "../../setup-questions.js";

export const agentsSetup: SetupHints = {
  questions: [
    ...credentialQuestions(credentialOwner(FAMILIES.agents)),
    ...FAMILIES.agents.servers.flatMap(baseUrlQuestion),
  ],
  whereToGet:
    "Dashboard → Settings → Projects → the project → Create API Key (https://docs.thetatoken.org/docs/edgecloud-api-keys)",
  firstSteps: "Try theta.ai.agent.list, then theta.ai.agent.create.",
};
