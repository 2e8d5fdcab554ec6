/** What SKILL.md, the plugin description and the MCP server's instructions say about the controller family. */
import type { FamilyGuide } from "../../family-module.js";

export const controllerGuide: FamilyGuide = {
  offers: "dedicated deployments and billing",
  brief: "deployments and billing",
  introduction:
    "Run your own dedicated deployments on Theta EdgeCloud's controller: pick a template and a VM type, create a model endpoint (or a notebook, or a GPU node), stop, start and delete it, and read the organization's balance. A deployment bills by the hour until it is deleted.",
  steps: (tool) => [
    `See what a deployment costs and what can run: ${tool("theta.deployments.listVm")} (VM types with priceHourUsd; free, no key needed) and ${tool("theta.deployments.listStandard")} (templates; \`category\` serving or prototyping).`,
    `See what runs now: ${tool("theta.deployments.list")} (every deployment, with shard, suffix, endpoint and status), or one view: ${tool("theta.ai.dedicatedDeployments.list")}, ${tool("theta.ai.jupyter.list")}, ${tool("theta.ai.gpuNode.list")}.`,
    `Create one with ${tool("theta.deployments.create")} (\`deployment_template_id\`, \`vm_id\`, and \`auth_username\` + \`auth_password\` to protect the endpoint). It bills by the hour until deleted; under a spend cap pass \`expectedHours\`. Delete it with ${tool("theta.deployments.delete")} (\`shard\`, \`suffix\`) when done; ${tool("theta.deployments.stop")} / ${tool("theta.deployments.start")} pause and resume it.`,
    `A create whose answer was lost may still have made a deployment: call ${tool("theta.deployments.list")} before creating another.`,
    `Money: ${tool("theta.billing.balanceSnapshot")} before and after a run shows what it cost. Calls failing with 404: ${tool("theta.deployments.routeProbe")}; with 403: the key must come from the project in THETA_EC_PROJECT_ID.`,
  ],
  instructions: (tool) =>
    `Deployments: ${tool("theta.deployments.listVm")} and ${tool("theta.deployments.listStandard")} (free), ${tool("theta.deployments.list")}, then ${tool("theta.deployments.create")} (paid by the hour until ${tool("theta.deployments.delete")}).`,
  shellExamples: [
    "theta.deployments.listVm",
    "theta.deployments.list",
    "theta.deployments.create --deployment_template_id img_... --vm_id vm_gt1 --expectedHours 1",
  ],
};
