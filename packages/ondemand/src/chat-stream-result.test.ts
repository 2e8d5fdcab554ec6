/**
 * `chat.stream(...).result()` returns exactly what `chat.create` returns for the same answer: tool-call
 * names and arguments appended across chunks, the SDK's ToolCall shape, the cost, the raw chunks; a
 * stream without a finish reason is incomplete, never "stop". Real HTTP against a node:http server.
 */
import { createBudgetGuard, ThetaStreamError } from "@theta/core";
import { useLoopbackServer } from "@theta/loopback-server/vitest";
import { describe, expect, it } from "vitest";
import { createOndemandClient } from "./client.js";
import type { ChatEvent } from "./types.js";

const server = useLoopbackServer();

const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
  id: "chat_1",
  model: "gpt_oss_120b",
  choices: [{ index: 0, delta, finish_reason: finish }],
});

/** One tool call whose name and arguments arrive in two deltas each, then usage and the finish. */
const TOOL_CALL_STREAM = [
  chunk({ role: "assistant", reasoning: "Need the weather." }),
  chunk({
    tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "get_", arguments: "" } }],
  }),
  chunk({ tool_calls: [{ index: 0, function: { name: "weather", arguments: '{"city":' } }] }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }),
  { id: "chat_1", choices: [], usage: { prompt_tokens: 1200, completion_tokens: 300, total_tokens: 1500 } },
  chunk({}, "tool_calls"),
];

function serveStream(chunks: readonly unknown[], done = true): void {
  server.handle((_request, response) => {
    response.writeHead(200, { "content-type": "text/event-stream" });
    for (const item of chunks) response.write(`data: ${JSON.stringify(item)}\n\n`);
    response.end(done ? "data: [DONE]\n\n" : "");
  });
}

const client = (extra: Parameters<typeof createOndemandClient>[0] = {}) =>
  createOndemandClient({
    baseUrl: server.url(),
    apiToken: "local-test-token-abcdef",
    allowInsecureLoopback: true,
    env: {},
    maxRetries: 0,
    ...extra,
  });

const REQUEST = {
  model: "gpt_oss_120b",
  messages: [{ role: "user" as const, content: "weather in Paris?" }],
};

describe("chat.stream().result()", () => {
  it("equals chat.create on the same answer: tool-call name split across chunks, ToolCall shape, cost", async () => {
    serveStream(TOOL_CALL_STREAM);
    const created = await client().chat.create(REQUEST);
    const seen: ChatEvent["type"][] = [];
    const streamed = await client()
      .chat.stream(REQUEST)
      .result({ onEvent: (event) => seen.push(event.type) });
    expect(streamed).toEqual(created);
    expect(streamed).toMatchObject({
      finishReason: "tool_calls",
      reasoning: "Need the weather.",
      model: "gpt_oss_120b",
      toolCalls: [
        { id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
      ],
      usage: { prompt_tokens: 1200, completion_tokens: 300, total_tokens: 1500 },
      costUsd: expect.any(Number),
      raw: { stream: true, chunks: expect.any(Array) },
    });
    expect(seen).toEqual(["reasoning", "tool_call", "tool_call", "tool_call", "usage", "finish"]);
  });

  it("fails when the stream ends without a finish reason (never reads it as stop)", async () => {
    serveStream([chunk({ content: "Hello" }), chunk({ content: " there" })], false);
    const failure = await client()
      .chat.stream(REQUEST)
      .result()
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(ThetaStreamError.isInstance(failure)).toBe(true);
    expect((failure as ThetaStreamError).code).toBe("stream_incomplete");
  });

  it("settles the budget reservation at the result's cost", async () => {
    serveStream(TOOL_CALL_STREAM);
    const budget = createBudgetGuard({ capUsd: 1 });
    const result = await client({ budget }).chat.stream(REQUEST).result();
    const snapshot = await budget.snapshot();
    expect(snapshot.spentUsd).toBeCloseTo(result.costUsd ?? Number.NaN, 12);
  });

  it("refuses a second reader: a stream already iterated has no result", async () => {
    serveStream(TOOL_CALL_STREAM);
    const stream = client().chat.stream(REQUEST);
    for await (const _event of stream) {
      // read to the end
    }
    await expect(stream.result()).rejects.toThrow(/already consumed/);
  });
});
