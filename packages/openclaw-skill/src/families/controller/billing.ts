/** The organization's credit: `theta.billing.balance` (the answer as sent) and `balanceSnapshot` (a number). */
import { controllerOperations } from "@theta/controller";
import { type Command, defineCommand } from "../../command.js";
import { signalOption } from "./signal-option.js";

const balanceInput = {
  type: "object",
  properties: {
    orgId: {
      type: "string",
      minLength: 1,
      description: "Organization id (org_...); default THETA_ORG_ID.",
    },
  },
  additionalProperties: false,
} as const;

export const balanceCommand: Command = defineCommand({
  name: "theta.billing.balance",
  title: "Organization balance",
  description:
    "Read the organization's credit balance, as the API sends it (body.balances[] with org_id and balance). Free and read-only.",
  inputSchema: balanceInput,
  family: "controller",
  operations: [controllerOperations.getOrganizationBalance],
  run: (args, runContext) =>
    runContext.client("controller").billing.balance({
      ...(args.orgId === undefined ? {} : { orgId: args.orgId }),
      ...signalOption(runContext),
    }),
});

export const balanceSnapshotCommand: Command = defineCommand({
  name: "theta.billing.balanceSnapshot",
  title: "Balance snapshot",
  description:
    "Read the organization's balance as one number with the time it was read (compare two snapshots to see what a run cost). Free and read-only.",
  inputSchema: balanceInput,
  family: "controller",
  operations: [controllerOperations.getOrganizationBalance],
  run: (args, runContext) =>
    runContext.client("controller").billing.balanceSnapshot({
      ...(args.orgId === undefined ? {} : { orgId: args.orgId }),
      ...signalOption(runContext),
    }),
});
