import { createReadStream, statSync } from "node:fs";
import { resolve } from "node:path";
import { ThetaValidationError } from "@theta/core";
import {
  type ChatRequest,
  DEFAULT_CHAT_MODEL,
  type InferResult,
  ondemandOperations,
  SERVICE_CATEGORIES,
  type ServiceCategory,
} from "@theta/ondemand";
import { type Command, defineCommand, type RunContext } from "../command.js";

const ops = ondemandOperations;

/** The default chat service (as in the seed skill): qwen3. */
export const DEFAULT_CHAT_SERVICE: string = DEFAULT_CHAT_MODEL;

const CATEGORIES = SERVICE_CATEGORIES;

const serviceField = {
  type: "string",
  minLength: 1,
  description:
    "Service alias from the catalog (theta.ondemand.listServices), e.g. qwen3, stable_diffusion_xl_turbo, whisper.",
} as const;

const predictionField = {
  type: "string",
  minLength: 1,
  description:
    "Prediction (method) of the service when it has several, e.g. completions, predict, stt. Usually not needed.",
} as const;

const variantField = {
  type: "string",
  minLength: 1,
  description: "Model variant, e.g. default, quantized, turbo. Usually not needed.",
} as const;

const webhookField = {
  type: "string",
  format: "uri",
  minLength: 1,
  description: "HTTPS URL the service calls when the request finishes (optional).",
} as const;

const waitField = {
  type: "integer",
  minimum: 0,
  maximum: 60,
  default: 30,
  description:
    "Seconds the server holds the request open waiting for the result (0 = return at once with a request id).",
} as const;

const requestIdField = {
  type: "string",
  minLength: 1,
  description: "Inference request id (infr_rqst_…) returned by infer.",
} as const;

const timeoutField = {
  type: "integer",
  minimum: 1000,
  maximum: 3_600_000,
  default: 120_000,
  description: "Stop polling after this many milliseconds.",
} as const;

const intervalField = {
  type: "integer",
  minimum: 100,
  maximum: 60_000,
  default: 3000,
  description: "Milliseconds between status checks (backs off from this value).",
} as const;

const inputField = {
  type: "object",
  description:
    'Model inputs: the keys are the service\'s input fields (see listServices), e.g. {"prompt":"…"} for image models or {"messages":[…]} for chat models.',
  additionalProperties: true,
} as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function categoryOf(service: Record<string, unknown>): string {
  return typeof service.category === "string" ? service.category : "other";
}

/** A compact, model-friendly view of one catalog entry. */
function summarizeService(service: unknown): Record<string, unknown> {
  if (!isRecord(service)) return { service };
  const predictions = isRecord(service.predictions) ? service.predictions : {};
  const summary: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(predictions)) {
    if (!isRecord(raw)) continue;
    const inputs: Record<string, unknown> = {};
    if (isRecord(raw.input_vars)) {
      for (const [field, spec] of Object.entries(raw.input_vars)) {
        if (!isRecord(spec)) continue;
        const entry: Record<string, unknown> = { type: spec.type };
        if (spec.required === true) entry.required = true;
        const fallback = spec.default ?? spec.default_value;
        if (fallback !== undefined) entry.default = fallback;
        if (typeof spec.description === "string") entry.description = spec.description;
        inputs[field] = entry;
      }
    }
    summary[name] = {
      ...(typeof raw.instructions === "string" ? { instructions: raw.instructions } : {}),
      ...(Array.isArray(raw.variants) && raw.variants.length > 0 ? { variants: raw.variants } : {}),
      inputs,
    };
  }
  const variants = isRecord(service.variant_templates) ? Object.keys(service.variant_templates) : undefined;
  return {
    alias: service.alias,
    name: service.name,
    category: categoryOf(service),
    defaultPrediction: service.default_prediction ?? service.defaultPrediction,
    ...(variants && variants.length > 0 ? { variants } : {}),
    predictions: summary,
  };
}

