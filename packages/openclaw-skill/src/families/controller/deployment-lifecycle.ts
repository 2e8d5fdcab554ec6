/**
 * Creating a deployment and changing one: `theta.deployments.create` (billable: it bills by the hour
 * until deleted), `start`, `stop` and `delete`. Their flags come from the operations they call; under
 * dry-run the client throws the plan, which the registry returns instead of sending.
 */
import { type CreateDeploymentRequest, controllerOperations } from "@theta/controller";
import { type Command, defineCommand, type RunContext } from "../../command.js";
import type { FromSchema } from "../../schema.js";
import { deploymentAddress } from "./fields.js";
import { signalOption } from "./signal-option.js";
import { expectedHoursField, hourlyPriceField, spendInputError } from "./spend-inputs.js";

const stringMap = (description: string) =>
  ({ type: "object", additionalProperties: { type: "string" }, description }) as const;

const createInput = {
  type: "object",
  properties: {
    vm_id: {
      type: "string",
      minLength: 1,
      description: "VM type id, e.g. vm_gt1 (theta.deployments.listVm).",
    },
    deployment_template_id: {
      type: "string",
      minLength: 1,
      description: "Template id (img_...) from listStandard or listCustom.",
    },
    container_image: {
      type: "string",
      minLength: 1,
      description: "A container image reference, instead of a template.",
    },
    min_replicas: { type: "integer", minimum: 0 },
    max_replicas: {
      type: "integer",
      minimum: 1,
      description: "Most replicas (the spend cap prices this many).",
    },
    env_vars: stringMap("Container environment, { NAME: value }."),
    annotations: stringMap('Annotations, e.g. { "nickname": "my-model" }.'),
    auth_username: {
      type: "string",
      minLength: 1,
      description: "Basic-auth user of the endpoint (with auth_password); else it is public.",
    },
    auth_password: { type: "string", minLength: 1 },
    registry_username: { type: "string", minLength: 1, description: "Private image registry user." },
    registry_password: { type: "string", minLength: 1 },
    password: { type: "string", minLength: 1, description: "Jupyter notebook password." },
    expectedHours: expectedHoursField,
    hourlyPriceUsd: hourlyPriceField,
  },
  required: ["vm_id"],
  additionalProperties: false,
} as const;

/** Keeps the string values of a validated `{ NAME: value }` input (the schema allows nothing else). */
function stringsOf(value: Readonly<Record<string, unknown>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}

type CreateInput = FromSchema<typeof createInput>;

async function createDeployment(runContext: RunContext, args: CreateInput): Promise<Record<string, unknown>> {
  // The spend inputs go to the client's options; every other input is a field of the API's body.
  const { expectedHours, hourlyPriceUsd, env_vars, annotations, ...fields } = args;
  const request: CreateDeploymentRequest = {
    ...fields,
    ...(env_vars === undefined ? {} : { env_vars: stringsOf(env_vars) }),
    ...(annotations === undefined ? {} : { annotations: stringsOf(annotations) }),
  };
  try {
    const deployment = await runContext.client("controller").deployments.create(request, {
      ...(expectedHours === undefined ? {} : { expectedHours }),
      ...(hourlyPriceUsd === undefined ? {} : { hourlyPriceUsd }),
      ...signalOption(runContext),
    });
    return {
      deployment,
      next: "It bills by the hour until it is deleted: call theta.deployments.delete with its shard and suffix when done.",
    };
  } catch (error) {
    throw spendInputError(error, { expectedHours, hourlyPriceUsd });
  }
}

export const createDeploymentCommand: Command = defineCommand({
  name: "theta.deployments.create",
  title: "Create a deployment",
  description:
    "Create a deployment from a template (deployment_template_id) or an image on a VM type (vm_id); if the answer is lost, list deployments before retrying. Paid by the hour until deleted (dry-run and the cap apply; give expectedHours).",
  inputSchema: createInput,
  family: "controller",
  // The VM catalog read prices the deployment for the spend cap.
  operations: [controllerOperations.createDeployment, controllerOperations.listVmTypes],
  examples: [
    {
      deployment_template_id: "img_qqu31asazaig666jtzp7gjd4pway",
      vm_id: "vm_gt1",
      auth_username: "demo",
      auth_password: "a-long-random-password",
      expectedHours: 1,
    },
  ],
  run: (args, runContext) => createDeployment(runContext, args),
});

type LifecycleAction = "start" | "stop" | "delete";

const LIFECYCLE_OPERATIONS = {
  start: [
    controllerOperations.startDeployment,
    controllerOperations.startDeploymentByPost,
    controllerOperations.startDeploymentPlural,
    controllerOperations.startDeploymentPluralByPost,
  ],
  stop: [
    controllerOperations.stopDeployment,
    controllerOperations.stopDeploymentByPost,
    controllerOperations.stopDeploymentPlural,
    controllerOperations.stopDeploymentPluralByPost,
  ],
  delete: [controllerOperations.deleteDeployment, controllerOperations.deleteDeploymentPlural],
} as const;

function lifecycleCommand(action: LifecycleAction, title: string, description: string): Command {
  return defineCommand({
    name: `theta.deployments.${action}`,
    title,
    description,
    inputSchema: deploymentAddress,
    family: "controller",
    operations: LIFECYCLE_OPERATIONS[action],
    examples: [{ shard: "1", suffix: "abc123" }],
    run: (args, runContext) =>
      runContext
        .client("controller")
        .deployments[action]({ shard: args.shard, suffix: args.suffix }, signalOption(runContext)),
  });
}

export const startDeploymentCommand: Command = lifecycleCommand(
  "start",
  "Start a deployment",
  "Start a stopped deployment (shard and suffix from theta.deployments.list); it bills by the hour again. Changes state (dry-run applies).",
);

export const stopDeploymentCommand: Command = lifecycleCommand(
  "stop",
  "Stop a deployment",
  "Stop a running deployment (shard and suffix from theta.deployments.list); delete it to stop billing for good. Changes state (dry-run applies).",
);

export const deleteDeploymentCommand: Command = lifecycleCommand(
  "delete",
  "Delete a deployment",
  "Delete a deployment (shard and suffix from theta.deployments.list); its billing stops and it cannot be undone. Changes state (dry-run applies).",
);
