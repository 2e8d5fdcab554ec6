import { inspect } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DryRunPlan } from "./dry-run-plan.js";
import {
  apiErrorCode,
  isRetriableStatus,
  joinSentences,
  ThetaAbortError,
  ThetaApiError,
  ThetaBudgetError,
  ThetaConfigError,
  ThetaConnectionError,
  ThetaDryRunError,
  ThetaError,
  ThetaStreamError,
  ThetaTimeoutError,
  ThetaValidationError,
} from "./errors.js";
import { clearRegisteredSecretsForTesting, REDACTED, registerSecret } from "./redact.js";

afterEach(() => {
  clearRegisteredSecretsForTesting();
});

const plan: DryRunPlan = {
  dryRun: true,
  family: "ondemand",
  operationId: "createInferRequest",
  method: "POST",
  url: "https://ondemand.thetaedgecloud.com/infer_request/flux",
  headers: { authorization: "Bearer plan-token-123", "content-type": "application/json" },
  body: { input: { prompt: "a cat" } },
  mutating: true,
  billable: true,
  note: "dry run",
};

/** One instance of every class, with the code it must carry. */
function samples(): Array<[string, ThetaError, string]> {
  return [
    ["ThetaError", new ThetaError("base failed; retry", { code: "api_error" }), "api_error"],
    ["ThetaApiError", new ThetaApiError({ status: 404, operationId: "getRequest" }), "not_found"],
    ["ThetaConnectionError", new ThetaConnectionError({ outcome: "not_sent" }), "connection_error"],
    ["ThetaTimeoutError", new ThetaTimeoutError({ timeoutMs: 1000, phase: "attempt" }), "timeout"],
    ["ThetaAbortError", new ThetaAbortError(), "aborted"],
    [
      "ThetaValidationError",
      new ThetaValidationError({ field: "x", message: "x is bad", fix: "Fix x" }),
      "validation_error",
    ],
    [
      "ThetaConfigError",
      new ThetaConfigError({ message: "bad config; fix it", variable: "V" }),
      "config_error",
    ],
    ["ThetaDryRunError", new ThetaDryRunError({ plan }), "dry_run"],
    [
      "ThetaBudgetError",
      new ThetaBudgetError({ capUsd: 1, spentUsd: 0.9, reservedUsd: 0, estimateUsd: 0.2 }),
      "budget_exceeded",
    ],
    [
      "ThetaStreamError",
      new ThetaStreamError({ code: "stream_incomplete", message: "ended early; retry" }),
      "stream_incomplete",
    ],
  ];
}

const CLASSES = {
  ThetaApiError,
  ThetaConnectionError,
  ThetaTimeoutError,
  ThetaAbortError,
  ThetaValidationError,
  ThetaConfigError,
  ThetaDryRunError,
  ThetaBudgetError,
  ThetaStreamError,
};

describe("markers and isInstance", () => {
  it.each(samples())("%s has name, code, base marker and its own marker", (name, error, code) => {
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(error).toBeInstanceOf(Error);
    expect(ThetaError.isInstance(error)).toBe(true);
    expect((error as unknown as Record<symbol, unknown>)[Symbol.for("theta.error")]).toBe(true);
    if (name !== "ThetaError") {
      expect((error as unknown as Record<symbol, unknown>)[Symbol.for(`theta.error.${name}`)]).toBe(true);
    }
    for (const [other, ctor] of Object.entries(CLASSES)) {
      expect(ctor.isInstance(error)).toBe(other === name);
    }
  });

  it("the stack header carries the class name", () => {
    expect(new ThetaApiError({ status: 500 }).stack?.split("\n")[0]).toMatch(/^ThetaApiError: /);
    expect(String(new ThetaConfigError({ message: "m" }))).toBe("ThetaConfigError: m");
  });

  it("rejects look-alikes that are not Theta errors", () => {
    expect(ThetaError.isInstance(new Error("x"))).toBe(false);
    expect(ThetaError.isInstance(null)).toBe(false);
    expect(ThetaError.isInstance("ThetaError")).toBe(false);
    expect(ThetaError.isInstance({ name: "ThetaError", code: "api_error" })).toBe(false);
    expect(ThetaApiError.isInstance({ [Symbol.for("theta.error")]: true })).toBe(false);
    expect(ThetaApiError.isInstance({ [Symbol.for("theta.error.ThetaApiError")]: "yes" })).toBe(false);
  });

  it("works across two loaded copies of the module (instanceof does not)", async () => {
    vi.resetModules();
    const copy = await import("./errors.js");
    expect(copy.ThetaApiError).not.toBe(ThetaApiError);
    const foreign = new copy.ThetaApiError({ status: 429 });
    expect(foreign instanceof ThetaApiError).toBe(false);
    expect(ThetaApiError.isInstance(foreign)).toBe(true);
    expect(ThetaError.isInstance(foreign)).toBe(true);
    expect(ThetaTimeoutError.isInstance(foreign)).toBe(false);
    expect(copy.ThetaApiError.isInstance(new ThetaApiError({ status: 500 }))).toBe(true);
  });

  it("markers do not show up as enumerable properties", () => {
    const error = new ThetaApiError({ status: 500 });
    expect(Object.getOwnPropertySymbols(error).every((s) => !Object.keys(error).includes(String(s)))).toBe(
      true,
    );
    expect(JSON.stringify(error)).not.toContain("theta.error");
  });
});