async function listServices(
  rc: RunContext,
  category: string | undefined,
  verbose: boolean,
): Promise<Record<string, unknown>> {
  const client = rc.ondemand();
  const services: unknown[] = await client.services.list({
    ...(category === undefined ? {} : { category: category as ServiceCategory }),
    ...(rc.signal ? { signal: rc.signal } : {}),
  });
  const items = verbose ? services : services.map(summarizeService);
  return {
    count: items.length,
    ...(category === undefined ? {} : { category }),
    services: items,
    next: "Call theta.ondemand.infer (or theta.ondemand.chat for chat models) with one of these aliases.",
  };
}

function inferView(result: InferResult): Record<string, unknown> {
  const view: Record<string, unknown> = {
    requestId: result.id,
    ...(result.service === undefined ? {} : { service: result.service }),
    state: result.state,
    terminal: result.terminal,
  };
  if (result.output !== undefined) view.output = result.output;
  if (result.error !== undefined) view.error = result.error;
  if (result.costUsd !== undefined) view.costUsd = result.costUsd;
  view.timings = result.timings;
  if (!result.terminal) {
    view.next = `Not finished yet: call theta.ondemand.pollUntilDone (or get_request_status) with requestId "${result.id}".`;
  }
  return view;
}

async function infer(
  rc: RunContext,
  args: {
    service: string;
    input: Record<string, unknown>;
    wait: number;
    prediction?: string | undefined;
    variant?: string | undefined;
    webhook?: string | undefined;
    poll?: boolean | undefined;
    timeoutMs?: number | undefined;
    intervalMs?: number | undefined;
  },
): Promise<Record<string, unknown>> {
  const client = rc.ondemand();
  const result = await client.infer(args.service, args.input, {
    wait: args.wait,
    ...(args.prediction === undefined ? {} : { prediction: args.prediction }),
    ...(args.variant === undefined ? {} : { variant: args.variant }),
    ...(args.webhook === undefined ? {} : { webhook: args.webhook }),
    ...(rc.signal ? { signal: rc.signal } : {}),
  });
  if (!args.poll || result.terminal) return inferView(result);
  return pollUntilDone(rc, result.id, args.timeoutMs ?? 120_000, args.intervalMs ?? 3000, args.input);
}

async function pollUntilDone(
  rc: RunContext,
  requestId: string,
  timeoutMs: number,
  intervalMs: number,
  input?: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const client = rc.ondemand();
  const waited = await client.requests.waitFor(requestId, {
    timeoutMs,
    intervalMs,
    ...(input === undefined ? {} : { input }),
    ...(rc.signal ? { signal: rc.signal } : {}),
    onProgress: (progress) => {
      rc.progress({
        type: "poll",
        attempt: progress.attempt,
        elapsedMs: progress.elapsedMs,
        state: progress.value.state,
      });
    },
  });
  return {
    ...inferView(waited),
    attempts: waited.attempts,
    elapsedMs: waited.elapsedMs,
    terminalState: waited.terminalState,
  };
}

async function presignedUrls(
  rc: RunContext,
  service: string,
  fields: readonly string[],
  prediction: string | undefined,
): Promise<Record<string, unknown>> {
  const client = rc.ondemand();
  const urls = await client.uploads.urls(service, [...fields], {
    ...(prediction === undefined ? {} : { prediction }),
    ...(rc.signal ? { signal: rc.signal } : {}),
  });
  const uploads: Record<string, unknown> = {};
  for (const [field, entry] of Object.entries(urls)) {
    uploads[field] = {
      uploadUrl: entry.url,
      filename: entry.filename,
      method: "PUT",
      contentType: "application/octet-stream",
    };
  }
  const first = fields[0] ?? "<field>";
  return {
    service,
    uploads,
    next: `PUT the raw file bytes to uploadUrl (Content-Type: application/octet-stream), then call theta.ondemand.infer with input.${first} set to the returned filename. uploadUrl is a short-lived signed URL: do not share it.`,
  };
}

function requestIdOf(args: { request_id?: string | undefined; requestId?: string | undefined }): string {
  const id = args.request_id ?? args.requestId;
  if (id === undefined) {
    throw new ThetaValidationError({
      field: "request_id",
      message: "request_id is required",
      fix: 'pass "request_id" (or "requestId") with the id returned by infer',
    });
  }
  return id;
}

