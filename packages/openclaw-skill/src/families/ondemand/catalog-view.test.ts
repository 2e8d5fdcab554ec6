import { describe, expect, it } from "vitest";
import { catalogFacts } from "./catalog-facts.js";
import { summarizeService } from "./catalog-view.js";

/** A catalog entry as a hostile server could send it: a prediction and an input named `__proto__`. */
const hostile = JSON.parse(
  '{"alias":"odd","name":"Odd","default_prediction":"__proto__","predictions":{"__proto__":{"instructions":"x","input_vars":{"__proto__":{"type":"string","default":"d"},"prompt":{"type":"string","required":true}}}}}',
) as unknown;

describe("the catalog summary of keys a server names __proto__", () => {
  it("keeps them as own keys: nothing is inherited from them and nothing is lost", () => {
    const summary = summarizeService(hostile);
    expect(Object.getPrototypeOf(summary.predictions)).toBe(Object.prototype);
    expect(Object.keys(summary.predictions)).toEqual(["__proto__"]);
    const prediction = Object.getOwnPropertyDescriptor(summary.predictions, "__proto__")?.value as {
      inputs: Record<string, unknown>;
    };
    expect(Object.keys(prediction.inputs)).toEqual(["__proto__", "prompt"]);
    expect(Object.getPrototypeOf(prediction.inputs)).toBe(Object.prototype);
    const facts = catalogFacts({ count: 1, detail: false, next: "", services: [summary] });
    const [entry] = facts.services as { optional: Record<string, unknown> }[];
    expect(Object.keys(entry?.optional ?? {})).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(entry?.optional)).toBe(Object.prototype);
  });
});
