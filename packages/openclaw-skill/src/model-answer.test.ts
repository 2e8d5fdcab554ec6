import { describe, expect, it } from "vitest";
import { defineCommand } from "./command.js";
import { modelAnswer } from "./model-answer.js";

const plain = defineCommand({
  name: "test.plain",
  title: "Plain",
  description: "A command that declares nothing.",
  inputSchema: { type: "object", properties: {}, additionalProperties: false },
  family: null,
  operations: [],
  run: async () => ({ items: [{ id: 1 }] }),
});

const presented = defineCommand({
  name: "test.presented",
  title: "Presented",
  description: "A command with compact text.",
  inputSchema: { type: "object", properties: {}, additionalProperties: false },
  family: null,
  operations: [],
  presentation: { text: (result: { items: { id: number }[] }) => `${result.items.length} items` },
  run: async () => ({ items: [{ id: 1 }, { id: 2 }] }),
});

describe("modelAnswer", () => {
  it("is minified JSON for a command that declares nothing", () => {
    expect(modelAnswer(plain, { items: [{ id: 1 }] })).toEqual({
      text: '{"items":[{"id":1}]}',
      data: { items: [{ id: 1 }] },
    });
    expect(modelAnswer(plain, "already text").text).toBe("already text");
    expect(modelAnswer(plain, [1, 2]).data).toBeUndefined();
  });

  it("is the declared text, except for a dry-run plan", () => {
    expect(modelAnswer(presented, { items: [{ id: 1 }, { id: 2 }] }).text).toBe("2 items");
    const plan = { dryRun: true, command: "test.presented", plan: { method: "POST" }, note: "nothing sent" };
    expect(modelAnswer(presented, plan).text).toBe(JSON.stringify(plan));
  });
});
