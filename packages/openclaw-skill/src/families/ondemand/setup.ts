/** What `theta setup` asks for the on-demand family, and what the setup checklist advises. */
import { FAMILIES } from "@theta/core";
import type { SetupHints } from "../../family-module.js";
import { baseUrlQuestion, credentialQuestions } from "../../setup-questions.js";

export const ondemandSetup: SetupHints = {
  questions: [
    ...credentialQuestions(FAMILIES.ondemand),
    ...FAMILIES.ondemand.servers.flatMap(baseUrlQuestion),
  ],
  whereToGet:
    "Dashboard → On-demand Model APIs → API Key (https://www.thetaedgecloud.com/dashboard/api-keys)",
  firstSteps: "Try theta.ondemand.listServices, then theta.ondemand.chat.",
};
