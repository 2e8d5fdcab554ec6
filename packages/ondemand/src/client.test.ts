/**
 * The client against the simulator over loopback HTTP (no mocks).
 */
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import {
  createBudgetGuard,
  ThetaApiError,
  ThetaBudgetError,
  ThetaConfigError,
  ThetaConnectionError,
  ThetaDryRunError,
  type ThetaError,
  ThetaStreamError,
  ThetaValidationError,
} from "@theta/core";
import { type Simulator, startSimulator } from "@theta/simulator";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createOndemandClient, type OndemandClientOptions } from "./index.js";

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ seed: 7 });
});
afterAll(async () => {
  await sim?.close();
});
afterEach(() => {
  sim.faults.clear();
});

function client(options: OndemandClientOptions = {}) {
  return createOndemandClient({
    baseUrl: sim.baseUrls.ondemand,
    apiToken: sim.credentials.ondemand.apiToken,
    allowInsecureLoopback: true,
    env: {},
    retryBackoffMs: 25,
    ...options,
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

const hi = [{ role: "user", content: "Say hello" }];

describe("configuration", () => {
  it("works with a trailing slash on the base URL", async () => {
    const c = client({ baseUrl: `${sim.baseUrls.ondemand}/` });
    expect(c.baseUrl).toBe(sim.baseUrls.ondemand);
    const services = await c.services.list();
    expect(services.map((s) => s.alias)).toContain("flux");
    const result = await c.infer("flux", { prompt: "a fox" });
    expect(result.state).toBe("success");
  });

  it("takes the token and base URL from the environment aliases", async () => {
    const c = createOndemandClient({
      allowInsecureLoopback: true,
      env: {
        THETA_API_KEY: sim.credentials.ondemand.apiToken,
        THETA_ONDEMAND_API_BASE_URL: `${sim.baseUrls.ondemand}/`,
      },
    });
    expect(c.baseUrl).toBe(sim.baseUrls.ondemand);
    expect((await c.infer("stable_diffusion_xl_turbo", { prompt: "cloud icon", steps: 2 })).state).toBe(
      "success",
    );
  });

  it("lists the public catalog without a token, and filters by category", async () => {
    const c = client({ apiToken: undefined });
    const vision = await c.services.list({ category: "vision" });
    expect(vision.map((s) => s.alias).sort()).toEqual(["blip", "grounding_dino", "llava"]);
    expect(vision.every((s) => s.category === "vision")).toBe(true);
    const all = await c.services.list({ expand: "template_id" });
    expect(all.find((s) => s.alias === "whisper")?.category).toBe("audio");
  });

  it("refuses every other call without a token before sending anything", async () => {
    const c = client({ apiToken: undefined });
    const before = sim.state.requests();
    for (const call of [
      () => c.infer("flux", { prompt: "x" }),
      () => c.services.get("flux"),
      () => c.requests.get("infr_rqst_1"),
      () => c.uploads.urls("whisper", ["audio_filename"]),
      () => c.chat.create({ messages: hi }),
      () => c.chat.stream({ messages: hi }).toArray(),
    ]) {
      const error = await rejection(call());
      expect(ThetaConfigError.isInstance(error)).toBe(true);
      expect((error as ThetaConfigError).code).toBe("missing_credential");
      expect((error as Error).message).toContain("THETA_ONDEMAND_API_TOKEN");
    }
    expect(sim.state.requests()).toBe(before);
  });

  it("gets one service with its category", async () => {
    const service = await client().services.get("blip");
    expect(service.alias).toBe("blip");
    expect(service.category).toBe("vision");
  });
});

describe("validation", () => {
  it("names the field and the fix, before any request", async () => {
    const c = client();
    const before = sim.state.requests();
    const untyped = c.infer as (service: string, input: object) => Promise<unknown>;
    const missing = await rejection(untyped("flux", {}));
    expect(ThetaValidationError.isInstance(missing)).toBe(true);
    expect((missing as ThetaValidationError).field).toBe("input.prompt");
    expect((missing as ThetaValidationError).fix).toContain("input.prompt");
    const wrong = await rejection(untyped("flux", { prompt: 1 }));
    expect((wrong as ThetaValidationError).field).toBe("input.prompt");
    expect((wrong as Error).message).toContain("must be a string");
    const chat = await rejection(c.chat.create({ model: "glm_5_3", messages: [], max_tokens: 0 }));
    expect((chat as ThetaValidationError).field).toBe("messages");
    const wait = await rejection(c.infer("flux", { prompt: "x" }, { wait: 61 }));
    expect((wait as ThetaValidationError).field).toBe("wait");
    expect(() => c.chat.stream({ model: "flux", messages: hi })).toThrow(/not a chat model/);
    expect(sim.state.requests()).toBe(before);
  });

  it("still runs unknown services untyped", async () => {
    const error = await rejection(client().infer("new_model" as string, { anything: 1 }));
    // The simulator does not know the service: the API's 404 comes back, not a validation error.
    expect(ThetaApiError.isInstance(error)).toBe(true);
    expect((error as ThetaApiError).status).toBe(404);
  });
});

describe("jobs", () => {
  it("reports a failed job with its error", async () => {
    const failed = await client().infer("flux", { prompt: "FAIL on purpose" });
    expect(failed).toMatchObject({ state: "error", terminal: true });
    expect(failed.error).toContain("inference failed");
  });

  it("runs an image job and reports its cost", async () => {
    const result = await client().infer("flux", { prompt: "a red fox", width: 512, height: 512 });
    expect(result.terminal).toBe(true);
    expect(typeof result.output?.image_url).toBe("string");
    expect(result.costUsd).toBeCloseTo(0.01, 10);
    expect(result.id).toMatch(/^infr_rqst_/);
  });

  it("returns at once with wait 0, then waits for the result", async () => {
    const c = client();
    const created = await c.infer("blip", { input_img: "https://example.com/cat.png" }, { wait: 0 });
    expect(created.terminal).toBe(false);
    const progress: number[] = [];
    const done = await c.requests.waitFor(created.id, {
      intervalMs: 50,
      onProgress: (p) => progress.push(p.attempt),
    });
    expect(done.terminalState).toBe("success");
    expect(done.attempts).toBe(progress.length);
    expect(typeof done.output?.caption === "string" || typeof done.output?.text === "string").toBe(true);
  });

  it("sends input.stream:false for chat services, and still parses SSE when asked for it", async () => {
    const c = client();
    const json = await c.infer("gpt_oss_120b", { messages: hi, max_tokens: 200 });
    expect(json.raw).toMatchObject({ body: { infer_requests: [expect.any(Object)] } });
    expect(typeof json.output?.message).toBe("string");

    const sse = await c.infer("glm_5_3", { messages: hi, stream: true });
    expect(sse.state).toBe("success");
    expect(typeof sse.output?.message).toBe("string");
    expect(String(sse.output?.message ?? "").length).toBeGreaterThan(0);
    expect(sse.output?.finish_reason).toBeDefined();
  });
});

describe("cost and error shapes", () => {
  it("reads cost in US cents when cost_usd is absent, and error_message", async () => {
    const other = await startSimulator({
      seed: 3,
      ondemand: { costShape: "cost", errorField: "error_message" },
    });
    try {
      const c = createOndemandClient({
        baseUrl: other.baseUrls.ondemand,
        apiToken: other.credentials.ondemand.apiToken,
        allowInsecureLoopback: true,
        env: {},
      });
      const result = await c.infer("esrgan", { input_img: "https://example.com/a.png" });
      expect(result.costUsd).toBeCloseTo(0.02, 10);
      expect(JSON.stringify(result.raw)).not.toContain("cost_usd");
      const failed = await c.infer("flux", { prompt: "FAIL on purpose" });
      expect(failed.state).toBe("error");
      expect(failed.terminal).toBe(true);
      expect(failed.error).toContain("inference failed");
      expect(JSON.stringify(failed.raw)).toContain("error_message");
    } finally {
      await other.close();
    }
  });
});

describe("uploads", () => {
  const bytes = new Uint8Array(300_000).map((_, i) => (i * 31) % 251);
  const sha = createHash("sha256").update(bytes).digest("hex");

  for (const shape of ["direct", "urls"] as const) {
    it(`normalizes the ${shape} presigned-URL shape and uploads`, async () => {
      const other = await startSimulator({ seed: 11, ondemand: { presignedShape: shape } });
      try {
        const c = createOndemandClient({
          baseUrl: other.baseUrls.ondemand,
          apiToken: other.credentials.ondemand.apiToken,
          allowInsecureLoopback: true,
          env: {},
        });
        const urls = await c.uploads.urls("talking_head", ["img", "audio"]);
        expect(Object.keys(urls).sort()).toEqual(["audio", "img"]);
        for (const slot of Object.values(urls)) {
          expect(slot.url.startsWith("http://127.0.0.1:")).toBe(true);
          expect(slot.filename.length).toBeGreaterThan(0);
        }
        await c.uploads.put(urls.img?.url as string, bytes);
        expect(other.state.upload(urls.img?.filename as string)?.sha256).toBe(sha);
      } finally {
        await other.close();
      }
    });
  }

  it("streams a Node Readable, an async generator, a Blob, a ReadableStream and bytes", async () => {
    const c = client();
    const chunks = [bytes.subarray(0, 100_000), bytes.subarray(100_000, 200_000), bytes.subarray(200_000)];
    const sources = {
      readable: () => Readable.from(chunks.map((chunk) => Buffer.from(chunk))),
      // Any async iterable of bytes, such as a generator: what a project without Node's types passes.
      generator: async function* () {
        for (const chunk of chunks) yield chunk;
      },
      blob: () => new Blob([bytes]),
      web: () =>
        new ReadableStream<Uint8Array>({
          start(controller) {
            for (const chunk of chunks) controller.enqueue(chunk);
            controller.close();
          },
        }),
      bytes: () => bytes,
    };
    for (const [name, make] of Object.entries(sources)) {
      const sent: number[] = [];
      const { filename } = await c.uploads.upload("whisper", "audio_filename", make(), {
        onProgress: (n) => sent.push(n),
      });
      const info = sim.state.upload(filename);
      expect(info?.size, name).toBe(bytes.byteLength);
      expect(info?.sha256, name).toBe(sha);
      expect(info?.contentType, name).toBe("application/octet-stream");
      expect(sent.at(-1), name).toBe(bytes.byteLength);
    }
    const { filename } = await c.uploads.upload(
      "whisper",
      "audio_filename",
      Readable.from([Buffer.from("abc")]),
    );
    const result = await c.infer("whisper", { audio_filename: filename });
    expect(result.state).toBe("success");
  });

  it("is blocked by dry-run like the presigned-URL request", async () => {
    const c = client({ dryRun: true });
    const before = sim.state.requests();
    const error = await rejection(
      c.uploads.put(`${sim.baseUrls.storage}/anything?sig=abc`, new Uint8Array([1])),
    );
    expect(ThetaDryRunError.isInstance(error)).toBe(true);
    expect((error as ThetaDryRunError).plan.operationId).toBe("uploadInputObject");
    expect(sim.state.requests()).toBe(before);
  });
});

describe("chat", () => {
  it("streams reasoning apart from content, with usage and finish", async () => {
    const events = await client().chat.stream({ model: "gpt_oss_120b", messages: hi }).toArray();
    const content = events.flatMap((e) => (e.type === "content" ? [e.delta] : [])).join("");
    const reasoning = events.flatMap((e) => (e.type === "reasoning" ? [e.delta] : [])).join("");
    expect(content.length).toBeGreaterThan(0);
    expect(reasoning.length).toBeGreaterThan(0);
    expect(content).not.toContain(reasoning);
    expect(reasoning).not.toContain(content);
    expect(events.some((e) => e.type === "usage")).toBe(true);
    expect(events.filter((e) => e.type === "finish")).toHaveLength(1);
  });

  it("creates a chat over the OpenAI-compatible route (reasoning_content kept apart)", async () => {
    const result = await client().chat.create({ model: "glm_5_3", messages: hi });
    expect(result.content.length).toBeGreaterThan(0);
    expect(result.reasoning?.length ?? 0).toBeGreaterThan(0);
    expect(result.content).not.toContain(result.reasoning as string);
    expect(result.finishReason).toBe("stop");
    expect(result.usage?.total_tokens).toBeGreaterThan(0);
    expect(result.costUsd).toBeGreaterThan(0);
  });

  it("uses the qwen3 parallax job route by default and aggregates its stream", async () => {
    const before = sim.state.requestCount("createInferRequest");
    const result = await client().chat.create({ messages: hi });
    expect(sim.state.requestCount("createInferRequest")).toBe(before + 1);
    expect(result.content.length).toBeGreaterThan(0);
    expect(result.finishReason).not.toBe("unknown");
    const streamed = await client().chat.stream({ messages: hi }).toArray();
    expect(streamed.some((e) => e.type === "content")).toBe(true);
  });

  it("raises stream_incomplete when the stream is cut before the finish", async () => {
    sim.faults.add({
      family: "ondemand",
      path: "/infer_request/chat/completions",
      action: "truncate-stream",
    });
    const events: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const event of client().chat.stream({ model: "glm_5_3_flash", messages: hi }))
          events.push(event.type);
      })(),
    );
    expect(ThetaStreamError.isInstance(error)).toBe(true);
    expect((error as ThetaStreamError).code).toBe("stream_incomplete");
    expect(events).not.toContain("finish");
  });
});

