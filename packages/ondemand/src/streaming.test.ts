/**
 * The streaming and catalog fast paths: chat events decoded a network chunk at a time, requests sent
 * straight through the transport, cached categories. Real HTTP against a node:http server made here.
 */
import {
  ChatStreamDecoder,
  createBudgetGuard,
  type SseMessage,
  ThetaApiError,
  ThetaStreamError,
} from "@theta/core";
import { useLoopbackServer } from "@theta/loopback-server/vitest";
import { describe, expect, it } from "vitest";
import { createOndemandClient } from "./client.js";
import type { ChatEvent } from "./types.js";

const server = useLoopbackServer();

const client = (extra: Parameters<typeof createOndemandClient>[0] = {}) =>
  createOndemandClient({
    baseUrl: server.url(),
    apiToken: "local-test-token-abcdef",
    allowInsecureLoopback: true,
    env: {},
    maxRetries: 0,
    ...extra,
  });

const hi = [{ role: "user" as const, content: "hi" }];
const data = (chunk: unknown): string => `data: ${JSON.stringify(chunk)}\n\n`;
const message = (chunk: unknown): SseMessage => ({ data: JSON.stringify(chunk) });
const delta = (content: string, extra: Record<string, unknown> = {}) => ({
  id: "c1",
  model: "glm-5.3",
  choices: [{ index: 0, delta: { content }, finish_reason: null }],
  ...extra,
});
const finish = { id: "c1", choices: [{ index: 0, delta: {}, finish_reason: "stop" }] };
const usage = {
  id: "c1",
  choices: [],
  usage: { prompt_tokens: 1000, completion_tokens: 2000, total_tokens: 3000 },
};

