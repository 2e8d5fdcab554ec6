import { describe, expect, it } from "vitest";
import { MAX_SAME_DATA_DEPTH, sameData } from "./same-data.js";

describe("sameData", () => {
  it("compares JSON data all the way down", () => {
    expect(sameData({ a: [1, "x", { b: null }] }, { a: [1, "x", { b: null }] })).toBe(true);
    expect(sameData({ a: [1, "x", { b: null }] }, { a: [1, "x", { b: 0 }] })).toBe(false);
    expect(sameData({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    // Another key order is another JSON text.
    expect(sameData({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
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

describe("sameData on cycles and deep nesting", () => {
  it("ends at the depth limit instead of recursing forever", () => {
    const left: Record<string, unknown> = { name: "a" };
    left.self = left;
    const right = structuredClone(left);
    expect(sameData(left, right)).toBe(false);
    let deep: unknown = 1;
    for (let level = 0; level < MAX_SAME_DATA_DEPTH + 1; level++) deep = [deep];
    expect(sameData(deep, structuredClone(deep))).toBe(false);
  });
});
