import { describe, expect, it } from "vitest";
import { closeNames, isValidToolName, levenshtein, openclawToolName, underscoreName } from "./names.js";
import { type FromSchema, validateInput } from "./schema.js";

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

describe("validateInput and keys named like Object.prototype members", () => {
  const poll = {
    type: "object",
    properties: {
      requestId: { type: "string", minLength: 1 },
      timeoutMs: { type: "integer", minimum: 1000, maximum: 600000, default: 120000 },
      intervalMs: { type: "integer", minimum: 500, maximum: 60000, default: 2000 },
    },
    required: ["requestId"],
    additionalProperties: false,
  } as const;
  const open = {
    type: "object",
    properties: { input: { description: "free-form model input" }, nested: { type: "object" } },
  } as const;

  it("refuses an own __proto__ key (as JSON.parse makes it) and never obeys it", () => {
    const input = JSON.parse('{"requestId":"r1","__proto__":{"intervalMs":1,"timeoutMs":99999999}}');
    const result = validateInput(poll, input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      {
        field: "__proto__",
        message: expect.stringContaining('"__proto__" names a built-in member'),
        fix: 'remove the "__proto__" key',
      },
    ]);
  });

  it.each([
    "toString",
    "constructor",
    "hasOwnProperty",
    "valueOf",
    "isPrototypeOf",
    "__defineGetter__",
    "prototype",
  ])("refuses the key %s, also where any field is allowed", (key) => {
    for (const schema of [poll, open] as const) {
      const result = validateInput(schema, JSON.parse(`{"requestId":"r1",${JSON.stringify(key)}:1}`));
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.issues[0]).toMatchObject({ field: key, fix: `remove the "${key}" key` });
    }
  });

  it("refuses them inside nested objects and free-form values, naming the path", () => {
    const nested = validateInput(open, JSON.parse('{"nested":{"ok":1,"__proto__":{"x":1}}}'));
    expect(nested).toMatchObject({ ok: false, issues: [{ field: "nested.__proto__" }] });
    const free = validateInput(
      open,
      JSON.parse('{"input":{"messages":[{"role":"user","constructor":"x"}]}}'),
    );
    expect(free).toMatchObject({ ok: false, issues: [{ field: "input.messages[0].constructor" }] });
  });

  it("reads only own properties: inherited fields are neither given nor declared", () => {
    const inherited = Object.create({ requestId: "from-the-prototype" }) as Record<string, unknown>;
    expect(validateInput(poll, inherited)).toMatchObject({ ok: false, issues: [{ field: "requestId" }] });
  });

  it("returns a value with the ordinary prototype and own fields only", () => {
    const result = validateInput(poll, JSON.parse('{"requestId":"r1","intervalMs":500}'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Object.getPrototypeOf(result.value)).toBe(Object.prototype);
    expect(Object.keys(result.value).sort()).toEqual(["intervalMs", "requestId", "timeoutMs"]);
    expect(result.value).toEqual({ requestId: "r1", intervalMs: 500, timeoutMs: 120000 });
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
