import {
  aggregateCompletion,
  ChatAccumulator,
  chatEvents,
  eventsOfChunk,
  ThetaApiError,
  ThetaStreamError,
} from "@theta/core";
import { describe, expect, it } from "vitest";
import { priceFromCatalog } from "./context.js";
import {
  costUsdOf,
  inferRequestFromEnvelope,
  normalizeInferRequest,
  normalizePresignedUrls,
} from "./normalize.js";
import type { ChatEvent, Service } from "./types.js";

describe("normalizePresignedUrls", () => {
  it("reads body.<field>.{presigned_url, filename}", () => {
    const envelope = {
      status: "success",
      body: { image_filename: { presigned_url: "https://storage.example/a?sig=1", filename: "f1" } },
    };
    expect(normalizePresignedUrls(envelope, "op")).toEqual({
      image_filename: { url: "https://storage.example/a?sig=1", filename: "f1" },
    });
  });

  it("reads body.urls.<field>.{upload_url, filename}", () => {
    const envelope = {
      status: "success",
      body: {
        urls: {
          audio_filename: { upload_url: "https://storage.example/b", filename: "f2" },
          img: { upload_url: "https://storage.example/c", filename: "f3" },
        },
      },
    };
    expect(normalizePresignedUrls(envelope, "op")).toEqual({
      audio_filename: { url: "https://storage.example/b", filename: "f2" },
      img: { url: "https://storage.example/c", filename: "f3" },
    });
  });

  it("keeps a direct entry for a field literally named urls", () => {
    const envelope = { body: { urls: { presigned_url: "https://s.example/u", filename: "f" } } };
    expect(normalizePresignedUrls(envelope, "op")).toEqual({
      urls: { url: "https://s.example/u", filename: "f" },
    });
  });

  it("refuses a body that is not an object", () => {
    expect(() => normalizePresignedUrls({ status: "success" }, "createInputPresignedUrls")).toThrow(
      ThetaApiError,
    );
  });
});

describe("normalizeInferRequest", () => {
  it("sums cost_usd parts (USD)", () => {
    expect(costUsdOf({ cost_usd: { input: 0.001, output: 0.01 } })).toBe(0.011);
    expect(costUsdOf({ cost_usd: { output: 0.01 } })).toBe(0.01);
  });

  it("reads cost parts as US cents when cost_usd is absent", () => {
    expect(costUsdOf({ cost: { input: 0, output: 1 } })).toBe(0.01);
    expect(costUsdOf({ cost: 24 })).toBe(0.24);
    expect(costUsdOf({ cost: { input: 0.5, output: 1 }, cost_usd: { input: 0.005, output: 0.01 } })).toBe(
      0.015,
    );
    expect(costUsdOf({})).toBeUndefined();
  });

  it("takes the error from error or error_message", () => {
    expect(normalizeInferRequest({ id: "a", state: "error", error: "boom" }).error).toBe("boom");
    expect(normalizeInferRequest({ id: "a", state: "failed", error_message: "bad input" }).error).toBe(
      "bad input",
    );
    expect(normalizeInferRequest({ id: "a", state: "error", error: null, error_message: "x" }).error).toBe(
      "x",
    );
  });

  it("treats success, error, failed and cancelled as terminal", () => {
    for (const state of ["success", "error", "failed", "cancelled", "SUCCESS"]) {
      expect(normalizeInferRequest({ id: "a", state }).terminal, state).toBe(true);
    }
    for (const state of ["pending", "processing", "queued"]) {
      expect(normalizeInferRequest({ id: "a", state }).terminal, state).toBe(false);
    }
  });

  it("keeps output and timings", () => {
    const result = normalizeInferRequest({
      id: "infr_rqst_1",
      state: "success",
      output: { image_url: "https://x/y.png" },
      create_time: "2026-01-01T00:00:00.000Z",
      update_time: "2026-01-01T00:00:02.500Z",
    });
    expect(result.output).toEqual({ image_url: "https://x/y.png" });
    expect(result.timings).toEqual({
      createdAt: "2026-01-01T00:00:00.000Z",
      updatedAt: "2026-01-01T00:00:02.500Z",
      durationMs: 2500,
    });
  });

  it("reads the first infer request of an envelope", () => {
    const result = inferRequestFromEnvelope(
      { body: { infer_requests: [{ id: "r1", state: "pending" }] } },
      "op",
      "flux",
    );
    expect(result).toMatchObject({ id: "r1", state: "pending", terminal: false, service: "flux" });
    expect(() => inferRequestFromEnvelope({ body: {} }, "getInferRequest")).toThrow(/getInferRequest/);
  });
});