function uploadFieldsOf(args: {
  input_field?: string | undefined;
  input_fields?: string[] | undefined;
  inputFields?: string[] | undefined;
}): string[] {
  const fields = [
    ...(args.input_field === undefined ? [] : [args.input_field]),
    ...(args.input_fields ?? []),
    ...(args.inputFields ?? []),
  ];
  if (fields.length === 0) {
    throw new ThetaValidationError({
      field: "input_field",
      message: "input_field is required",
      fix: 'pass "input_field" (or "input_fields"/"inputFields") naming the file input, e.g. "audio_filename"',
    });
  }
  return [...new Set(fields)];
}

async function uploadFile(
  rc: RunContext,
  args: { service: string; field: string; file: string; prediction?: string | undefined },
): Promise<Record<string, unknown>> {
  const path = resolve(args.file);
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new Error("not a file");
    size = stat.size;
  } catch {
    throw new ThetaValidationError({
      field: "file",
      message: `file "${args.file}" is not a readable file`,
      fix: "pass the path of an existing local file",
    });
  }
  const client = rc.ondemand();
  const { filename } = await client.uploads.upload(args.service, args.field, createReadStream(path), {
    size,
    ...(args.prediction === undefined ? {} : { prediction: args.prediction }),
    ...(rc.signal ? { signal: rc.signal } : {}),
    onProgress: (sentBytes) => rc.progress({ type: "upload", sentBytes, totalBytes: size }),
  });
  return {
    service: args.service,
    field: args.field,
    filename,
    bytes: size,
    next: `Call theta.ondemand.infer with service "${args.service}" and input.${args.field} = "${filename}".`,
  };
}

const messageSchema = {
  type: "object",
  properties: {
    role: { type: "string", enum: ["system", "user", "assistant", "tool"] },
    content: { type: "string", description: "Message text." },
    tool_call_id: { type: "string", description: "For role tool: the id of the call answered." },
    name: { type: "string" },
  },
  required: ["role"],
  additionalProperties: true,
} as const;

interface ToolCallView {
  index: number;
  id?: string;
  name?: string;
  arguments: string;
}

