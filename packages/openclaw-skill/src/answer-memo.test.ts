import { markSource, registerSecret } from "@theta/core";
import { describe, expect, it } from "vitest";
import { createAnswerMemo } from "./answer-memo.js";
import { type Command, defineCommand } from "./command.js";
import type { ModelAnswer } from "./model-answer.js";

function command(withPresentation: boolean): Command {
  return defineCommand({
    name: withPresentation ? "test.presented" : "test.plain",
    title: "Test",
    description: "A test command.",
    inputSchema: { type: "object", properties: {}, additionalProperties: false },
    family: null,
    operations: [],
    ...(withPresentation ? { presentation: { text: (result: unknown) => JSON.stringify(result) } } : {}),
    run: async () => ({}),
  });
}

/** A memo and a counter of the answers it had to make. */
function counted() {
  const memo = createAnswerMemo();
  let made = 0;
  const answer = (target: Command, result: unknown): ModelAnswer =>
    memo.answer(target, result, () => {
      made++;
      return { text: JSON.stringify(result), data: undefined };
    });
  return { answer, made: () => made };
}

describe("createAnswerMemo", () => {
  it("gives the kept answer again for the same data, and makes a new one when it changes", () => {
    const { answer, made } = counted();
    const presented = command(true);
    const first = answer(presented, { services: ["a"] });
    expect(answer(presented, { services: ["a"] })).toBe(first);
    expect(made()).toBe(1);
    expect(answer(presented, { services: ["b"] }).text).toBe('{"services":["b"]}');
    expect(made()).toBe(2);
  });

  it("is not fooled by a result changed in place after it was answered", () => {
    const { answer, made } = counted();
    const presented = command(true);
    const result = { services: ["a"] };
    answer(presented, result);
    result.services.push("b");
    expect(answer(presented, result).text).toBe('{"services":["a","b"]}');
    expect(made()).toBe(2);
  });

  it("compares marked results by their source only", () => {
    const { answer, made } = counted();
    const presented = command(true);
    const first = answer(presented, markSource({ n: 1 }, "catalog text v1"));
    expect(answer(presented, markSource({ n: 1 }, "catalog text v1"))).toBe(first);
    expect(made()).toBe(1);
    expect(answer(presented, markSource({ n: 1 }, "catalog text v2"))).not.toBe(first);
    // An unmarked result is not the marked one, whatever its data.
    answer(presented, { n: 1 });
    expect(made()).toBe(3);
  });

  it("makes the answer anew once a secret has been registered since", () => {
    const { answer, made } = counted();
    const presented = command(true);
    const result = markSource({ note: "echoed-value-0123456789" }, "text");
    answer(presented, result);
    registerSecret("echoed-value-0123456789");
    answer(presented, result);
    expect(made()).toBe(2);
  });

  it("gives every caller the same frozen answer, which none of them can change for the others", () => {
    const memo = createAnswerMemo();
    const presented = command(true);
    const result = markSource({ n: 1 }, "text");
    const answerOf = (): ModelAnswer => ({ text: "one", data: { services: [{ alias: "a" }] } });
    const first = memo.answer(presented, result, answerOf);
    expect(Object.isFrozen(first)).toBe(true);
    const [entry] = (first.data?.services ?? []) as { alias: string }[];
    expect(entry).toEqual({ alias: "a" });
    expect(() => {
      if (entry) entry.alias = "changed";
    }).toThrow(TypeError);
    expect(memo.answer(presented, result, answerOf).data).toEqual({ services: [{ alias: "a" }] });
  });

  it("keeps nothing for a command without a presentation", () => {
    const { answer, made } = counted();
    const plain = command(false);
    answer(plain, { a: 1 });
    answer(plain, { a: 1 });
    expect(made()).toBe(2);
  });
});
