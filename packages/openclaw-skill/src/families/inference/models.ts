/** `theta.inference.models`: the models the configured dedicated endpoint serves (`GET /v1/models`). */
import { inferenceOperations } from "@theta/controller";
import { type Command, defineCommand } from "../../command.js";
import { signalOption } from "../controller/signal-option.js";

export const modelsCommand: Command = defineCommand({
  name: "theta.inference.models",
  title: "List a dedicated endpoint's models",
  description:
    "List the models the dedicated endpoint (THETA_INFERENCE_ENDPOINT) serves, to pass as model to theta.inference.chat. Free per call (the deployment bills by the hour).",
  inputSchema: { type: "object", properties: {}, additionalProperties: false },
  family: "inference",
  operations: [inferenceOperations.listModels],
  examples: [{}],
  run: async (_args, runContext) => {
    const models = await runContext.client("inference").models(signalOption(runContext));
    return {
      count: models.length,
      models: models.map((model) =>
        model.ownedBy === undefined ? { id: model.id } : { id: model.id, ownedBy: model.ownedBy },
      ),
    };
  },
});