export const ondemandCommands: readonly Command[] = [
  defineCommand({
    name: "theta.ondemand.listServices",
    title: "List on-demand models",
    description:
      "List the Theta EdgeCloud on-demand model catalog (chat LLMs, image, audio, video and vision models) with each service's alias, category, predictions and input fields. Free and read-only; works without an API token. Use it first to pick a service alias and see which inputs it takes.",
    inputSchema: {
      type: "object",
      properties: {
        category: {
          type: "string",
          enum: CATEGORIES,
          description: "Only services of this category.",
        },
        verbose: {
          type: "boolean",
          default: false,
          description: "Return the full catalog entries instead of the compact summary.",
        },
      },
      additionalProperties: false,
    },
    family: "ondemand",
    credentialRequired: false,
    operations: [ops.listServices],
    examples: [{ category: "text" }],
    run: (args, rc) => listServices(rc, args.category, args.verbose),
  }),
  defineCommand({
    name: "theta.ondemand.infer",
    title: "Run an on-demand model",
    description:
      "Create a paid inference request on a Theta EdgeCloud on-demand service (image generation, speech-to-text, captioning, LLM jobs...). The server waits up to `wait` seconds; if the job is not finished the result has a requestId to poll (or pass poll: true to wait here). Costs money: respects dry-run and the spend cap. For chat, prefer theta.ondemand.chat.",
    inputSchema: {
      type: "object",
      properties: {
        service: serviceField,
        input: inputField,
        wait: waitField,
        prediction: predictionField,
        variant: variantField,
        webhook: webhookField,
        poll: {
          type: "boolean",
          default: false,
          description: "Keep polling until the request finishes (up to timeoutMs).",
        },
        timeoutMs: timeoutField,
        intervalMs: intervalField,
      },
      required: ["service", "input"],
      additionalProperties: false,
    },
    family: "ondemand",
    credentialRequired: true,
    operations: [ops.createInferRequest, ops.getInferRequest],
    examples: [{ service: "stable_diffusion_xl_turbo", input: { prompt: "a blue cloud icon" }, wait: 30 }],
    run: (args, rc) => infer(rc, args),
  }),
  defineCommand({
    name: "theta.ondemand.status",
    title: "Inference request status",
    description:
      "Get the state (pending, processing, success, error) and, when finished, the output of an on-demand inference request. Free and read-only.",
    inputSchema: {
      type: "object",
      properties: { requestId: requestIdField },
      required: ["requestId"],
      additionalProperties: false,
    },
    family: "ondemand",
    credentialRequired: true,
    operations: [ops.getInferRequest],
    examples: [{ requestId: "infr_rqst_abc123" }],
    run: async (args, rc) =>
      inferView(await rc.ondemand().requests.get(args.requestId, rc.signal ? { signal: rc.signal } : {})),
  }),
  defineCommand({
    name: "theta.ondemand.pollUntilDone",
    title: "Wait for an inference request",
    description:
      'Poll an on-demand inference request until it succeeds, fails or the timeout passes; returns the final state, output, attempts and elapsed time (terminalState is the state, or "timeout"). Free and read-only.',
    inputSchema: {
      type: "object",
      properties: { requestId: requestIdField, timeoutMs: timeoutField, intervalMs: intervalField },
      required: ["requestId"],
      additionalProperties: false,
    },
    family: "ondemand",
    credentialRequired: true,
    operations: [ops.getInferRequest],
    examples: [{ requestId: "infr_rqst_abc123", timeoutMs: 120000 }],
    run: (args, rc) => pollUntilDone(rc, args.requestId, args.timeoutMs, args.intervalMs),
  }),
  defineCommand({
    name: "theta.ondemand.inputPresignedUrls",
    title: "Upload URLs for file inputs",
    description:
      "Get presigned upload URLs for a service's file inputs (e.g. whisper audio_filename, blip input_img). Upload the file with HTTP PUT to uploadUrl, then pass the returned filename as that input to theta.ondemand.infer. No charge, but it creates server-side upload slots (blocked by dry-run).",
    inputSchema: {
      type: "object",
      properties: {
        service: serviceField,
        inputFields: {
          type: "array",
          items: { type: "string", minLength: 1 },
          minItems: 1,
          description: 'File input fields to get URLs for, e.g. ["audio_filename"].',
        },
        prediction: predictionField,
      },
      required: ["service", "inputFields"],
      additionalProperties: false,
    },
    family: "ondemand",
    credentialRequired: true,
    operations: [ops.createInputPresignedUrls],
    revealsUploadUrls: true,
    examples: [{ service: "whisper", inputFields: ["audio_filename"] }],
    run: (args, rc) => presignedUrls(rc, args.service, args.inputFields, args.prediction),
  }),
  defineCommand({
    name: "theta.ondemand.upload",
    title: "Upload a local file input",
    description:
      "Upload a local file for a service's file input (gets a presigned URL, then PUTs the file with progress) and return the filename to pass as that input to theta.ondemand.infer. CLI only: agent tools never read local files. No charge, but it stores the file on Theta (blocked by dry-run).",
    inputSchema: {
      type: "object",
      properties: {
        service: serviceField,
        field: { type: "string", minLength: 1, description: "The file input field, e.g. audio_filename." },
        file: { type: "string", minLength: 1, description: "Path of the local file to upload." },
        prediction: predictionField,
      },
      required: ["service", "field", "file"],
      additionalProperties: false,
    },
    family: "ondemand",
    credentialRequired: true,
    operations: [ops.createInputPresignedUrls, ops.uploadInputObject],
    surfaces: ["cli"],
    examples: [{ service: "whisper", field: "audio_filename", file: "./speech.wav" }],
    run: (args, rc) => uploadFile(rc, args),
  }),
  defineCommand({
    name: "theta.ondemand.chat",
    title: "Chat with an on-demand LLM",
    description:
      "Chat completion on a Theta EdgeCloud on-demand LLM (OpenAI-style messages; default service qwen3; others: gpt_oss_120b, glm_5_3, ... from listServices). Streams tokens and returns the reply text, reasoning (when the model gives it), tool calls, finish reason and token usage. Costs money: respects dry-run and the spend cap.",
    inputSchema: {
      type: "object",
      properties: {
        service: { ...serviceField, description: "Chat service alias; default qwen3." },
        model: {
          type: "string",
          minLength: 1,
          description: "Same as service (OpenAI naming); use one of the two.",
        },
        messages: {
          type: "array",
          items: messageSchema,
          minItems: 1,
          description: 'The conversation, oldest first: [{"role":"user","content":"…"}].',
        },
        max_tokens: { type: "integer", minimum: 1, maximum: 32768, description: "Cap on generated tokens." },
        temperature: { type: "number", minimum: 0, maximum: 2 },
        top_p: { type: "number", minimum: 0, maximum: 1 },
        reasoning_effort: {
          type: "string",
          enum: ["low", "medium", "high", "max"],
          description: "For reasoning models (gpt_oss_120b, glm_5_3).",
        },
        variant: variantField,
        tools: {
          type: "array",
          items: { type: "object", additionalProperties: true },
          description: "OpenAI-format function tools the model may call.",
        },
        tool_choice: { description: 'OpenAI tool_choice: "none", "auto", "required" or a function choice.' },
        stream: {
          type: "boolean",
          default: true,
          description: "Stream tokens as they are generated (progress shows them); the result is the same.",
        },
      },
      required: ["messages"],
      additionalProperties: false,
    },
    family: "ondemand",
    credentialRequired: true,
    operations: [ops.createChatCompletion],
    examples: [{ messages: [{ role: "user", content: "Say hello in five words." }] }],
    run: async (args, rc) => {
      if (args.model !== undefined && args.service !== undefined && args.model !== args.service) {
        throw new ThetaValidationError({
          field: "model",
          message: `model ("${args.model}") and service ("${args.service}") disagree`,
          fix: "pass only one of model or service",
        });
      }
      const model = args.model ?? args.service ?? DEFAULT_CHAT_SERVICE;
      const request = {
        model,
        messages: args.messages,
        ...(args.max_tokens === undefined ? {} : { max_tokens: args.max_tokens }),
        ...(args.temperature === undefined ? {} : { temperature: args.temperature }),
        ...(args.top_p === undefined ? {} : { top_p: args.top_p }),
        ...(args.reasoning_effort === undefined ? {} : { reasoning_effort: args.reasoning_effort }),
        ...(args.variant === undefined ? {} : { variant: args.variant }),
        ...(args.tools === undefined ? {} : { tools: args.tools }),
        ...(args.tool_choice === undefined ? {} : { tool_choice: args.tool_choice }),
      } as unknown as ChatRequest;
      const client = rc.ondemand();
      const options = rc.signal ? { signal: rc.signal } : {};
      if (!args.stream) {
        const result = await client.chat.create(request, options);
        return {
          model: result.model,
          content: result.content,
          ...(result.reasoning ? { reasoning: result.reasoning } : {}),
          ...(result.toolCalls && result.toolCalls.length > 0 ? { toolCalls: result.toolCalls } : {}),
          finishReason: result.finishReason,
          ...(result.usage ? { usage: result.usage } : {}),
          ...(result.costUsd === undefined ? {} : { costUsd: result.costUsd }),
        };
      }
      let content = "";
      let reasoning = "";
      let finishReason: string | undefined;
      let usage: unknown;
      const toolCalls = new Map<number, ToolCallView>();
      for await (const event of client.chat.stream(request, options)) {
        switch (event.type) {
          case "content":
            content += event.delta;
            rc.progress({ type: "delta", channel: "content", text: event.delta });
            break;
          case "reasoning":
            reasoning += event.delta;
            rc.progress({ type: "delta", channel: "reasoning", text: event.delta });
            break;
          case "tool_call": {
            const call = toolCalls.get(event.index) ?? { index: event.index, arguments: "" };
            if (event.id) call.id = event.id;
            if (event.name) call.name = event.name;
            call.arguments += event.argumentsDelta;
            toolCalls.set(event.index, call);
            break;
          }
          case "usage":
            usage = event.usage;
            break;
          case "finish":
            finishReason = event.reason;
            break;
        }
      }
      return {
        model,
        content,
        ...(reasoning ? { reasoning } : {}),
        ...(toolCalls.size > 0 ? { toolCalls: [...toolCalls.values()] } : {}),
        finishReason: finishReason ?? "stop",
        ...(usage === undefined ? {} : { usage }),
      };
    },
  }),
  // MCP vocabulary (the official Theta on-demand MCP server's tool names and parameters).
  defineCommand({
    name: "list_services",
    title: "List services (MCP vocabulary)",
    description:
      "List the Theta EdgeCloud on-demand AI services (models), optionally only one category. Free and read-only; works without an API key. Same as theta.ondemand.listServices.",
    inputSchema: {
      type: "object",
      properties: {
        category: { type: "string", enum: CATEGORIES, description: "Only services of this category." },
      },
      additionalProperties: false,
    },
    family: "ondemand",
    credentialRequired: false,
    operations: [ops.listServices],
    aliasOf: "theta.ondemand.listServices",
    examples: [{ category: "image" }],
    run: (args, rc) => listServices(rc, args.category, false),
  }),
  defineCommand({
    name: "infer",
    title: "Run inference (MCP vocabulary)",
    description:
      "Run a paid inference request on a Theta EdgeCloud on-demand service. Waits up to `wait` seconds (default 30); if unfinished, returns a request id for get_request_status. Respects dry-run and the spend cap. Same as theta.ondemand.infer.",
    inputSchema: {
      type: "object",
      properties: {
        service: serviceField,
        input: inputField,
        wait: waitField,
        prediction: predictionField,
        variant: variantField,
        webhook: webhookField,
      },
      required: ["service", "input"],
      additionalProperties: false,
    },
    family: "ondemand",
    credentialRequired: true,
    operations: [ops.createInferRequest],
    aliasOf: "theta.ondemand.infer",
    examples: [{ service: "stable_diffusion_xl_turbo", input: { prompt: "a blue cloud icon" } }],
    run: (args, rc) => infer(rc, { ...args, poll: false }),
  }),
  defineCommand({
    name: "get_request_status",
    title: "Request status (MCP vocabulary)",
    description:
      "Check the status and result of an inference request by its id (request_id). Free and read-only. Same as theta.ondemand.status.",
    inputSchema: {
      type: "object",
      properties: {
        request_id: requestIdField,
        requestId: { ...requestIdField, description: "Same as request_id." },
      },
      additionalProperties: false,
    },
    family: "ondemand",
    credentialRequired: true,
    operations: [ops.getInferRequest],
    aliasOf: "theta.ondemand.status",
    examples: [{ request_id: "infr_rqst_abc123" }],
    run: async (args, rc) =>
      inferView(await rc.ondemand().requests.get(requestIdOf(args), rc.signal ? { signal: rc.signal } : {})),
  }),
  defineCommand({
    name: "get_upload_url",
    title: "Upload URL (MCP vocabulary)",
    description:
      "Get a presigned URL to upload a file input (e.g. audio for whisper) for a service; PUT the file there, then pass the returned filename as that input to infer. Same as theta.ondemand.inputPresignedUrls.",
    inputSchema: {
      type: "object",
      properties: {
        service: serviceField,
        input_field: {
          type: "string",
          minLength: 1,
          description: "The file input field, e.g. audio_filename.",
        },
        input_fields: {
          type: "array",
          items: { type: "string", minLength: 1 },
          description: "Several file input fields at once.",
        },
        inputFields: {
          type: "array",
          items: { type: "string", minLength: 1 },
          description: "Same as input_fields.",
        },
        prediction: predictionField,
      },
      required: ["service"],
      additionalProperties: false,
    },
    family: "ondemand",
    credentialRequired: true,
    operations: [ops.createInputPresignedUrls],
    aliasOf: "theta.ondemand.inputPresignedUrls",
    revealsUploadUrls: true,
    examples: [{ service: "whisper", input_field: "audio_filename" }],
    run: (args, rc) => presignedUrls(rc, args.service, uploadFieldsOf(args), args.prediction),
  }),
];
