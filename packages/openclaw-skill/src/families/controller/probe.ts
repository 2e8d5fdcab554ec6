/**
 * The controller capability probe: two free reads that together check every controller credential.
 * The project's custom template list needs the key and the project id (a 403 there means they do not
 * match); the balance needs the key and the organization id.
 */
import { controllerOperations } from "@theta/controller";
import { ThetaApiError, ThetaError } from "@theta/core";
import type { RunContext } from "../../command.js";
import type { CapabilityProbe, ProbeResult } from "../../family-module.js";
import { signalOption } from "./signal-option.js";

const KEY_REJECTED =
  "Key rejected: create a project API key (Settings → Projects → your project → Create API Key) and set THETA_EC_API_KEY and THETA_EC_PROJECT_ID.";

/** What a refused or failed probe read says (`forbidden`: the note for a 403), or undefined when it answered. */
async function refusal(read: () => Promise<unknown>, forbidden: string): Promise<ProbeResult | undefined> {
  try {
    await read();
    return undefined;
  } catch (error) {
    if (ThetaApiError.isInstance(error) && (error.status === 401 || error.status === 403)) {
      return {
        verified: false,
        notes: error.status === 401 ? KEY_REJECTED : forbidden,
        error: error.message,
      };
    }
    return {
      verified: null,
      notes: "Could not verify the controller credentials (the probe failed for another reason).",
      error: ThetaError.isInstance(error) ? error.message : "probe failed",
    };
  }
}

async function verify(runContext: RunContext): Promise<ProbeResult> {
  const client = runContext.client("controller");
  const project = await refusal(
    () => client.templates.listCustom({ number: 1, ...signalOption(runContext) }),
    "The key and the project id do not match: use a key created in that project (THETA_EC_API_KEY), or set THETA_EC_PROJECT_ID to the key's project.",
  );
  if (project) return project;
  const organization = await refusal(
    () => client.billing.balanceSnapshot(signalOption(runContext)),
    "The balance read was refused: set THETA_ORG_ID to the organization (org_...) of the key's project.",
  );
  if (organization) return organization;
  return {
    verified: true,
    notes: "Key, project and organization accepted (the project's template list and the balance answered).",
  };
}

export const controllerProbe: CapabilityProbe = {
  operations: [controllerOperations.listCustomTemplates, controllerOperations.getOrganizationBalance],
  verify,
};
