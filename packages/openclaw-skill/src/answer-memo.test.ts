import { markSource, registerSecret } from "@theta/core";
import { describe, expect, it } from "vitest";
import { createAnswerMemo, sameData } from "./answer-memo.js";
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

describe("sameData", () => {
  it("compares JSON data all the way down", () => {
    expect(sameData({ a: [1, "x", { b: null }] }, { a: [1, "x", { b: null }] })).toBe(true);
    expect(sameData({ a: [1, "x", { b: null }] }, { a: [1, "x", { b: 0 }] })).toBe(false);
    expect(sameData({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameData({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(sameData([1, 2], { 0: 1, 1: 2 })).toBe(false);
    expect(sameData(Number.NaN, Number.NaN)).toBe(true);
    expect(sameData("1", 1)).toBe(false);
  });

  it("counts anything but plain objects and arrays as different, even the same instance", () => {
    const date = new Date(0);
    expect(sameData({ at: date }, { at: date })).toBe(false);
    expect(sameData(new Map(), new Map())).toBe(false);
  });

  it("does not take an inherited key for an own one", () => {
    const inherited = Object.create({ a: 1 }) as Record<string, unknown>;
    expect(sameData({}, inherited)).toBe(false);
  });
});

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

  it("keeps nothing for a command without a presentation", () => {
    const { answer, made } = counted();
    const plain = command(false);
    answer(plain, { a: 1 });
    answer(plain, { a: 1 });
    expect(made()).toBe(2);
  });
});
