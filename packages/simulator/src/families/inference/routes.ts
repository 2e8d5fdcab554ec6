/**
 * A dedicated endpoint's app (`specs/inference.yaml`): OpenAI-compatible models and chat (JSON and
 * SSE, with the on-demand module's deterministic text) for vLLM templates, Gradio config and predict
 * for Gradio templates. Each request first passes the endpoint's gate (warm-up, stop, auth).
 * Not billable: the deployment bills by the hour whatever it serves.
 */
import { sleep } from "../../clock.js";
import type { SimulatorCore } from "../../core.js";
import type { DedicatedEndpoint } from "../../dedicated-endpoints.js";
import type { inferenceSpec } from "../../generated/inference.js";
import type { RequestContext } from "../../http.js";
import { isObject, type JsonObject } from "../../json-object.js";
import { hashString, Rng } from "../../random.js";
import type { HandlersOf, RouteHandler } from "../module.js";
import { ChatInputError, type ChatPlan, chatChunks, chatCompletion, planChat } from "../ondemand/chat.js";
import { passGate } from "./endpoint-gate.js";

/** Gradio's version in `/config` (the one seen live). */
const GRADIO_VERSION = "3.41.2";

/** vLLM's error body. */
function openaiError(ctx: RequestContext, status: number, message: string): void {
  const type = status === 404 ? "NotFoundError" : "BadRequestError";
  ctx.json(status, { object: "error", message, type, param: null, code: status });
}

async function readObject(ctx: RequestContext): Promise<JsonObject | undefined> {
  try {
    const body = await ctx.readJson();
    return isObject(body) ? body : undefined;
  } catch {
    return undefined;
  }
}

export function createInferenceRoutes(core: SimulatorCore): Record<string, RouteHandler> {
  const addressed = (ctx: RequestContext): DedicatedEndpoint | undefined =>
    core.endpoints.get(ctx.endpointKey ?? "");

  const streamPlan = async (ctx: RequestContext, plan: ChatPlan, id: string, created: number) => {
    const writer = ctx.sse(new Rng(hashString(id, core.seed)));
    let firstToken = true;
    for (const event of chatChunks(plan, id, created)) {
      if (event.token) {
        const delay = firstToken ? core.timing.firstTokenDelayMs : core.timing.chatTokenDelayMs;
        firstToken = false;
        if (delay > 0) await sleep(delay);
      }
      if (!(await writer.event(event.data))) return;
    }
    await writer.done();
  };

  const routes = {
    async listModels(ctx) {
      const endpoint = await passGate(ctx, addressed(ctx), "openai", core.clock.now());
      if (!endpoint) return;
      ctx.json(200, {
        object: "list",
        data: [
          {
            id: endpoint.model,
            object: "model",
            created: Math.floor(core.clock.now() / 1000),
            owned_by: "vllm",
            max_model_len: 32768,
          },
        ],
      });
    },
    async createChatCompletion(ctx) {
      const endpoint = await passGate(ctx, addressed(ctx), "openai", core.clock.now());
      if (!endpoint) return;
      const body = await readObject(ctx);
      if (!body) return openaiError(ctx, 400, "the body must be a JSON object with model and messages");
      if (body.model !== endpoint.model) {
        return openaiError(
          ctx,
          404,
          `The model \`${String(body.model)}\` does not exist; this endpoint serves ${endpoint.model} (see /v1/models)`,
        );
      }
      let plan: ChatPlan;
      try {
        plan = planChat(endpoint.model, { kind: "chat", modelId: endpoint.model }, body, core.seed, core.rng);
      } catch (error) {
        if (error instanceof ChatInputError) return openaiError(ctx, 400, error.message);
        throw error;
      }
      const id = `chatcmpl-${core.rng.hex(24)}`;
      const created = Math.floor(core.clock.now() / 1000);
      // OpenAI's default: a stream only when asked for.
      if (body.stream === true) return streamPlan(ctx, plan, id, created);
      if (core.timing.firstTokenDelayMs > 0) await sleep(core.timing.firstTokenDelayMs);
      if (!ctx.closed) ctx.json(200, chatCompletion(plan, id, created));
    },
    async getGradioConfig(ctx) {
      const endpoint = await passGate(ctx, addressed(ctx), "gradio", core.clock.now());
      if (!endpoint) return;
      ctx.json(200, {
        version: GRADIO_VERSION,
        mode: "interface",
        title: endpoint.title,
        components: [
          { id: 1, type: "image", props: { label: "input image" } },
          { id: 2, type: "textbox", props: { label: "detection prompt" } },
          { id: 3, type: "json", props: { label: "detections" } },
        ],
        dependencies: [{ id: 0, targets: [4], inputs: [1, 2], outputs: [3], api_name: "predict" }],
      });
    },
    async gradioPredict(ctx) {
      const endpoint = await passGate(ctx, addressed(ctx), "gradio", core.clock.now());
      if (!endpoint) return;
      const body = await readObject(ctx);
      if (!body || !Array.isArray(body.data)) {
        return ctx.json(422, { error: "the body must be {fn_index, data: [...]} with data an array" });
      }
      const fnIndex = body.fn_index ?? 0;
      if (fnIndex !== 0) {
        return ctx.json(400, {
          error: `fn_index ${String(fnIndex)} does not exist; this app has fn_index 0`,
        });
      }
      const prompt = typeof body.data[1] === "string" ? body.data[1] : "object";
      const labels = prompt
        .split(/[.,]/)
        .map((label) => label.trim())
        .filter((label) => label.length > 0);
      const rng = new Rng(hashString(prompt, core.seed));
      const detections = (labels.length > 0 ? labels : ["object"]).map((label) => ({
        label,
        score: Math.round((0.5 + rng.next() / 2) * 1000) / 1000,
        box: [rng.int(0, 200), rng.int(0, 200), rng.int(201, 400), rng.int(201, 400)],
      }));
      ctx.json(200, { data: [{ detections }], is_generating: false, duration: 0.42, average_duration: 0.42 });
    },
  } satisfies HandlersOf<typeof inferenceSpec>;
  return routes;
}
