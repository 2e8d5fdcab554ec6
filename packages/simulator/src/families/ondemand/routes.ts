import { CAPACITY_MESSAGE } from "../../capacity.js";
import { sleep } from "../../clock.js";
import type { SimulatorCore } from "../../core.js";
import type { ondemandSpec } from "../../generated/ondemand.js";
import { HttpError, type RequestContext } from "../../http.js";
import { type CostSplitUsd, costOf, priceFor, roundUsd, type SimulatorPrice } from "../../prices.js";
import { hashString, Rng } from "../../random.js";
import type { HandlersOf, RouteHandler } from "../module.js";
import { createCatalog, type Prediction, type Service, type ServiceBehaviour } from "./catalog.js";
import {
  ChatInputError,
  type ChatPlan,
  chatChunks,
  chatCompletion,
  isObject,
  type JsonObject,
  lastUserText,
  planChat,
  validateMessages,
} from "./chat.js";
import {
  type InferRequestSummary,
  isTerminal,
  type Job,
  jobDurationMs,
  jobState,
  mediaOutput,
  missingFile,
  nextChangeIn,
  renderJob,
  summarize,
} from "./jobs.js";
import { isInstanceCount, type OndemandOptions, ondemandSettings } from "./options.js";
import { containsFailMarker, validateInput } from "./validate.js";

const MAX_WAIT_SECONDS = 60;

/** The on-demand family's state and controls, as tests see it (`simulator.families.ondemand`). */
export interface OndemandHandle {
  /** Infer requests created so far, oldest first, with their state as of now. */
  inferRequests(): InferRequestSummary[];
  /** Changes the number of concurrent instances of a service; `undefined` makes it unlimited again. */
  setCapacity(alias: string, instances: number | undefined): void;
}

export interface OndemandRoutes {
  routes: Record<string, RouteHandler>;
  handle: OndemandHandle;
}

function total(cost: CostSplitUsd): number {
  return roundUsd(cost.input + cost.output);
}

