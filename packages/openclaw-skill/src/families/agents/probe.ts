/** The agents capability probe: one page of one agent (free, read-only). */
import { agentsOperations } from "@theta/agents";
import { ThetaApiError, ThetaError } from "@theta/core";
import type { CapabilityProbe } from "../../family-module.js";

export const agentsProbe: CapabilityProbe = {
  operations: [agentsOperations.listAgents],
  async verify(runContext) {
    try {
      await runContext
        .client("agents")
        .agents.list({ number: 1, ...(runContext.signal ? { signal: runContext.signal } : {}) });
      return {
        verified: true,
        notes: "The agent list answered; the project key and project id were accepted.",
      };
    } catch (error) {
      if (ThetaApiError.isInstance(error) && (error.status === 401 || error.status === 403)) {
        return {
          verified: false,
          notes:
            "Rejected: check THETA_EC_API_KEY, and that THETA_EC_PROJECT_ID is the project the key was created in.",
          error: error.message,
        };
      }
      return {
        verified: null,
        notes: "Could not verify the project key (the probe failed for another reason).",
        error: ThetaError.isInstance(error) ? error.message : "probe failed",
      };
    }
  },
};