describe("both constructor forms", () => {
  it("accepts (message, init) and ({ message, ...init })", () => {
    const a = new ThetaTimeoutError("custom timeout text; raise it", { timeoutMs: 5, phase: "idle" });
    const b = new ThetaTimeoutError({
      message: "custom timeout text; raise it",
      timeoutMs: 5,
      phase: "idle",
    });
    expect(a.message).toBe(b.message);
    expect(a.phase).toBe("idle");
    expect(new ThetaAbortError("stopped by caller", { cause: new Error("x") }).message).toBe(
      "stopped by caller",
    );
    expect(new ThetaValidationError("bad n; pass 1", { field: "n", fix: "pass 1" }).message).toBe(
      "bad n; pass 1",
    );
    expect(new ThetaStreamError("s", { code: "stream_error" }).code).toBe("stream_error");
  });
});

describe("messages", () => {
  it("pass through the redactor", () => {
    registerSecret("super-secret-value-1");
    const error = new ThetaConfigError({
      message: "bad value super-secret-value-1 with Bearer abcdef123 and password=pw123456",
    });
    expect(error.message).not.toContain("super-secret-value-1");
    expect(error.message).not.toContain("abcdef123");
    expect(error.message).not.toContain("pw123456");
    expect(error.message).toContain(REDACTED);
  });

  it("say what failed and what to do", () => {
    expect(new ThetaConnectionError({ outcome: "unknown", operationId: "chat" }).message).toMatch(
      /chat .*may have reached the server; check its status before retrying/,
    );
    expect(new ThetaConnectionError({ outcome: "not_sent", operationId: "chat" }).message).toMatch(
      /chat could not connect.*not sent/,
    );
    expect(
      new ThetaTimeoutError({ timeoutMs: 2500, phase: "attempt", operationId: "listServices" }).message,
    ).toMatch(/listServices got no response within 2500 ms\. Raise timeoutMs/);
    expect(new ThetaTimeoutError({ timeoutMs: 10, phase: "first_chunk" }).message).toMatch(/first chunk/);
    expect(new ThetaTimeoutError({ timeoutMs: 10, phase: "deadline" }).message).toMatch(/deadline/);
    expect(new ThetaAbortError({ operationId: "infer" }).message).toMatch(/^infer was aborted/);
    const budget = new ThetaBudgetError({
      capUsd: 2,
      spentUsd: 1.5,
      reservedUsd: 0.25,
      estimateUsd: 0.5,
      label: "flux",
    });
    expect(budget.message).toMatch(/flux needs about \$0\.50 but only \$0\.25 of the \$2\.00 cap is left/);
    expect(budget.message).toMatch(/Raise the budget cap/);
    expect(new ThetaDryRunError({ plan }).message).toMatch(
      /^Dry run: createInferRequest \(POST https:\/\/ondemand\.thetaedgecloud\.com\/infer_request\/flux\) was not sent\. Turn dry-run off/,
    );
  });

  it("ask to check the status only of a request that may have run", () => {
    const read = new ThetaConnectionError({
      outcome: "unknown",
      operationId: "listServices",
      mayHaveRun: false,
    });
    expect(read.code).toBe("outcome_unknown");
    expect(read.message).toMatch(
      /listServices lost the connection after sending\. It only reads.*retry later/,
    );
    expect(read.message).not.toMatch(/check its status/);
    const readTimeout = new ThetaTimeoutError({
      timeoutMs: 50,
      phase: "attempt",
      operationId: "listServices",
      mayHaveRun: false,
    });
    expect(readTimeout.message).toBe(
      "listServices got no response within 50 ms. Raise timeoutMs (or THETA_HTTP_TIMEOUT_MS) or retry later",
    );
    expect(new ThetaTimeoutError({ timeoutMs: 50, phase: "attempt", mayHaveRun: true }).message).toMatch(
      /check its status first/,
    );
  });

  it("validation errors append the fix once", () => {
    const error = new ThetaValidationError({
      field: "input.seed",
      message: "input.seed must be an integer",
      fix: "Pass a whole number",
    });
    expect(error.message).toBe("input.seed must be an integer. Pass a whole number");
    expect(error.field).toBe("input.seed");
    expect(error.fix).toBe("Pass a whole number");
    expect(error.issues).toEqual([
      { field: "input.seed", message: "input.seed must be an integer", fix: "Pass a whole number" },
    ]);
    const already = new ThetaValidationError({
      field: "a",
      message: "a is bad; pass a number",
      fix: "pass a number",
    });
    expect(already.message).toBe("a is bad; pass a number");
    const many = new ThetaValidationError({
      field: "a",
      message: "a is bad",
      fix: "fix a",
      issues: [
        { field: "a", message: "a is bad", fix: "fix a" },
        { field: "b", message: "b is bad", fix: "fix b" },
      ],
    });
    expect(many.message).toMatch(/2 problems/);
    expect(many.issues).toHaveLength(2);
    expect(
      new ThetaValidationError({ field: "endpoint", message: "m", fix: "f", code: "host_refused" }).code,
    ).toBe("host_refused");
  });

  it("joinSentences adds periods only where needed", () => {
    expect(joinSentences("a", "b")).toBe("a. b");
    expect(joinSentences("a.", undefined, " ", "b")).toBe("a. b");
    expect(joinSentences("a?", "b.")).toBe("a? b.");
  });
});