describe("resilience", () => {
  it("retries a 409 capacity answer and then succeeds", async () => {
    const rule = { family: "ondemand", path: "/infer_request/flux", action: "capacity" as const, times: 1 };
    sim.faults.add(rule);
    const before = sim.state.requestCount("createInferRequest");
    const result = await client({ maxRetries: 2 }).infer("flux", { prompt: "x" });
    expect(result.state).toBe("success");
    expect(sim.faults.hits()).toBe(1);
    expect(sim.state.requestCount("createInferRequest")).toBe(before + 1);
  });

  it("surfaces capacity_exhausted when capacity never frees up", async () => {
    sim.faults.add({
      family: "ondemand",
      path: "/infer_request/flux",
      action: "capacity",
      times: Number.POSITIVE_INFINITY,
    });
    const error = await rejection(client({ maxRetries: 1 }).infer("flux", { prompt: "x" }));
    expect((error as ThetaApiError).code).toBe("capacity_exhausted");
    expect(sim.faults.hits()).toBe(2);
  });

  it("never repeats a billable create after a reset once it was sent", async () => {
    sim.faults.add({
      family: "ondemand",
      method: "POST",
      path: "/infer_request/flux",
      action: "reset-before-response",
    });
    const error = await rejection(client({ maxRetries: 3 }).infer("flux", { prompt: "x" }));
    expect(ThetaConnectionError.isInstance(error)).toBe(true);
    expect((error as ThetaConnectionError).outcome).toBe("unknown");
    expect(sim.faults.hits()).toBe(1);
  });
});