/** `ondemand`: service catalog, inference jobs, presigned uploads and OpenAI-compatible chat. */
export function createOndemandRoutes(core: SimulatorCore, options: OndemandOptions): OndemandRoutes {
  const settings = ondemandSettings(options);
  /** Concurrent instances per service alias; absent = unlimited. */
  const capacity = new Map<string, number>(Object.entries(options.capacity ?? {}));
  const { services, behaviour } = createCatalog();
  const jobs = new Map<string, Job>();
  /** Jobs and streams that may still hold an instance, per alias. */
  const busy = new Map<string, Set<object>>();

  const findService = (idOrAlias: string): Service | undefined =>
    services.find((s) => s.alias === idOrAlias || s.id === idOrAlias);

  const behaviourOf = (service: Service): ServiceBehaviour =>
    behaviour.get(service.alias) ?? { kind: "image" };

  const inUse = (alias: string): number => {
    const set = busy.get(alias);
    if (!set) return 0;
    const now = core.clock.now();
    for (const item of set) {
      const job = item as Partial<Job>;
      if (job.doneAt !== undefined && job.outcome !== undefined && isTerminal(jobState(job as Job, now)))
        set.delete(item);
    }
    return set.size;
  };

  const hold = (alias: string, item: object) => {
    let set = busy.get(alias);
    if (!set) {
      set = new Set();
      busy.set(alias, set);
    }
    inUse(alias); // prune finished jobs so the set stays small
    set.add(item);
  };

  const release = (alias: string, item: object) => busy.get(alias)?.delete(item);

  const hasCapacity = (alias: string): boolean => {
    const limit = capacity.get(alias);
    if (limit === undefined) return true;
    return inUse(alias) < limit;
  };

  const priceOf = (service: Service, prediction: string): SimulatorPrice =>
    priceFor(service.alias, prediction) ?? { kind: "unit", unit: "request", usdPerUnit: 0 };

  const resolvePrediction = (
    service: Service,
    ctx: RequestContext,
    pathPrediction: string | undefined,
  ): { name: string; prediction: Prediction } => {
    const queryPrediction = ctx.query.get("prediction") ?? undefined;
    if (pathPrediction !== undefined && queryPrediction && queryPrediction !== pathPrediction) {
      throw new HttpError(
        400,
        `prediction is given twice ("${pathPrediction}" in the path, "${queryPrediction}" in the query); give it once`,
      );
    }
    const name = pathPrediction ?? (queryPrediction || service.default_prediction);
    const prediction = service.predictions[name];
    if (!prediction) {
      throw new HttpError(
        404,
        `prediction "${name}" not found for service ${service.alias}; available: ${Object.keys(service.predictions).join(", ")}`,
      );
    }
    return { name, prediction };
  };

  const parseWait = (ctx: RequestContext, body: JsonObject): number => {
    const raw = ctx.query.get("wait");
    let value: number | undefined;
    if (raw !== null && raw !== "") {
      value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    } else if (body.wait !== undefined && body.wait !== null) {
      value = typeof body.wait === "number" ? body.wait : Number.NaN;
    }
    if (value === undefined) return 0;
    if (!Number.isInteger(value) || value < 0 || value > MAX_WAIT_SECONDS) {
      throw new HttpError(400, `wait must be an integer number of seconds between 0 and ${MAX_WAIT_SECONDS}`);
    }
    return value;
  };

  const checkVariant = (service: Service, prediction: Prediction, variant: unknown): string | undefined => {
    if (variant === undefined || variant === null) return undefined;
    if (typeof variant !== "string" || variant.length === 0)
      throw new HttpError(400, "variant must be a non-empty string");
    const allowed = prediction.variants ?? Object.keys(service.variant_templates ?? {});
    if (allowed.length === 0 ? variant !== "default" : !allowed.includes(variant)) {
      const list = allowed.length > 0 ? allowed.join(", ") : "default";
      throw new HttpError(
        400,
        `variant "${variant}" is not available for ${service.alias}; use one of: ${list}`,
      );
    }
    return variant;
  };

  const checkWebhook = (webhook: unknown): string | undefined => {
    if (webhook === undefined || webhook === null) return undefined;
    if (typeof webhook === "string") {
      try {
        const url = new URL(webhook);
        if (url.protocol === "https:" || url.protocol === "http:") return webhook;
      } catch {
        // fall through
      }
    }
    throw new HttpError(400, "webhook must be an http(s) URL");
  };

  const requireAffordable = (costUsd: number) => {
    if (!core.ledger.canAfford(costUsd)) throw new HttpError(402, "insufficient balance");
  };

  const requireCapacity = (alias: string) => {
    if (!hasCapacity(alias)) throw new HttpError(409, CAPACITY_MESSAGE);
  };

  const readObject = async (ctx: RequestContext, what: string): Promise<JsonObject> => {
    const body = await ctx.readJson();
    if (!isObject(body)) throw new HttpError(400, `request body must be a JSON object (${what})`);
    return body;
  };

  /** Streams a chat plan as SSE. Returns the completion tokens actually sent and whether it finished. */
  const streamPlan = async (
    ctx: RequestContext,
    plan: ChatPlan,
    streamId: string,
    created: number,
  ): Promise<{ finished: boolean; completionTokens: number }> => {
    const writer = ctx.sse(new Rng(hashString(streamId, core.seed)));
    let firstToken = true;
    let completionTokens = 0;
    for (const event of chatChunks(plan, streamId, created)) {
      if (event.token) {
        const delay = firstToken ? core.timing.firstTokenDelayMs : core.timing.chatTokenDelayMs;
        firstToken = false;
        if (delay > 0) await sleep(delay);
      }
      if (!(await writer.event(event.data))) return { finished: false, completionTokens };
      completionTokens += event.tokens;
    }
    const finished = writer.open && ctx.mode !== "truncate";
    await writer.done();
    return { finished, completionTokens };
  };

  const streamCost = (price: SimulatorPrice, plan: ChatPlan, completionTokens: number): number =>
    total(costOf(price, { prompt_tokens: plan.usage.prompt_tokens, completion_tokens: completionTokens }));

  // -------------------------------------------------------------------------------------------
  // Handlers

  const createInferRequest = async (ctx: RequestContext, pathPrediction?: string): Promise<void> => {
    const alias = ctx.params.alias ?? "";
    const body = await readObject(ctx, 'with an "input" object');
    const service = findService(alias);
    if (!service) throw new HttpError(404, "service not found");
    const { name: predictionName, prediction } = resolvePrediction(service, ctx, pathPrediction);
    const label = `${service.alias}/${predictionName}`;
    const wait = parseWait(ctx, body);
    const variant = checkVariant(service, prediction, body.variant);
    const webhook = checkWebhook(body.webhook);
    const checked = validateInput(body.input, prediction, label);
    if (!checked.ok) throw new HttpError(400, checked.message);
    const input = checked.input;
    const kind = behaviourOf(service);
    const price = priceOf(service, predictionName);

    let plan: ChatPlan | undefined;
    if (kind.kind === "chat") {
      try {
        // The job route answers text only: structured tool calls exist on chat/completions alone.
        plan = planChat(
          service.alias,
          kind,
          { ...input, tools: undefined, tool_choice: undefined },
          core.seed,
          core.rng,
          "input.",
        );
      } catch (error) {
        if (error instanceof ChatInputError) throw new HttpError(400, error.message);
        throw error;
      }
    }
    requireCapacity(service.alias);

    const cost = plan ? costOf(price, plan.usage) : costOf(price);
    let errorMessage: string | undefined;
    if (containsFailMarker(input))
      errorMessage = "inference failed: the model reported an error (simulated by FAIL in the input)";
    else errorMessage = missingFile(core, prediction, input);
    if (!errorMessage) requireAffordable(total(cost));

    const now = core.clock.now();
    const id = `infr_rqst_${core.rng.id(20)}`;
    const streaming = plan !== undefined && input.stream !== false;
    const duration = jobDurationMs(core, service, prediction, input);
    const job: Job = {
      id,
      service,
      prediction: predictionName,
      input,
      createdAt: now,
      processingAt: streaming ? now : now + Math.min(core.timing.pendingMs, duration),
      doneAt: streaming ? Number.POSITIVE_INFINITY : now + duration,
      outcome: errorMessage ? "error" : "success",
      costUsd: cost,
    };
    if (variant !== undefined) job.variant = variant;
    if (webhook !== undefined) job.webhook = webhook;
    if (errorMessage) job.errorMessage = errorMessage;
    else if (plan) job.output = { message: plan.content.length > 0 ? plan.content.join("") : null };
    else job.output = mediaOutput(core, id, service, prediction, kind, input);
    if (!errorMessage) job.reservation = core.ledger.reserve(total(cost), job.doneAt);
    jobs.set(id, job);
    hold(service.alias, job);

    if (streaming && plan && !errorMessage) {
      const created = Math.floor(now / 1000);
      const result = await streamPlan(ctx, plan, `chatcmpl-${core.rng.hex(24)}`, created);
      job.doneAt = core.clock.now();
      if (!result.finished) {
        job.outcome = "error";
        job.errorMessage = "the stream ended before the answer finished";
      }
      if (job.reservation)
        core.ledger.settle(job.reservation, streamCost(price, plan, result.completionTokens));
      job.costUsd = costOf(price, {
        prompt_tokens: plan.usage.prompt_tokens,
        completion_tokens: result.completionTokens,
      });
      release(service.alias, job);
      return;
    }
    if (streaming) job.doneAt = now + Math.min(core.timing.jobMs, duration);

    if (wait > 0) {
      const deadline = performance.now() + wait * 1000;
      for (;;) {
        const at = core.clock.now();
        if (isTerminal(jobState(job, at)) || ctx.closed) break;
        const remaining = deadline - performance.now();
        if (remaining <= 0) break;
        await sleep(Math.min(remaining, Math.max(2, Math.min(50, nextChangeIn(job, at)))));
      }
    }
    if (ctx.closed) return;
    ctx.json(200, {
      status: "success",
      body: { infer_requests: [renderJob(core, settings, job, core.clock.now())] },
    });
  };

  const getInferRequest = (ctx: RequestContext): void => {
    const job = jobs.get(ctx.params.id ?? "");
    if (!job) throw new HttpError(404, "infer request not found");
    ctx.json(200, {
      status: "success",
      body: { infer_requests: [renderJob(core, settings, job, core.clock.now())] },
    });
  };

  const createPresignedUrls = async (ctx: RequestContext, pathPrediction?: string): Promise<void> => {
    const body = await ctx.readJson();
    if (body !== undefined && !isObject(body)) {
      throw new HttpError(
        400,
        'request body must be a JSON object such as {"input_fields": ["audio_filename"]}',
      );
    }
    const service = findService(ctx.params.alias ?? "");
    if (!service) throw new HttpError(404, "service not found");
    const { name: predictionName, prediction } = resolvePrediction(service, ctx, pathPrediction);
    const label = `${service.alias}/${predictionName}`;
    const fileInputs = Object.entries(prediction.input_vars)
      .filter(([, spec]) => spec.type === "filename")
      .map(([name]) => name);
    let fields: string[];
    const requested = body?.input_fields;
    if (requested === undefined || requested === null) {
      fields = fileInputs;
    } else if (!Array.isArray(requested) || requested.some((f) => typeof f !== "string" || f.length === 0)) {
      throw new HttpError(400, 'input_fields must be an array of input names, e.g. ["audio_filename"]');
    } else {
      fields = requested.length > 0 ? [...new Set(requested as string[])] : fileInputs;
    }
    if (fields.length === 0) throw new HttpError(400, `${label} has no file inputs; nothing to upload`);
    for (const field of fields) {
      const spec = prediction.input_vars[field];
      const hint =
        fileInputs.length > 0
          ? `file inputs of ${label}: ${fileInputs.join(", ")}`
          : `${label} has no file inputs`;
      if (!spec) throw new HttpError(400, `input_fields: "${field}" is not an input of ${label}; ${hint}`);
      if (spec.type !== "filename") {
        throw new HttpError(
          400,
          `input_fields: "${field}" of ${label} is not a file input (type ${spec.type}); ${hint}`,
        );
      }
    }
    const entries = fields.map((field) => {
      const slot = core.storage.createSlot(service.alias, predictionName, field, core.rng);
      return [field, slot] as const;
    });
    const payload: JsonObject = {};
    if (settings.presignedShape === "urls") {
      const urls: JsonObject = {};
      for (const [field, slot] of entries) urls[field] = { upload_url: slot.url, filename: slot.filename };
      payload.urls = urls;
    } else {
      for (const [field, slot] of entries)
        payload[field] = { presigned_url: slot.url, filename: slot.filename };
    }
    ctx.json(200, { status: "success", body: payload });
  };

  const createChatCompletion = async (ctx: RequestContext): Promise<void> => {
    const body = await readObject(ctx, "an OpenAI-style chat request with model and messages");
    if (typeof body.model !== "string" || body.model.length === 0) {
      throw new HttpError(400, "model is required: a service alias such as qwen3, gpt_oss_120b or glm_5_3");
    }
    const service = findService(body.model);
    if (!service) throw new HttpError(404, "service not found");
    const kind = behaviourOf(service);
    if (kind.kind !== "chat" || !service.predictions.completions) {
      throw new HttpError(
        400,
        `service ${service.alias} does not serve chat completions; use POST /infer_request/${service.alias}`,
      );
    }
    checkVariant(service, service.predictions.completions, body.variant);
    let plan: ChatPlan;
    try {
      validateMessages(body.messages);
      plan = planChat(service.alias, kind, body, core.seed, core.rng);
    } catch (error) {
      if (error instanceof ChatInputError) throw new HttpError(400, error.message);
      throw error;
    }
    if (lastUserText(body.messages as JsonObject[]).includes("FAIL")) {
      throw new HttpError(
        500,
        "inference failed: the model reported an error (simulated by FAIL in the prompt)",
      );
    }
    requireCapacity(service.alias);
    const price = priceOf(service, "completions");
    const cost = total(costOf(price, plan.usage));
    requireAffordable(cost);

    const token = {};
    hold(service.alias, token);
    const reservation = core.ledger.reserve(cost, Number.POSITIVE_INFINITY);
    const id = `chatcmpl-${core.rng.hex(24)}`;
    const created = Math.floor(core.clock.now() / 1000);
    try {
      if (body.stream === false) {
        if (core.timing.firstTokenDelayMs > 0) await sleep(core.timing.firstTokenDelayMs);
        core.ledger.settle(reservation);
        if (!ctx.closed) ctx.json(200, chatCompletion(plan, id, created));
        return;
      }
      const result = await streamPlan(ctx, plan, id, created);
      core.ledger.settle(reservation, streamCost(price, plan, result.completionTokens));
    } finally {
      core.ledger.release(reservation);
      release(service.alias, token);
    }
  };

  const listServices = (ctx: RequestContext): void => {
    const expand = ctx.query.getAll("expand").flatMap((v) => v.split(","));
    let list: JsonObject[] = services.map((service) => {
      const copy: JsonObject = { ...service };
      if (expand.includes("template_id")) {
        copy.template = { id: service.template_id, name: `${service.alias}-serving`, category: "serving" };
      }
      return copy;
    });
    const body: JsonObject = {};
    const pageRaw = ctx.query.get("page");
    const numberRaw = ctx.query.get("number");
    if (pageRaw !== null || numberRaw !== null) {
      const page = pageRaw === null ? 0 : Number(pageRaw);
      const number = numberRaw === null ? list.length : Number(numberRaw);
      if (!Number.isInteger(page) || page < 0 || !Number.isInteger(number) || number < 1) {
        throw new HttpError(400, "page must be an integer >= 0 and number an integer >= 1");
      }
      const totalCount = list.length;
      list = list.slice(page * number, page * number + number);
      body.pagination = { page, number, total: totalCount };
    }
    body.services = list;
    ctx.json(200, { status: "success", body });
  };

  const getService = (ctx: RequestContext): void => {
    const service = findService(ctx.params.idOrAlias ?? "");
    if (!service) throw new HttpError(404, "service not found");
    ctx.json(200, { status: "success", body: { services: [service] } });
  };

  return {
    routes: {
      listServices,
      getService,
      createChatCompletion,
      createInferRequest: (context) => createInferRequest(context),
      createInferRequestWithPrediction: (context) => createInferRequest(context, context.params.prediction),
      getInferRequest,
      createInputPresignedUrls: (context) => createPresignedUrls(context),
      createInputPresignedUrlsWithPrediction: (context) =>
        createPresignedUrls(context, context.params.prediction),
      // uploadInputObject: the upload goes to the URL handed out, served by the storage host.
    } satisfies HandlersOf<typeof ondemandSpec>,
    handle: {
      inferRequests() {
        const now = core.clock.now();
        return [...jobs.values()].map((job) => summarize(job, now));
      },
      setCapacity(alias, instances) {
        if (instances === undefined) capacity.delete(alias);
        else if (!isInstanceCount(instances)) {
          throw new RangeError(
            "setCapacity(alias, instances): instances must be an integer >= 0 or undefined",
          );
        } else capacity.set(alias, instances);
      },
    },
  };
}
