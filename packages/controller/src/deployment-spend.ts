/**
 * How the spend cap applies to a deployment, which bills by the hour from creation until it is deleted
 * (nothing the API answers says what it will cost in the end):
 *
 * - with a budget guard, `create` needs `expectedHours` (how long the caller means to keep it) and
 *   reserves hourly price × expected hours × replicas (`max_replicas`, else `min_replicas`, else 1)
 *   before sending; the hourly price is `hourlyPriceUsd` when given, else the VM type's `price_hour`
 *   from the catalog (read as USD per hour; unverified). Over the cap, nothing is sent.
 * - the reservation is settled at that estimate when the create answers (the deployment is then running
 *   and billing); it is released when the answer proves nothing was created (4xx, 503, not sent), and
 *   settled when the outcome is unknown (a reset after sending).
 * - without a guard, nothing is reserved and `expectedHours` is optional.
 * - under dry-run, nothing is reserved (nothing is sent); the inputs are still checked.
 */
import { ThetaValidationError } from "@theta/core";
import type { ControllerContext } from "./context.js";
import type { CreateDeploymentRequest } from "./deployment-request.js";
import type { VmTypesResource } from "./vm-types.js";

export interface DeploymentSpendOptions {
  /** Hours the deployment is expected to run before it is deleted; required when a budget guard is set. */
  expectedHours?: number;
  /** USD per hour per replica; overrides the VM catalog's `price_hour` (required when the catalog has none). */
  hourlyPriceUsd?: number;
}

export interface DeploymentReservation {
  readonly estimateUsd: number;
  readonly label: string;
}

function checkAmount(value: number | undefined, field: string, zeroAllowed: boolean, fix: string): void {
  if (value === undefined) return;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || (value === 0 && !zeroAllowed)) {
    throw new ThetaValidationError({
      field,
      message: `${field} must be a ${zeroAllowed ? "non-negative" : "positive"} number, got ${String(value)}`,
      fix,
    });
  }
}

function replicasOf(request: CreateDeploymentRequest): number {
  return Math.max(1, request.max_replicas ?? request.min_replicas ?? 1);
}

/**
 * The reservation `create` makes under the budget guard, or undefined when nothing is to be reserved
 * (no guard, or dry-run). Throws ThetaValidationError, before anything billable is sent, when the
 * hours or the price are missing.
 */
export async function deploymentReservation(
  ctx: ControllerContext,
  vmTypes: VmTypesResource,
  request: CreateDeploymentRequest,
  options: DeploymentSpendOptions,
  signal: AbortSignal | undefined,
): Promise<DeploymentReservation | undefined> {
  checkAmount(options.expectedHours, "expectedHours", false, "pass the hours you will keep the deployment");
  checkAmount(options.hourlyPriceUsd, "hourlyPriceUsd", true, "pass the VM type's price in USD per hour");
  if (!ctx.family.budget || ctx.family.http.dryRun) return undefined;
  if (options.expectedHours === undefined) {
    throw new ThetaValidationError({
      field: "expectedHours",
      message:
        "A budget guard is set and a deployment bills by the hour until it is deleted, so create() needs expectedHours to reserve price x hours against the cap",
      fix: "Pass { expectedHours } (how long you will keep the deployment before deleting it), and delete it when done",
    });
  }
  let hourly = options.hourlyPriceUsd;
  if (hourly === undefined) {
    const vmType = await vmTypes.find(request.vm_id, { signal });
    hourly = vmType?.priceHourUsd;
    if (hourly === undefined) {
      throw new ThetaValidationError({
        field: "hourlyPriceUsd",
        message: `The VM catalog has no price_hour for ${request.vm_id}${vmType ? "" : " (the VM type is not listed)"}, so the budget guard cannot price the deployment`,
        fix: "Pass { hourlyPriceUsd } (USD per hour per replica), or check vm_id against vmTypes.list()",
      });
    }
  }
  const replicas = replicasOf(request);
  const hours = options.expectedHours;
  return {
    estimateUsd: hourly * hours * replicas,
    label: `createDeployment (${request.vm_id}, ${replicas} replica${replicas === 1 ? "" : "s"} x ${hours} h at $${hourly}/h)`,
  };
}