describe("dry-run", () => {
  it("blocks infer, chat and presigned URLs with a redacted plan; reads still run", async () => {
    const token = "ondemand-secret-token-123456";
    const c = client({ apiToken: token, dryRun: true });
    const before = sim.state.requests();
    const plans = [];
    for (const call of [
      () => c.infer("flux", { prompt: "x" }),
      () => c.chat.create({ model: "glm_5_3", messages: hi }),
      () => c.chat.stream({ messages: hi }).toArray(),
      () => c.uploads.urls("whisper", ["audio_filename"]),
    ]) {
      const error = await rejection(call());
      expect(ThetaDryRunError.isInstance(error)).toBe(true);
      const plan = (error as ThetaDryRunError).plan;
      plans.push(plan.operationId);
      expect(JSON.stringify(plan)).not.toContain(token);
      expect(JSON.stringify((error as ThetaError).toJSON())).not.toContain(token);
      expect((error as Error).message).not.toContain(token);
      expect(plan.headers.authorization).toBeDefined();
    }
    expect(plans).toEqual([
      "createInferRequest",
      "createChatCompletion",
      "createInferRequest",
      "createInputPresignedUrls",
    ]);
    expect(sim.state.requests()).toBe(before);
    expect((await c.services.list()).length).toBeGreaterThan(0);
  });

  it("plans without a token too", async () => {
    const error = await rejection(
      client({ apiToken: undefined, dryRun: true }).infer("flux", { prompt: "x" }),
    );
    expect(ThetaDryRunError.isInstance(error)).toBe(true);
    expect((error as ThetaDryRunError).plan.body).toMatchObject({ input: { prompt: "x" } });
  });
});

