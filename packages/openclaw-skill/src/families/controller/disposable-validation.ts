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
      description:
        "Template id (img_...) of an OpenAI-compatible template from theta.deployments.listStandard, e.g. DeepSeek R1 Distill Qwen 7B.",
    },
    container_image: {
      type: "string",
      minLength: 1,
      description: "A container image reference, instead of a template.",
    },
    vm_id: {
      type: "string",
      minLength: 1,
      description: "VM type id (vm_...), e.g. vm_gt1; see theta.deployments.listVm for prices.",
    },
    auth_username: {
      type: "string",
      minLength: 1,
      description: "Basic-auth user of the endpoint (with auth_password); default: generated.",
    },
    auth_password: {
      type: "string",
      minLength: 1,
      description: "Basic-auth password of the endpoint; default: generated (never reported).",
    },
    probe: {
      type: "string",
      enum: ["openai", "gradio"],
      default: "openai",
      description: "openai: wait on /v1/models, then one chat; gradio: wait on /config, no chat.",
    },
    readyTimeoutMs: {
      type: "integer",
      minimum: 1,
      maximum: 1_800_000,
      description:
        "How long to wait for the endpoint in ms (default 120000; a cold start can take 10+ minutes).",
    },
    readyIntervalMs: {
      type: "integer",
      minimum: 1,
      maximum: 60_000,
      description: "Delay between readiness probes in ms (default 10000).",
    },
    prompt: {
      type: "string",
      minLength: 1,
      description: "The smoke chat's question (default: a one-word reply).",
    },
    max_tokens: {
      type: "integer",
      minimum: 1,
      maximum: 4096,
      description: "The smoke chat's cap (default 32).",
    },
    model: {
      type: "string",
      minLength: 1,
      description: "Model id of the smoke chat; default: the first the endpoint lists.",
    },
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
    "End-to-end check of dedicated deployments: reads the balance, creates a throwaway deployment (Basic Auth generated unless given), waits until its endpoint serves, sends one small chat, deletes it in every outcome, verifies it is gone and reports the balance delta (never the password). Costs money: it bills by the hour while it runs; under a spend cap pass expectedHours. Respects dry-run. If the cleanup fails the error names the deployment to delete by hand.",
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