describe("ChatStreamDecoder", () => {
  it("decodes a batch into events, keeps model, id and (optionally) the raw data", () => {
    const raw: unknown[] = [];
    const decoder = new ChatStreamDecoder("createChatCompletion", raw);
    const events = decoder.decode([
      message(delta("Hel")),
      { data: "  " },
      message(delta("lo", { model: "other" })),
      message(finish),
    ]);
    expect(events).toEqual([
      { type: "content", delta: "Hel" },
      { type: "content", delta: "lo" },
      { type: "finish", reason: "stop" },
    ]);
    expect(decoder.decode([message(usage)])).toEqual([{ type: "usage", usage: usage.usage }]);
    expect(decoder.model).toBe("glm-5.3");
    expect(decoder.id).toBe("c1");
    expect(raw).toHaveLength(5);
    expect(() => decoder.end()).not.toThrow();
  });

  it("throws on an error event, a malformed chunk, and at the end without a finish reason", () => {
    expect(() => new ChatStreamDecoder("op").decode([{ data: "{nope" }])).toThrow(/not valid JSON/);
    const error = (() => {
      try {
        new ChatStreamDecoder("op").decode([{ event: "error", data: '{"error":{"message":"overloaded"}}' }]);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(ThetaStreamError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("overloaded");
    const incomplete = new ChatStreamDecoder("op");
    incomplete.decode([message(delta("partial"))]);
    expect(() => incomplete.end()).toThrow(/finish reason/);
  });
});

describe("chat.stream over the batched path", () => {
  it("delivers every event of a stream split into uneven chunks, and settles the budget from usage", async () => {
    const text = [...Array.from({ length: 300 }, (_, i) => data(delta(`t${i} `))), data(finish), data(usage)]
      .join("")
      .concat("data: [DONE]\n\n");
    server.handle((_request, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      for (let o = 0; o < text.length; o += 1777) res.write(text.slice(o, o + 1777));
      res.end();
    });
    const budget = createBudgetGuard({ capUsd: 1 });
    const events: ChatEvent[] = [];
    for await (const event of client({ budget }).chat.stream({ model: "glm_5_3", messages: hi })) {
      events.push(event);
    }
    const content = events.flatMap((e) => (e.type === "content" ? [e.delta] : [])).join("");
    expect(content).toBe(Array.from({ length: 300 }, (_, i) => `t${i} `).join(""));
    expect(events.at(-2)).toEqual({ type: "finish", reason: "stop" });
    expect(events.at(-1)).toEqual({ type: "usage", usage: usage.usage });
    const snapshot = await budget.snapshot();
    // glm_5_3: 1000 × $1.54/1M + 2000 × $4.84/1M
    expect(snapshot.spentUsd).toBeCloseTo(1000 * 1.54e-6 + 2000 * 4.84e-6, 12);
    expect(snapshot.reservedUsd).toBe(0);
  });

  it("cancels the response when the consumer breaks, and settles at the estimate", async () => {
    let closed = false;
    server.handle((_request, res, { incoming: req }) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(data(delta("first")));
      const timer = setInterval(() => res.write(data(delta("more"))), 10);
      req.socket.on("close", () => {
        closed = true;
        clearInterval(timer);
      });
    });
    const budget = createBudgetGuard({ capUsd: 1 });
    const estimate = await client().estimateCostUsd("glm_5_3", { messages: hi });
    for await (const event of client({ budget }).chat.stream({ model: "glm_5_3", messages: hi })) {
      expect(event).toEqual({ type: "content", delta: "first" });
      break;
    }
    for (let i = 0; i < 200 && !closed; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(closed).toBe(true);
    const snapshot = await budget.snapshot();
    expect(snapshot.spentUsd).toBeCloseTo(estimate, 12);
    expect(snapshot.reservedUsd).toBe(0);
  });

  it("posts qwen3 to the parallax job route with stream: true", async () => {
    let url = "";
    let sent: Record<string, unknown> = {};
    server.handle(({ bytes: body }, res, { incoming: req }) => {
      url = req.url ?? "";
      sent = JSON.parse(body.toString("utf8")) as Record<string, unknown>;
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(`${data(delta("ok"))}${data(finish)}data: [DONE]\n\n`);
    });
    const events = await client().chat.stream({ messages: hi }).toArray();
    expect(events).toEqual([
      { type: "content", delta: "ok" },
      { type: "finish", reason: "stop" },
    ]);
    expect(url).toBe("/infer_request/qwen3?prediction=completions&wait=60");
    expect(sent).toMatchObject({ input: { messages: hi, stream: true }, variant: "parallax_32b_fp8" });
  });

  it("keeps the raw chunks and the answering model for chat.create", async () => {
    server.handle((_request, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(`${data(delta("a"))}${data(delta("b"))}${data(finish)}data: [DONE]\n\n`);
    });
    const result = await client().chat.create({ model: "glm_5_3", messages: hi });
    expect(result.content).toBe("ab");
    expect(result.model).toBe("glm-5.3");
    expect(result.raw).toEqual({
      stream: true,
      chunks: [JSON.stringify(delta("a")), JSON.stringify(delta("b")), JSON.stringify(finish)],
    });
  });
});

describe("services.list straight through the transport", () => {
  const service = (alias: string, name: string) => ({ id: `srvc_${alias}`, alias, name, predictions: {} });

  it("sends expand, and derives categories per alias and name", async () => {
    const urls: string[] = [];
    let name = "Some Whisper";
    server.handle((_request, res, { incoming: req }) => {
      urls.push(req.url ?? "");
      const text = JSON.stringify({ status: "success", body: { services: [service("mystery_x", name)] } });
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
      res.end(text);
    });
    const c = client({ apiToken: undefined });
    const first = await c.services.list({ expand: "template_id" });
    expect(first).toEqual([{ ...service("mystery_x", "Some Whisper"), category: "audio" }]);
    name = "Some Image Model";
    expect((await c.services.list())[0]?.category).toBe("image");
    expect(await c.services.list({ category: "audio" })).toEqual([]);
    expect(urls).toEqual(["/service/list?expand=template_id", "/service/list", "/service/list"]);
  });

  it("reports malformed JSON as a ThetaApiError naming the operation", async () => {
    server.handle((_request, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{not json");
    });
    const error = await client()
      .services.list()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(ThetaApiError.isInstance(error)).toBe(true);
    expect((error as ThetaApiError).code).toBe("api_error");
    expect((error as ThetaApiError).operationId).toBe("listServices");
  });
});
