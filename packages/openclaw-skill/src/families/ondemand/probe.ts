/** The on-demand capability probe: a status read of a request id that cannot exist (free, read-only). */
import { ThetaApiError, ThetaError } from "@theta/core";
import { ondemandOperations } from "@theta/ondemand";
import type { CapabilityProbe } from "../../family-module.js";

/** The probe's request id. 404 = token accepted, 401/403 = rejected. */
export const ONDEMAND_PROBE_REQUEST_ID = "infr_rqst_capability_probe_invalid";

export const ondemandProbe: CapabilityProbe = {
  operations: [ondemandOperations.getInferRequest],
  async verify(runContext) {
    try {
      await runContext
        .client("ondemand")
        .requests.get(ONDEMAND_PROBE_REQUEST_ID, runContext.signal ? { signal: runContext.signal } : {});
      return { verified: true, notes: "The probe request answered; the token was accepted." };
    } catch (error) {
      if (ThetaApiError.isInstance(error)) {
        if (error.status === 404 || error.status === 400) {
          return {
            verified: true,
            notes: "Token accepted (the harmless probe got 'not found', as expected).",
          };
        }
        if (error.status === 401 || error.status === 403) {
          return {
            verified: false,
            notes: "Token rejected; create a new on-demand API key and set THETA_ONDEMAND_API_TOKEN.",
            error: error.message,
          };
        }
      }
      return {
        verified: null,
        notes: "Could not verify the token (the probe failed for another reason).",
        error: ThetaError.isInstance(error) ? error.message : "probe failed",
      };
    }
  },
};