describe("chat events", () => {
  it("keeps reasoning (reasoning or reasoning_content) out of content", () => {
    const events = [
      ...eventsOfChunk({ choices: [{ index: 0, delta: { reasoning: "think " } }] }),
      ...eventsOfChunk({ choices: [{ index: 0, delta: { reasoning_content: "more" } }] }),
      ...eventsOfChunk({ choices: [{ index: 0, delta: { content: "Answer" } }] }),
      ...eventsOfChunk({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }] }),
    ];
    const acc = new ChatAccumulator();
    for (const event of events) acc.add(event);
    expect(acc.result()).toEqual({ content: "Answer", reasoning: "think more", finishReason: "stop" });
  });

  it("assembles tool-call deltas by index", () => {
    const acc = new ChatAccumulator();
    const chunks = [
      {
        choices: [
          {
            delta: {
              tool_calls: [{ index: 0, id: "call_1", function: { name: "get_weather", arguments: "" } }],
            },
          },
        ],
      },
      { choices: [{ delta: { tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] } }] },
      { choices: [{ delta: { tool_calls: [{ index: 0, function: { arguments: '"Oslo"}' } }] } }] },
      {
        choices: [{ delta: {}, finish_reason: "tool_calls" }],
        usage: { prompt_tokens: 3, completion_tokens: 4 },
      },
    ];
    for (const chunk of chunks) for (const event of eventsOfChunk(chunk)) acc.add(event);
    expect(acc.result()).toEqual({
      content: "",
      finishReason: "tool_calls",
      toolCalls: [
        { id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Oslo"}' } },
      ],
      usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
    });
  });

  it("normalizes a non-streamed chat.completion", () => {
    const completion = {
      model: "glm-5.3",
      choices: [{ message: { content: "Hi", reasoning_content: "Greeting" }, finish_reason: "stop" }],
      usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
    };
    expect(aggregateCompletion(completion)).toEqual({
      content: "Hi",
      reasoning: "Greeting",
      finishReason: "stop",
      usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
    });
  });

  async function collect(messages: string[]): Promise<ChatEvent[]> {
    async function* source() {
      for (const data of messages) yield { data };
    }
    const events: ChatEvent[] = [];
    for await (const event of chatEvents(source(), "createChatCompletion")) events.push(event);
    return events;
  }

  it("fails a stream that ends without a finish reason", async () => {
    const run = collect([JSON.stringify({ choices: [{ delta: { content: "partial" } }] })]);
    await expect(run).rejects.toSatisfy(
      (error: unknown) => ThetaStreamError.isInstance(error) && error.code === "stream_incomplete",
    );
  });

  it("fails on an error event or a malformed chunk", async () => {
    await expect(collect([JSON.stringify({ error: { message: "model overloaded" } })])).rejects.toThrow(
      /model overloaded/,
    );
    await expect(collect(["{not json"])).rejects.toSatisfy(
      (error: unknown) => ThetaStreamError.isInstance(error) && error.code === "stream_error",
    );
  });
});

describe("priceFromCatalog", () => {
  const base = { alias: "x", category: "text" as const };
  it("reads split pricing as US cents per cost_divisor tokens", () => {
    const service: Service = {
      ...base,
      default_prediction: "completions",
      predictions: { completions: { cost: 40, cost_divisor: 1_000_000, input_cost: 20, output_cost: 40 } },
    };
    expect(priceFromCatalog(service)).toEqual({ kind: "tokens", inputUsdPer1M: 0.2, outputUsdPer1M: 0.4 });
  });

  it("reads a media cost as US cents per request", () => {
    const service: Service = { ...base, predictions: { predict: { cost: 1, cost_divisor: 1 } } };
    expect(priceFromCatalog(service, "predict")).toEqual({ kind: "unit", usdPerRequest: 0.01 });
  });

  it("gives up on a chat prediction without split pricing", () => {
    const service: Service = {
      ...base,
      predictions: {
        completions: { cost: 40, cost_divisor: 1_000_000, input_vars: { messages: { type: "chat_array" } } },
      },
    };
    expect(priceFromCatalog(service)).toBeUndefined();
  });
});
