import { afterEach, describe, expect, it } from "vitest";
import {
  apiErrorFromResponse,
  errorMessageFromBody,
  retryAfterMsFromHeaders,
} from "./error-from-response.js";
import { clearRegisteredSecretsForTesting, REDACTED, registerSecret } from "./redact.js";

afterEach(() => {
  clearRegisteredSecretsForTesting();
});

describe("apiErrorFromResponse", () => {
  it.each([
    ['{"status":"error","message":"Envelope message"}', "Envelope message"],
    ['{"error":"Plain error"}', "Plain error"],
    ['{"error":{"message":"Nested message","type":"x"}}', "Nested message"],
    ['{"message":"Bare message"}', "Bare message"],
    ['{"detail":"FastAPI detail"}', "FastAPI detail"],
    ['{"error_message":"Alt field"}', "Alt field"],
    ["plain text failure", "plain text failure"],
  ])("reads the server message from %s", (bodyText, message) => {
    const error = apiErrorFromResponse({ status: 400, bodyText, operationId: "op" });
    expect(error.message).toContain(`op failed: HTTP 400 ${message}`);
  });

  it("maps 409 + 'No instances available' to capacity_exhausted (retriable)", () => {
    const error = apiErrorFromResponse({
      status: 409,
      bodyText: '{"status":"error","message":"No instances available for service qwen3"}',
      operationId: "createInferRequest",
    });
    expect(error.code).toBe("capacity_exhausted");
    expect(error.retriable).toBe(true);
    expect(error.message).toMatch(/no free instances/);
    const other409 = apiErrorFromResponse({ status: 409, bodyText: '{"message":"conflict"}' });
    expect(other409.code).toBe("api_error");
    expect(other409.retriable).toBe(false);
    expect(apiErrorFromResponse({ status: 409, bodyText: "NO INSTANCES AVAILABLE" }).code).toBe(
      "capacity_exhausted",
    );
  });

  it.each([
    [{ "x-request-id": "rid-1" }, "rid-1"],
    [{ "X-Theta-Request-Id": "rid-2" }, "rid-2"],
    [{ "cf-ray": "8a1b2c3d4e5f-SJC" }, "8a1b2c3d4e5f-SJC"],
    [new Headers({ "x-request-id": "rid-3", "cf-ray": "ray" }), "rid-3"],
  ])("takes the request id from %o", (headers, requestId) => {
    const error = apiErrorFromResponse({ status: 500, headers });
    expect(error.requestId).toBe(requestId);
    expect(error.message).toContain(`request id ${requestId}`);
  });

  it("keeps the parsed body, redacted", () => {
    registerSecret("echoed-token-abc");
    const error = apiErrorFromResponse({
      status: 401,
      bodyText: JSON.stringify({
        status: "error",
        message: "Invalid token echoed-token-abc",
        authorization: "Bearer x",
      }),
      url: "https://ondemand.thetaedgecloud.com/service/list",
      method: "GET",
    });
    expect(error.body).toEqual({
      status: "error",
      message: `Invalid token ${REDACTED}`,
      authorization: REDACTED,
    });
    expect(error.message).not.toContain("echoed-token-abc");
    expect(error.url).toBe("https://ondemand.thetaedgecloud.com/service/list");
  });

  it("summarizes HTML error pages instead of dumping them", () => {
    const error = apiErrorFromResponse({
      status: 403,
      bodyText:
        "<!DOCTYPE html><html><head><title>Access denied | Cloudflare</title></head><body>error code: 1010</body></html>",
    });
    expect(error.message).toContain("(HTML page: Access denied | Cloudflare)");
    expect(error.message).toMatch(/User-Agent/);
    expect(error.message).not.toContain("<html>");
  });

  it("shortens long server messages and bodies", () => {
    const error = apiErrorFromResponse({ status: 500, bodyText: "x".repeat(10_000) });
    expect(error.message.length).toBeLessThan(500);
    expect(String(error.body).length).toBeLessThanOrEqual(2000);
  });

  it("handles an empty body", () => {
    const error = apiErrorFromResponse({ status: 502, operationId: "op" });
    expect(error.message).toMatch(/^op failed: HTTP 502\. The Theta service failed; retry later/);
    expect(error.body).toBeUndefined();
  });

  it("reads Retry-After", () => {
    expect(apiErrorFromResponse({ status: 429, headers: { "retry-after": "3" } }).retryAfterMs).toBe(3000);
    expect(apiErrorFromResponse({ status: 429, headers: { "retry-after-ms": "150" } }).retryAfterMs).toBe(
      150,
    );
    expect(retryAfterMsFromHeaders({ "retry-after": new Date(10_000).toUTCString() }, 4000)).toBe(6000);
    expect(retryAfterMsFromHeaders({ "retry-after": "soon" })).toBeUndefined();
    expect(retryAfterMsFromHeaders(undefined)).toBeUndefined();
  });

  it("errorMessageFromBody ignores shapes without a message", () => {
    expect(errorMessageFromBody({ status: "error" })).toBeUndefined();
    expect(errorMessageFromBody(null)).toBeUndefined();
    expect(errorMessageFromBody(42)).toBeUndefined();
    expect(errorMessageFromBody({ detail: [{ msg: "field required" }] })).toBe("field required");
  });
});
