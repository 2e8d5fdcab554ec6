/**
 * The spend inputs of `theta.deployments.create`. The client decides when they are needed (with a
 * spend cap, a deployment's price x expected hours is reserved before it is created); this file only
 * renames its errors after the command's inputs and CLI flags, so the user sees what to pass here.
 */
import { ThetaValidationError } from "@theta/core";

export const expectedHoursField = {
  type: "number",
  minimum: 0,
  description:
    "Hours until you delete it; required under a spend cap (price x hours x replicas is reserved).",
} as const;

export const hourlyPriceField = {
  type: "number",
  minimum: 0,
  description: "USD per hour per replica for the cap (default: the VM type's price_hour).",
} as const;

export interface SpendInputs {
  readonly expectedHours?: number | undefined;
  readonly hourlyPriceUsd?: number | undefined;
}

/** What to say, per client option, about the input and flag that set it. */
const INPUTS: Readonly<Record<keyof SpendInputs, { message: string; fix: string }>> = {
  expectedHours: {
    message:
      "A spend cap is set and a deployment bills by the hour until it is deleted, so theta.deployments.create needs expectedHours to reserve price x hours against the cap before creating it",
    fix: "pass expectedHours, the hours you will keep the deployment before deleting it (CLI: --expectedHours 1), and delete it when done",
  },
  hourlyPriceUsd: {
    message:
      "A spend cap is set and the VM catalog has no price for this vm_id, so theta.deployments.create cannot price the deployment against the cap",
    fix: "pass hourlyPriceUsd, the USD per hour per replica (CLI: --hourlyPriceUsd 0.5), or pick a vm_id that theta.deployments.listVm prices",
  },
};

/**
 * The client's error about a spend option the caller left out, restated for the command's input and
 * flag; any other error (a bad value the caller gave already names it) is returned as it is.
 */
export function spendInputError(error: unknown, given: SpendInputs): unknown {
  if (!ThetaValidationError.isInstance(error)) return error;
  const field = error.field;
  if (field !== "expectedHours" && field !== "hourlyPriceUsd") return error;
  if (given[field] !== undefined) return error;
  const input = INPUTS[field];
  return new ThetaValidationError({ field, message: input.message, fix: input.fix, cause: error });
}
