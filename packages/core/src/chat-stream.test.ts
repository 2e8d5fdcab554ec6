/**
 * ChatStream.result() on scripted event batches (a pure producer, no network): it folds what the
 * stream yields exactly as ChatAccumulator does, asks the producer to keep the raw answer, hands every
 * event to onEvent, and refuses a stream that was already read.
 */
import { describe, expect, it } from "vitest";
import type { ChatAggregate } from "./chat-accumulator.js";
import type { ChatAnswer } from "./chat-answer.js";
import { ChatStream } from "./chat-stream.js";
import type { ChatEvent, ChatResult } from "./chat-types.js";

const BATCHES: ChatEvent[][] = [
  [{ type: "tool_call", index: 0, id: "call_1", name: "get_", argumentsDelta: "" }],
  [
    { type: "tool_call", index: 0, name: "weather", argumentsDelta: '{"city":' },
    { type: "tool_call", index: 0, argumentsDelta: '"Paris"}' },
  ],
  [],
  [
    { type: "usage", usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 } },
    { type: "finish", reason: "tool_calls" },
  ],
];

function scripted(batches: ChatEvent[][]): { stream: ChatStream; answers: ChatAnswer[] } {
  const answers: ChatAnswer[] = [];
  async function* produce(answer: ChatAnswer): AsyncGenerator<ChatEvent[]> {
    answers.push({ ...answer });
    answer.model = "answered-model";
    if (answer.keepRaw) answer.raw = { stream: true };
    yield* batches;
  }
  const finish = (aggregate: ChatAggregate, answer: ChatAnswer): ChatResult => ({
    ...aggregate,
    model: answer.model ?? "asked-model",
    raw: answer.raw,
  });
  return { stream: new ChatStream(produce, finish), answers };
}

describe("ChatStream.result()", () => {
  it("folds the events (tool-call name and arguments appended), keeps the raw answer, shows each event", async () => {
    const { stream, answers } = scripted(BATCHES);
    const seen: string[] = [];
    const result = await stream.result({ onEvent: (event) => seen.push(event.type) });
    expect(result).toEqual({
      content: "",
      finishReason: "tool_calls",
      toolCalls: [
        { id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
      ],
      usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
      model: "answered-model",
      raw: { stream: true },
    });
    expect(answers).toEqual([{ keepRaw: true }]);
    expect(seen).toEqual(["tool_call", "tool_call", "tool_call", "usage", "finish"]);
  });

  it("iterating does not ask for the raw answer; a stream read once has no result", async () => {
    const { stream, answers } = scripted(BATCHES);
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types).toHaveLength(5);
    expect(answers).toEqual([{ keepRaw: false }]);
    await expect(stream.result()).rejects.toThrow(/already consumed/);
  });

  it("reports a missing finish as unknown, never stop", async () => {
    const { stream } = scripted([[{ type: "content", delta: "Hel" }], [{ type: "content", delta: "lo" }]]);
    expect(await stream.result()).toMatchObject({ content: "Hello", finishReason: "unknown" });
  });
});
