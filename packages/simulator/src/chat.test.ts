import { describe, expect, it } from "vitest";
import { collect, json, post, readSse, start } from "./testing/simulator-start.js";

const CHAT = "/infer_request/chat/completions";

const weatherTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Current weather for a city",
    parameters: {
      type: "object",
      properties: {
        city: { type: "string" },
        unit: { type: "string", enum: ["celsius", "fahrenheit"] },
        days: { type: "integer" },
      },
      required: ["city"],
    },
  },
};
const timeTool = {
  type: "function",
  function: { name: "get_time", parameters: { type: "object", properties: { zone: { type: "string" } } } },
};

describe("chat completions", () => {
  it("streams gpt_oss_120b reasoning first, then content, finish_reason, usage and [DONE]", async () => {
    const sim = await start();
    const response = await post(sim, CHAT, {
      model: "gpt_oss_120b",
      messages: [{ role: "user", content: "Hi there" }],
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const { events, done } = await readSse(response);
    expect(done).toBe(true);
    const joined = collect(events);
    expect(joined.reasoning.length).toBeGreaterThan(0);
    expect(joined.content.length).toBeGreaterThan(0);
    expect(joined.reasoningContent).toBe("");
    expect(joined.finishReasons).toEqual(["stop"]);
    const firstReasoning = events.findIndex((e) => JSON.stringify(e).includes('"reasoning"'));
    const firstContent = events.findIndex((e) => /"content":"[^"]/.test(JSON.stringify(e)));
    expect(firstReasoning).toBeGreaterThan(-1);
    expect(firstReasoning).toBeLessThan(firstContent);
    // finish on the last choice chunk, usage on a later chunk
    const finishIndex = events.findIndex((e) => JSON.stringify(e).includes('"finish_reason":"stop"'));
    const usageIndex = events.findIndex((e) => e.usage !== undefined);
    expect(usageIndex).toBeGreaterThan(finishIndex);
    const usage = joined.usage as { prompt_tokens: number; completion_tokens: number; total_tokens: number };
    expect(usage.prompt_tokens).toBe(Math.ceil("Hi there".length / 4));
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
    const tokenEvents = events.filter((e) => /"(content|reasoning)":"[^"]/.test(JSON.stringify(e))).length;
    expect(usage.completion_tokens).toBe(tokenEvents);
    for (const event of events) {
      expect(event).toMatchObject({ object: "chat.completion.chunk", model: "openai/gpt-oss-120b" });
    }
  });

  it("streams glm_5_3 reasoning as reasoning_content and qwen3 without reasoning", async () => {
    const sim = await start();
    const glm = collect(
      (await readSse(await post(sim, CHAT, { model: "glm_5_3", messages: [{ role: "user", content: "x" }] })))
        .events,
    );
    expect(glm.reasoningContent.length).toBeGreaterThan(0);
    expect(glm.reasoning).toBe("");
    const qwen = collect(
      (
        await readSse(
          await post(sim, CHAT, { model: "qwen3", stream: true, messages: [{ role: "user", content: "x" }] }),
        )
      ).events,
    );
    expect(qwen.reasoning + qwen.reasoningContent).toBe("");
    expect(qwen.content.length).toBeGreaterThan(0);
  });

  it("answers one chat.completion JSON with stream false", async () => {
    const sim = await start();
    const response = await post(sim, CHAT, {
      model: "glm_5_3",
      stream: false,
      reasoning_effort: "high",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: [{ type: "text", text: "[[echo:Forty-two.]]" }] },
      ],
    });
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body = await json(response);
    expect(body).toMatchObject({ object: "chat.completion", model: "glm-5.3" });
    const choice = (body.choices as { message: Record<string, unknown>; finish_reason: string }[])[0];
    expect(choice?.finish_reason).toBe("stop");
    expect(choice?.message.content).toBe("Forty-two.");
    expect(String(choice?.message.reasoning_content).split(" ").length).toBeGreaterThan(48);
    expect(body.usage).toMatchObject({
      prompt_tokens: Math.ceil(("Be brief.".length + "[[echo:Forty-two.]]".length) / 4),
    });
  });

  it("is deterministic for a seed and differs across seeds", async () => {
    const request = {
      model: "llama_3_8b",
      stream: false,
      messages: [{ role: "user", content: "Tell me a story" }],
    };
    const content = async (seed: number) => {
      const sim = await start({ seed });
      const body = await json(await post(sim, CHAT, request));
      return (body.choices as { message: { content: string } }[])[0]?.message.content;
    };
    const a = await content(1);
    expect(await content(1)).toBe(a);
    expect(await content(2)).not.toBe(a);
  });

  it("cuts the answer at max_tokens with finish_reason length", async () => {
    const sim = await start();
    const body = await json(
      await post(sim, CHAT, {
        model: "qwen3",
        stream: false,
        max_tokens: 5,
        messages: [{ role: "user", content: "[[words:50]]" }],
      }),
    );
    const choice = (body.choices as { message: { content: string }; finish_reason: string }[])[0];
    expect(choice?.finish_reason).toBe("length");
    expect(choice?.message.content.trim().split(/\s+/)).toHaveLength(5);
    expect((body.usage as { completion_tokens: number }).completion_tokens).toBe(5);

    const streamed = collect(
      (
        await readSse(
          await post(sim, CHAT, {
            model: "qwen3",
            max_tokens: 3,
            messages: [{ role: "user", content: "[[words:50]]" }],
          }),
        )
      ).events,
    );
    expect(streamed.finishReasons).toEqual(["length"]);
    expect(streamed.content.trim().split(/\s+/)).toHaveLength(3);
  });

  it("calls a forced tool, streaming id, name and argument chunks", async () => {
    const sim = await start();
    const { events, done } = await readSse(
      await post(sim, CHAT, {
        model: "glm_5_3_flash",
        tools: [weatherTool, timeTool],
        tool_choice: { type: "function", function: { name: "get_weather" } },
        messages: [{ role: "user", content: "How warm is it in Lisbon today?" }],
      }),
    );
    expect(done).toBe(true);
    const joined = collect(events);
    expect(joined.finishReasons).toEqual(["tool_calls"]);
    expect(joined.content).toBe("");
    expect(joined.toolCalls).toHaveLength(1);
    expect(joined.toolCalls[0]?.id).toMatch(/^call_[a-z0-9]{24}$/);
    expect(joined.toolCalls[0]?.name).toBe("get_weather");
    // prompt tokens count the tool definitions too
    const promptChars =
      "How warm is it in Lisbon today?".length + JSON.stringify([weatherTool, timeTool]).length;
    expect(joined.usage?.prompt_tokens).toBe(Math.ceil(promptChars / 4));
    expect(JSON.parse(joined.toolCalls[0]?.arguments ?? "")).toEqual({
      city: "Lisbon",
      unit: "celsius",
      days: 3,
    });
    const argumentChunks = events.filter(
      (e) => JSON.stringify(e).includes('"arguments":"') && !JSON.stringify(e).includes('"arguments":""'),
    );
    expect(argumentChunks.length).toBeGreaterThan(1);
  });

  it("calls tools for required and for auto when asked, and answers after a tool result", async () => {
    const sim = await start();
    const call = async (body: Record<string, unknown>) => {
      const response = await json(
        await post(sim, CHAT, { model: "glm_5_3", stream: false, tools: [weatherTool, timeTool], ...body }),
      );
      return (response.choices as { message: Record<string, unknown>; finish_reason: string }[])[0];
    };
    const required = await call({
      tool_choice: "required",
      messages: [{ role: "user", content: "get_weather and get_time please" }],
    });
    expect(required?.finish_reason).toBe("tool_calls");
    expect(
      ((required?.message.tool_calls ?? []) as { function: { name: string } }[]).map((c) => c.function.name),
    ).toEqual(["get_weather", "get_time"]);
    expect(required?.message.content).toBeNull();

    const auto = await call({
      tool_choice: "auto",
      messages: [{ role: "user", content: "Please call a tool for Oslo" }],
    });
    expect(auto?.finish_reason).toBe("tool_calls");
    const autoNoAsk = await call({ messages: [{ role: "user", content: "Just say hello" }] });
    expect(autoNoAsk?.finish_reason).toBe("stop");
    const none = await call({
      tool_choice: "none",
      messages: [{ role: "user", content: "use the get_weather tool" }],
    });
    expect(none?.finish_reason).toBe("stop");

    const continuation = await call({
      messages: [
        { role: "user", content: "use the get_weather tool for Oslo" },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            {
              id: "call_1",
              type: "function",
              function: { name: "get_weather", arguments: '{"city":"Oslo"}' },
            },
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: '{"temp": 3}' },
      ],
    });
    expect(continuation?.finish_reason).toBe("stop");
    expect(String(continuation?.message.content)).toContain('{"temp": 3}');

    const badChoice = await post(sim, CHAT, {
      model: "glm_5_3",
      tools: [weatherTool],
      tool_choice: { type: "function", function: { name: "nope" } },
      messages: [{ role: "user", content: "x" }],
    });
    expect(badChoice.status).toBe(400);
  });

  it("rejects unknown models, non-chat services and bad messages", async () => {
    const sim = await start();
    const unknown = await post(sim, CHAT, { model: "qwen", messages: [{ role: "user", content: "x" }] });
    expect(unknown.status).toBe(404);
    expect(await json(unknown)).toEqual({ status: "error", message: "service not found" });
    const media = await post(sim, CHAT, { model: "flux", messages: [{ role: "user", content: "x" }] });
    expect(media.status).toBe(400);
    const noModel = await post(sim, CHAT, { messages: [{ role: "user", content: "x" }] });
    expect(noModel.status).toBe(400);
    expect((await json(noModel)).message).toMatch(/model is required/);
    const badRole = await post(sim, CHAT, { model: "qwen3", messages: [{ role: "robot", content: "x" }] });
    expect(badRole.status).toBe(400);
    expect((await json(badRole)).message).toMatch(/messages\[0\]\.role/);
    const failing = await post(sim, CHAT, {
      model: "qwen3",
      stream: false,
      messages: [{ role: "user", content: "FAIL" }],
    });
    expect(failing.status).toBe(500);
  });

  it("keeps multi-byte characters intact across split writes", async () => {
    const sim = await start({ seed: 99 });
    const text = "café → naïve 日本 🚀 ".repeat(40).trim();
    const { events, done } = await readSse(
      await post(sim, CHAT, { model: "qwen3", messages: [{ role: "user", content: `[[echo:${text}]]` }] }),
    );
    expect(done).toBe(true);
    expect(collect(events).content).toBe(text);
  });
});
