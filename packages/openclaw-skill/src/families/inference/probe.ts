/**
 * The dedicated-endpoint capability probe: one model list read (free). 401 / 403 mean the endpoint
 * refused the credentials; a warm-up answer (404, 502, 503) means the deployment cannot tell yet.
 */
import { inferenceOperations, WARMUP_STATUSES } from "@theta/controller";
import { ThetaApiError, ThetaError } from "@theta/core";
import type { CapabilityProbe, ProbeResult } from "../../family-module.js";
import { signalOption } from "../controller/signal-option.js";

export const inferenceProbe: CapabilityProbe = {
  operations: [inferenceOperations.listModels],
  async verify(runContext): Promise<ProbeResult> {
    try {
      const models = await runContext.client("inference").models(signalOption(runContext));
      return {
        verified: true,
        notes: `The endpoint answered with ${models.length} model(s): ${models.map((model) => model.id).join(", ") || "none"}.`,
      };
    } catch (error) {
      if (ThetaApiError.isInstance(error) && (error.status === 401 || error.status === 403)) {
        return {
          verified: false,
          notes:
            "The endpoint refused the credentials: set THETA_INFERENCE_AUTH_USER and THETA_INFERENCE_AUTH_PASS to the deployment's auth_username / auth_password (or THETA_INFERENCE_AUTH_TOKEN). A new deployment answers 401 for a while as it warms up: try theta.inference.ready first.",
          error: error.message,
        };
      }
      const warming = ThetaApiError.isInstance(error) && WARMUP_STATUSES.has(error.status);
      return {
        verified: null,
        notes: warming
          ? "The endpoint is not serving yet (a warm-up answer): wait with theta.inference.ready, then check again."
          : "Could not verify the endpoint (the probe failed for another reason).",
        error: ThetaError.isInstance(error) ? error.message : "probe failed",
      };
    }
  },
};
