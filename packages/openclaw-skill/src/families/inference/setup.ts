/**
 * What `theta setup` asks for a dedicated endpoint: its URL, a bearer token or the Basic Auth user and
 * password, and the model. The endpoint is a credential of the family (there is no default server),
 * so it is asked once, as a credential, not again as a base URL.
 */
import { FAMILIES } from "@theta/core";
import type { SetupHints } from "../../family-module.js";
import { credentialQuestions } from "../../setup-questions.js";

export const inferenceSetup: SetupHints = {
  questions: credentialQuestions(FAMILIES.inference),
  whereToGet:
    "Dashboard → Dedicated deployments → your deployment: the endpoint URL, and the auth_username / auth_password it was created with (or theta.deployments.list for the endpoint); leave the token empty when the deployment has a user name and password",
  firstSteps: "Try theta.inference.ready, then theta.inference.models and theta.inference.chat.",
};
