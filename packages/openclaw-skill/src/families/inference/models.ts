/** `theta.inference.models`: the models the configured dedicated endpoint serves (`GET /v1/models`). */
import { inferenceOperations } from "@theta/controller";
import { type Command, defineCommand } from "../../command.js";
import { signalOption } from "../controller/signal-option.js";

export const modelsCommand: Command = defineCommand({
  name: "theta.inference.models",
  title: "List a dedicated endpoint's models",
  description:
    "List the models the configured dedicated endpoint serves (THETA_INFERENCE_ENDPOINT, an OpenAI-compatible deployment such as vLLM). Free: the deployment bills by the hour, not per call. Pass one of the ids as model to theta.inference.chat.",
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
