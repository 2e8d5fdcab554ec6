/** What `theta setup` asks for the controller family, and what the setup checklist advises. */
import { FAMILIES } from "@theta/core";
import type { SetupHints } from "../../family-module.js";
import { baseUrlQuestion, credentialQuestions } from "../../setup-questions.js";

export const controllerSetup: SetupHints = {
  questions: [
    ...credentialQuestions(FAMILIES.controller),
    ...FAMILIES.controller.servers.flatMap(baseUrlQuestion),
  ],
  whereToGet:
    "Dashboard → Settings → Projects → your project → Create API Key (the key only manages that project; the project id is prj_..., the organization id org_...)",
  firstSteps: "Try theta.deployments.listVm, then theta.deployments.list.",
};
