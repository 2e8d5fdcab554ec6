/** The project's other resources: `theta.ai.gpuCluster.list` and `theta.ai.storage.list`. */
import { controllerOperations } from "@theta/controller";
import { type Command, defineCommand } from "../../command.js";
import { pageSizeField } from "./fields.js";
import { signalOption } from "./signal-option.js";

export const listGpuClustersCommand: Command = defineCommand({
  name: "theta.ai.gpuCluster.list",
  title: "List GPU clusters",
  description: "List the project's GPU clusters. Free and read-only.",
  inputSchema: { type: "object", properties: {}, additionalProperties: false },
  family: "controller",
  operations: [controllerOperations.listClusters],
  run: async (_args, runContext) => {
    const { items } = await runContext.client("controller").clusters.list(signalOption(runContext));
    return { count: items.length, clusters: items };
  },
});

export const listStorageCommand: Command = defineCommand({
  name: "theta.ai.storage.list",
  title: "List storage volumes",
  description: "List the project's persistent storage (volume claims). Free and read-only.",
  inputSchema: {
    type: "object",
    properties: {
      page: { type: "integer", minimum: 1, description: "Page, from 1 (default 1)." },
      number: pageSizeField,
    },
    additionalProperties: false,
  },
  family: "controller",
  operations: [controllerOperations.listVolumeClaims],
  run: async (args, runContext) => {
    const { items } = await runContext.client("controller").volumes.list({
      ...(args.page === undefined ? {} : { page: args.page }),
      ...(args.number === undefined ? {} : { number: args.number }),
      ...signalOption(runContext),
    });
    return { count: items.length, volumes: items };
  },
});
