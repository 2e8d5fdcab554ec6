/** What can be deployed, and on what: `theta.deployments.listVm`, `listStandard` and `listCustom`. */
import { controllerOperations } from "@theta/controller";
import { type Command, defineCommand } from "../../command.js";
import { pageSizeField, templatePageField } from "./fields.js";
import { signalOption } from "./signal-option.js";

export const listVmTypesCommand: Command = defineCommand({
  name: "theta.deployments.listVm",
  title: "List VM types",
  description:
    "List the VM types a deployment can run on (vm_gt1 = T4, vm_ga1 = A100, vm_gh200x1 = H200, ...) with priceHourUsd where the catalog has a price_hour. Free, read-only, and needs no API key.",
  inputSchema: { type: "object", properties: {}, additionalProperties: false },
  family: "controller",
  operations: [controllerOperations.listVmTypes],
  run: async (_args, runContext) => {
    const vmTypes = await runContext.client("controller").vmTypes.list(signalOption(runContext));
    return { count: vmTypes.length, vmTypes };
  },
});

export const listStandardTemplatesCommand: Command = defineCommand({
  name: "theta.deployments.listStandard",
  title: "List standard templates",
  description:
    "List Theta's standard templates (id img_..., name, category, image, port) to pass as deployment_template_id to theta.deployments.create. Free and read-only.",
  inputSchema: {
    type: "object",
    properties: {
      category: {
        type: "string",
        enum: ["serving", "prototyping"],
        description:
          "serving (model endpoints) or prototyping (notebooks, GPU nodes); every category when left out.",
      },
      page: templatePageField,
      number: pageSizeField,
    },
    additionalProperties: false,
  },
  family: "controller",
  operations: [controllerOperations.listStandardTemplates],
  examples: [{ category: "serving" }],
  run: (args, runContext) =>
    runContext.client("controller").templates.listStandard({
      ...(args.category === undefined ? {} : { category: args.category }),
      ...(args.page === undefined ? {} : { page: args.page }),
      ...(args.number === undefined ? {} : { number: args.number }),
      ...signalOption(runContext),
    }),
});

export const listCustomTemplatesCommand: Command = defineCommand({
  name: "theta.deployments.listCustom",
  title: "List custom templates",
  description: "List the project's own (custom) deployment templates. Free and read-only.",
  inputSchema: {
    type: "object",
    properties: { page: templatePageField, number: pageSizeField },
    additionalProperties: false,
  },
  family: "controller",
  operations: [controllerOperations.listCustomTemplates],
  run: (args, runContext) =>
    runContext.client("controller").templates.listCustom({
      ...(args.page === undefined ? {} : { page: args.page }),
      ...(args.number === undefined ? {} : { number: args.number }),
      ...signalOption(runContext),
    }),
});
