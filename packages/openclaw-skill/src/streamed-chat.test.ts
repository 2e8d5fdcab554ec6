/**
 * `theta.ondemand.chat` gives the same result streamed or not: the streamed path folds the events the
 * way `chat.create` does (tool-call names appended across chunks, the SDK's ToolCall shape, the cost).
 * Real HTTP against a node:http server on 127.0.0.1 that answers every chat with the same SSE stream.
 */
import { ThetaStreamError } from "@theta/core";
import { type LoopbackServer, startLoopbackServer } from "@theta/loopback-server";
import { afterEach, describe, expect, it } from "vitest";
import { executeCommand } from "./registry.js";

const data = (chunk: unknown): string => `data: ${JSON.stringify(chunk)}\n\n`;
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

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(chunks: readonly unknown[], done = true): Promise<LoopbackServer> {
  server = await startLoopbackServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/event-stream" });
    for (const item of chunks) response.write(data(item));
    response.end(done ? "data: [DONE]\n\n" : "");
  });
  return server;
}

function chat(base: string, stream: boolean): Promise<unknown> {
  return executeCommand(
    "theta.ondemand.chat",
    { service: "gpt_oss_120b", messages: [{ role: "user", content: "weather in Paris?" }], stream },
    {
      env: { THETA_ONDEMAND_API_TOKEN: "local-test-token-7c1d", THETA_HTTP_MAX_RETRIES: "0" },
      baseUrls: { ondemand: base },
      allowInsecureLoopback: true,
    },
  );
}

describe("theta.ondemand.chat, streamed", () => {
  it("gives the same result as chat.create: tool-call name split across chunks, ToolCall shape, cost", async () => {
    const { url } = await serve(TOOL_CALL_STREAM);
    const created = await chat(url, false);
    const streamed = await chat(url, true);
    expect(streamed).toEqual(created);
    expect(streamed).toMatchObject({
      finishReason: "tool_calls",
      reasoning: "Need the weather.",
      toolCalls: [
        { id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
      ],
      usage: { prompt_tokens: 1200, completion_tokens: 300, total_tokens: 1500 },
      costUsd: expect.any(Number),
    });
  });

  it("fails when the stream ends without a finish reason (never reads it as stop)", async () => {
    const { url } = await serve([chunk({ content: "Hello" }), chunk({ content: " there" })], false);
    const error = await chat(url, true).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(ThetaStreamError.isInstance(error)).toBe(true);
    expect((error as ThetaStreamError).code).toBe("stream_incomplete");
  });
});
