import { describe, expect, it } from "vitest";
import { markSource, sourceOf } from "./answer-source.js";

describe("markSource / sourceOf", () => {
  it("gives the source a value was marked with, and nothing for other values", () => {
    const value = { services: [] };
    expect(markSource(value, '{"body":{}}')).toBe(value);
    expect(sourceOf(value)).toBe('{"body":{}}');
    expect(sourceOf({ services: [] })).toBeUndefined();
    expect(sourceOf("text")).toBeUndefined();
    expect(sourceOf(null)).toBeUndefined();
  });

  it("leaves the value as it was: no key, nothing in its JSON, its copies unmarked", () => {
    const value = { a: 1 };
    markSource(value, "source");
    expect(Object.keys(value)).toEqual(["a"]);
    expect(Object.getOwnPropertySymbols(value)).toEqual([]);
    expect(JSON.stringify(value)).toBe('{"a":1}');
    expect(sourceOf({ ...value })).toBeUndefined();
    expect(sourceOf(structuredClone(value))).toBeUndefined();
  });

  it("takes the last mark", () => {
    const value: number[] = [];
    markSource(value, "first");
    markSource(value, "second");
    expect(sourceOf(value)).toBe("second");
  });
});
