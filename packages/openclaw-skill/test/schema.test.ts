import { describe, expect, it } from "vitest";
import { closeNames, isValidToolName, levenshtein, openclawToolName, underscoreName } from "../src/names.js";
import { type FromSchema, validateInput } from "../src/schema.js";

const schema = {
  type: "object",
  properties: {
    service: { type: "string", minLength: 1 },
    wait: { type: "integer", minimum: 0, maximum: 60, default: 30 },
    tags: { type: "array", items: { type: "string" }, minItems: 1 },
    mode: { type: "string", enum: ["a", "b"] },
    nested: {
      type: "object",
      properties: { role: { type: "string", enum: ["user", "assistant"] } },
      required: ["role"],
    },
  },
  required: ["service"],
  additionalProperties: false,
} as const;

describe("validateInput", () => {
  it("fills defaults and types the result", () => {
    const result = validateInput(schema, { service: "qwen3" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const value: FromSchema<typeof schema> = result.value;
    expect(value).toEqual({ service: "qwen3", wait: 30 });
    // Compile-time: `wait` is a number (defaulted), `mode` is "a" | "b" | undefined.
    const wait: number = value.wait;
    const mode: "a" | "b" | undefined = value.mode;
    expect([wait, mode]).toEqual([30, undefined]);
  });

  it("names the missing field", () => {
    const result = validateInput(schema, {});
    expect(result).toMatchObject({ ok: false, issues: [{ field: "service" }] });
  });

  it("names nested fields with their path", () => {
    const result = validateInput(schema, { service: "x", nested: { role: "robot" }, tags: [1] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((issue) => issue.field).sort()).toEqual(["nested.role", "tags[0]"]);
    expect(result.issues.find((issue) => issue.field === "nested.role")?.fix).toContain("user, assistant");
  });

  it("rejects unknown fields, wrong types and out-of-range numbers", () => {
    const result = validateInput(schema, { service: "x", wait: 61, extra: true, mode: 3 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const fields = result.issues.map((issue) => issue.field).sort();
    expect(fields).toEqual(["extra", "mode", "wait"]);
    expect(result.issues.find((issue) => issue.field === "extra")?.fix).toContain("service");
  });

  it("rejects non-integers, empty strings and empty arrays", () => {
    const result = validateInput(schema, { service: "", wait: 1.5, tags: [] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((issue) => issue.field).sort()).toEqual(["service", "tags", "wait"]);
  });

  it("treats a missing input as an empty object", () => {
    expect(validateInput({ type: "object", properties: {} } as const, undefined)).toEqual({
      ok: true,
      value: {},
    });
    expect(validateInput({ type: "object" } as const, [])).toMatchObject({
      ok: false,
      issues: [{ field: "input" }],
    });
  });
});

describe("names", () => {
  it("maps dotted names to provider-safe tool names", () => {
    expect(underscoreName("theta.ondemand.listServices")).toBe("theta_ondemand_list_services");
    expect(underscoreName("theta.auth.capabilities")).toBe("theta_auth_capabilities");
    expect(underscoreName("get_request_status")).toBe("get_request_status");
    expect(openclawToolName("theta.ondemand.chat")).toBe("theta_ondemand_chat");
    expect(openclawToolName("infer")).toBe("theta_infer");
    expect(isValidToolName("a__b")).toBe(false);
    expect(isValidToolName("Theta_x")).toBe(false);
    expect(isValidToolName(`t${"x".repeat(64)}`)).toBe(false);
  });

  it("computes edit distances and close names", () => {
    expect(levenshtein("kitten", "sitting")).toBe(3);
    expect(levenshtein("", "abc")).toBe(3);
    const names = ["theta.ondemand.chat", "theta.ondemand.infer", "theta.setup", "list_services"];
    expect(closeNames("theta.ondemand.chta", names)[0]).toBe("theta.ondemand.chat");
    expect(closeNames("chat", names)).toContain("theta.ondemand.chat");
    expect(closeNames("listservice", names)).toEqual(["list_services"]);
    expect(closeNames("zzzzzzzzzzzz", names)).toEqual([]);
  });
});