describe("budget", () => {
  it("stops the third of three calls that would pass the cap", async () => {
    const budget = createBudgetGuard({ capUsd: 0.025 });
    const c = client({ budget });
    const before = sim.state.requestCount("createInferRequest");
    await c.infer("flux", { prompt: "one" });
    await c.infer("flux", { prompt: "two" });
    const error = await rejection(c.infer("flux", { prompt: "three" }));
    expect(ThetaBudgetError.isInstance(error)).toBe(true);
    expect(sim.state.requestCount("createInferRequest")).toBe(before + 2);
    const snapshot = await budget.snapshot();
    expect(snapshot.spentUsd).toBeCloseTo(0.02, 10);
    expect(snapshot.reservedUsd).toBe(0);
  });

  it("settles chat from token usage and releases a dry-run reservation", async () => {
    const budget = createBudgetGuard({ capUsd: 1 });
    const estimate = await client().estimateCostUsd("glm_5_3", { messages: hi });
    const result = await client({ budget }).chat.create({ model: "glm_5_3", messages: hi });
    const snapshot = await budget.snapshot();
    expect(snapshot.spentUsd).toBeCloseTo(result.costUsd as number, 12);
    expect(snapshot.spentUsd).toBeLessThan(estimate);
    await rejection(
      client({ budget, dryRun: true }).chat.stream({ model: "glm_5_3", messages: hi }).toArray(),
    );
    expect((await budget.snapshot()).spentUsd).toBeCloseTo(result.costUsd as number, 12);
    expect((await budget.snapshot()).reservedUsd).toBe(0);
  });
});