describe("toJSON", () => {
  it("returns a redacted plain object without the stack", () => {
    registerSecret("json-secret-value");
    const error = new ThetaApiError({
      status: 401,
      operationId: "listServices",
      serverMessage: "bad token json-secret-value",
      body: { message: "bad token json-secret-value", api_key: "zzz-1234" },
      url: "https://u:p@ondemand.thetaedgecloud.com/service/list?token=abc",
      requestId: "req-1",
    });
    const json = error.toJSON();
    expect(json).toMatchObject({
      name: "ThetaApiError",
      code: "unauthorized",
      status: 401,
      retriable: false,
      requestId: "req-1",
      operationId: "listServices",
      url: `https://${REDACTED}@ondemand.thetaedgecloud.com/service/list?token=${REDACTED}`,
      body: { message: `bad token ${REDACTED}`, api_key: REDACTED },
    });
    expect(json).not.toHaveProperty("stack");
    expect(JSON.stringify(error)).toBe(JSON.stringify(json));
    expect(JSON.stringify(json)).not.toContain("json-secret-value");
    expect(Object.getPrototypeOf(json)).toBe(Object.prototype);
  });

  it.each(samples())("%s serializes without the stack", (_name, error) => {
    const json = error.toJSON();
    expect(json.name).toBe(error.name);
    expect(json.code).toBe(error.code);
    expect(json.message).toBe(error.message);
    expect(json).not.toHaveProperty("stack");
  });

  it("includes subclass fields", () => {
    expect(new ThetaTimeoutError({ timeoutMs: 7, phase: "idle" }).toJSON()).toMatchObject({
      timeoutMs: 7,
      phase: "idle",
    });
    expect(
      new ThetaConfigError({ message: "m", variable: "V", envNames: ["A", "B"], accepted: "x" }).toJSON(),
    ).toMatchObject({
      variable: "V",
      envNames: ["A", "B"],
      accepted: "x",
    });
    expect(
      new ThetaBudgetError({ capUsd: 1, spentUsd: 0, reservedUsd: 0.5, estimateUsd: 0.6 }).toJSON(),
    ).toMatchObject({
      capUsd: 1,
      spentUsd: 0,
      reservedUsd: 0.5,
      estimateUsd: 0.6,
    });
    expect(new ThetaDryRunError({ plan }).toJSON()).toMatchObject({
      plan: { operationId: "createInferRequest", headers: { authorization: `Bearer ${REDACTED}` } },
    });
  });
});

