/**
 * `theta.deployments.validateDisposable`: proves the whole deployment path on a throwaway deployment
 * (balance, create, wait until ready, one small chat, delete, verified gone, balance again) with
 * `@theta/controller`'s `validateDisposable`, which deletes it in every outcome. Billable and mutating
 * from the operations it calls; under dry-run the create returns its plan and nothing is made.
 */
import {
  controllerOperations,
  type DisposableStep,
  inferenceOperations,
  type ReadyProgress,
  validateDisposable,
} from "@theta/controller";
import type { Env } from "@theta/core";
import { type Command, defineCommand, type RunContext } from "../../command.js";
import type { FromSchema } from "../../schema.js";
import { readyProgressLine } from "../inference/ready.js";
import { signalOption } from "./signal-option.js";
import { expectedHoursField, hourlyPriceField, spendInputError } from "./spend-inputs.js";

const validateInput = {
  type: "object",
  properties: {
    deployment_template_id: {
      type: "string",
      minLength: 1,
      description: "An OpenAI-compatible template id (img_...) from theta.deployments.listStandard.",
    },
    container_image: {
      type: "string",
      minLength: 1,
      description: "A container image, instead of a template.",
    },
    vm_id: {
      type: "string",
      minLength: 1,
      description: "VM type id, e.g. vm_gt1.",
    },
    auth_username: {
      type: "string",
      minLength: 1,
      description: "Basic-auth user; default: generated.",
    },
    auth_password: {
      type: "string",
      minLength: 1,
      description: "Basic-auth password; default: generated.",
    },
    probe: {
      type: "string",
      enum: ["openai", "gradio"],
      default: "openai",
      description: "openai: /v1/models, then a chat; gradio: /config only.",
    },
    readyTimeoutMs: {
      type: "integer",
      minimum: 1,
      maximum: 1_800_000,
      description: "Ms to wait for the endpoint (default 120000; a cold start can take 10+ minutes).",
    },
    readyIntervalMs: { type: "integer", minimum: 1, maximum: 60_000 },
    prompt: { type: "string", minLength: 1, description: "The test chat's question." },
    max_tokens: { type: "integer", minimum: 1, maximum: 4096 },
    model: { type: "string", minLength: 1 },
    expectedHours: expectedHoursField,
    hourlyPriceUsd: hourlyPriceField,
  },
  required: ["vm_id"],
  additionalProperties: false,
} as const;

type ValidateInput = FromSchema<typeof validateInput>;

/** The configured dedicated endpoint's variables, which must not reach the disposable endpoint's client. */
const STANDING_ENDPOINT_VARIABLE = /^THETA_INFERENCE_/;

/**
 * The environment of the disposable endpoint's client: without THETA_INFERENCE_* (a configured token
 * would replace the disposable's Basic Auth, and a configured model name belongs to another endpoint).
 */
function disposableEndpointEnv(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !STANDING_ENDPOINT_VARIABLE.test(name)));
}

const STEP_LINES: Readonly<Record<DisposableStep, string>> = {
  "balance-before": "Reading the balance before",
  create: "Creating the disposable deployment (it bills by the hour until deleted)",
  ready: "Waiting for its endpoint to serve",
  chat: "Sending one small chat",
  delete: "Deleting the deployment",
  "verify-gone": "Checking it is gone from the deployment list",
  "balance-after": "Reading the balance after",
};

async function runValidation(runContext: RunContext, args: ValidateInput): Promise<unknown> {
  const {
    expectedHours,
    hourlyPriceUsd,
    probe,
    readyTimeoutMs,
    readyIntervalMs,
    prompt,
    max_tokens,
    model,
    ...deployment
  } = args;
  const { settings } = runContext;
  let lastStep: DisposableStep | undefined;
  const onProgress = (progress: { step: DisposableStep; ready?: ReadyProgress }): void => {
    if (progress.ready) {
      runContext.progress({ type: "status", message: readyProgressLine(progress.ready) });
      return;
    }
    if (progress.step === lastStep) return;
    lastStep = progress.step;
    runContext.progress({ type: "status", message: `${STEP_LINES[progress.step]}…` });
  };
  try {
    return await validateDisposable(runContext.client("controller"), {
      deployment,
      probe,
      ...(expectedHours === undefined ? {} : { expectedHours }),
      ...(hourlyPriceUsd === undefined ? {} : { hourlyPriceUsd }),
      ...(readyTimeoutMs === undefined ? {} : { readyTimeoutMs }),
      ...(readyIntervalMs === undefined ? {} : { readyIntervalMs }),
      chat: {
        ...(prompt === undefined ? {} : { messages: [{ role: "user", content: prompt }] }),
        ...(max_tokens === undefined ? {} : { max_tokens }),
        ...(model === undefined ? {} : { model }),
      },
      // The disposable's endpoint is reached with the settings of this call (the simulator's loopback
      // opt-in, dry-run), its own Basic Auth and nothing of the configured endpoint.
      inference: {
        env: disposableEndpointEnv(settings.env),
        allowInsecureLoopback: settings.allowInsecureLoopback,
        dryRun: settings.dryRun,
      },
      onProgress,
      ...signalOption(runContext),
    });
  } catch (error) {
    throw spendInputError(error, { expectedHours, hourlyPriceUsd });
  }
}

export const validateDisposableCommand: Command = defineCommand({
  name: "theta.deployments.validateDisposable",
  title: "Validate deployments with a disposable one",
  description:
    "Create a throwaway deployment, wait until it serves, chat once, delete it whatever happens and report the balance delta (a failed cleanup names what to delete). Paid by the hour while it runs (dry-run and the cap apply).",
  inputSchema: validateInput,
  family: "controller",
  operations: [
    controllerOperations.getOrganizationBalance,
    controllerOperations.listVmTypes,
    controllerOperations.createDeployment,
    inferenceOperations.listModels,
    inferenceOperations.getGradioConfig,
    inferenceOperations.createChatCompletion,
    controllerOperations.deleteDeployment,
    controllerOperations.deleteDeploymentPlural,
    controllerOperations.listDeployments,
    controllerOperations.listDeploymentsPlural,
  ],
  examples: [
    {
      deployment_template_id: "img_gf070dbq0kttgz1atmiatyunhdxm",
      vm_id: "vm_gt1",
      readyTimeoutMs: 900000,
      expectedHours: 1,
    },
  ],
  run: (args, runContext) => runValidation(runContext, args),
});
