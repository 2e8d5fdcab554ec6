/**
 * The deployment lists: `theta.deployments.list` (with the template filters) and the views the seed
 * skill has (dedicated deployments, Jupyter notebooks, GPU nodes), all through the client's route
 * fallback (singular list route first, plural after a 404).
 */
import { controllerOperations, type DeploymentHandle } from "@theta/controller";
import { type Command, defineCommand } from "../../command.js";
import { signalOption } from "./signal-option.js";

/** Both list routes: the client tries the singular one, then the plural one. */
const LIST_OPERATIONS = [controllerOperations.listDeployments, controllerOperations.listDeploymentsPlural];

function listed(deployments: readonly DeploymentHandle[]): Record<string, unknown> {
  return { count: deployments.length, deployments };
}

const templateNameField = {
  type: "string",
  minLength: 1,
  description: 'Only deployments of this template (template_name), e.g. "Jupyter Notebook" or "GPU Node".',
} as const;

export const listDeploymentsCommand: Command = defineCommand({
  name: "theta.deployments.list",
  title: "List deployments",
  description:
    "List the project's deployments (model endpoints, notebooks, GPU nodes) with shard, suffix, endpoint, status and template; filter with templateName or notTemplateNames. Free and read-only.",
  inputSchema: {
    type: "object",
    properties: {
      templateName: templateNameField,
      notTemplateNames: {
        type: "array",
        items: { type: "string", minLength: 1 },
        description: "Leave out deployments of these templates (not_template_name, repeatable).",
      },
    },
    additionalProperties: false,
  },
  family: "controller",
  operations: LIST_OPERATIONS,
  examples: [{}, { templateName: "Jupyter Notebook" }],
  run: async (args, runContext) =>
    listed(
      await runContext.client("controller").deployments.list({
        ...(args.templateName === undefined ? {} : { templateName: args.templateName }),
        ...(args.notTemplateNames === undefined ? {} : { notTemplateNames: args.notTemplateNames }),
        ...signalOption(runContext),
      }),
    ),
});

const noInput = { type: "object", properties: {}, additionalProperties: false } as const;

export const listDedicatedDeploymentsCommand: Command = defineCommand({
  name: "theta.ai.dedicatedDeployments.list",
  title: "List dedicated deployments",
  description:
    "List the project's dedicated model deployments (every deployment that is neither a Jupyter notebook nor a GPU node), with endpoint, status, shard and suffix. Free and read-only.",
  inputSchema: noInput,
  family: "controller",
  operations: LIST_OPERATIONS,
  run: async (_args, runContext) =>
    listed(await runContext.client("controller").deployments.listDedicated(signalOption(runContext))),
});

export const listJupyterCommand: Command = defineCommand({
  name: "theta.ai.jupyter.list",
  title: "List Jupyter notebooks",
  description:
    'List the project\'s Jupyter notebook deployments (template "Jupyter Notebook"). Free and read-only.',
  inputSchema: noInput,
  family: "controller",
  operations: LIST_OPERATIONS,
  run: async (_args, runContext) =>
    listed(await runContext.client("controller").deployments.listJupyter(signalOption(runContext))),
});

export const listGpuNodesCommand: Command = defineCommand({
  name: "theta.ai.gpuNode.list",
  title: "List GPU nodes",
  description: 'List the project\'s GPU node deployments (template "GPU Node"). Free and read-only.',
  inputSchema: noInput,
  family: "controller",
  operations: LIST_OPERATIONS,
  run: async (_args, runContext) =>
    listed(await runContext.client("controller").deployments.listGpuNodes(signalOption(runContext))),
});

export const routeProbeCommand: Command = defineCommand({
  name: "theta.deployments.routeProbe",
  title: "Probe deployment routes",
  description:
    "Report which deployment routes answer (singular or plural) and which one the client uses; use it when deployment calls fail with 404. Free and read-only (two list reads).",
  inputSchema: noInput,
  family: "controller",
  operations: LIST_OPERATIONS,
  run: (_args, runContext) =>
    runContext.client("controller").deployments.routeProbe(signalOption(runContext)),
});