describe("causes", () => {
  it("keeps a redacted copy of a foreign cause (name, message, code)", () => {
    registerSecret("cause-secret-99");
    const original = Object.assign(new Error("connect failed for cause-secret-99"), { code: "ECONNREFUSED" });
    const error = new ThetaConnectionError({ outcome: "not_sent", cause: original });
    const cause = error.cause as Error & { code?: string };
    expect(cause).toBeInstanceOf(Error);
    expect(cause.message).toBe(`connect failed for ${REDACTED}`);
    expect(cause.code).toBe("ECONNREFUSED");
    expect(inspect(error, { depth: 5 })).not.toContain("cause-secret-99");
    expect(original.message).toContain("cause-secret-99");
  });

  it("keeps Theta causes as they are", () => {
    const inner = new ThetaAbortError();
    expect(new ThetaStreamError({ code: "stream_error", message: "m", cause: inner }).cause).toBe(inner);
  });

  it("omits the cause property when there is none", () => {
    expect(Object.hasOwn(new ThetaAbortError(), "cause")).toBe(false);
  });

  it("names the low-level error code in connection messages", () => {
    const fetchError = new TypeError("fetch failed", {
      cause: Object.assign(new Error("x"), { code: "ECONNRESET" }),
    });
    expect(
      new ThetaConnectionError({ outcome: "unknown", operationId: "chat", cause: fetchError }).message,
    ).toContain("ECONNRESET");
  });
});

describe("ThetaApiError", () => {
  it.each([
    [401, "unauthorized", false],
    [403, "forbidden", false],
    [404, "not_found", false],
    [400, "api_error", false],
    [422, "api_error", false],
    [408, "api_error", true],
    [425, "api_error", true],
    [429, "rate_limited", true],
    [500, "server_error", true],
    [502, "server_error", true],
    [503, "server_error", true],
    [504, "server_error", true],
    [409, "api_error", false],
  ] as const)("HTTP %i → %s (retriable %s)", (status, code, retriable) => {
    const error = new ThetaApiError({ status, operationId: "op" });
    expect(error.code).toBe(code);
    expect(error.retriable).toBe(retriable);
    expect(error.status).toBe(status);
    expect(apiErrorCode(status)).toBe(code);
    expect(isRetriableStatus(status)).toBe(retriable);
  });

  it("formats `<operationId> failed: HTTP <status> <server message>. <what to do>`", () => {
    const error = new ThetaApiError({
      status: 403,
      operationId: "listDeployments",
      serverMessage: "You are not allowed to perform this action",
    });
    expect(error.message).toMatch(
      /^listDeployments failed: HTTP 403 You are not allowed to perform this action\. The credential was accepted/,
    );
  });

  it("falls back to method + redacted URL when there is no operation id", () => {
    const error = new ThetaApiError({ status: 500, method: "get", url: "https://h.example/x?token=t1" });
    expect(error.message).toMatch(
      new RegExp(`^GET https://h\\.example/x\\?token=\\${REDACTED.slice(0, -1)}\\] failed: HTTP 500`),
    );
    expect(error.method).toBe("GET");
  });

  it("lets callers override retriable and code", () => {
    const error = new ThetaApiError({ status: 500, retriable: false, code: "api_error" });
    expect(error.retriable).toBe(false);
    expect(error.code).toBe("api_error");
  });
});

describe("ThetaDryRunError", () => {
  it("redacts the plan's headers, URL and body", () => {
    registerSecret("body-secret-value");
    const error = new ThetaDryRunError({
      plan: {
        ...plan,
        url: "https://u:p@ondemand.thetaedgecloud.com/x?sig=abc",
        headers: { Authorization: "Bearer tok", "x-api-key": "k1", accept: "application/json" },
        body: { prompt: "body-secret-value", api_key: "k2", max_tokens: 20 },
      },
    });
    expect(error.plan.headers).toEqual({
      Authorization: `Bearer ${REDACTED}`,
      "x-api-key": REDACTED,
      accept: "application/json",
    });
    expect(error.plan.url).toBe(`https://${REDACTED}@ondemand.thetaedgecloud.com/x?sig=${REDACTED}`);
    expect(error.plan.body).toEqual({ prompt: REDACTED, api_key: REDACTED, max_tokens: 20 });
    expect(error.plan.mutating).toBe(true);
  });
});
