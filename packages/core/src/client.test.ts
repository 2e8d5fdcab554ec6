import { answerJson, type LoopbackServer, startLoopbackServer } from "@theta/loopback-server";
import { afterEach, describe, expect, it } from "vitest";
import { createBudgetGuard } from "./budget.js";
import { createFamilyClient } from "./client.js";
import {
  ThetaAbortError,
  ThetaApiError,
  ThetaBudgetError,
  ThetaConfigError,
  ThetaDryRunError,
  ThetaTimeoutError,
} from "./errors.js";
import type { FamilySpec } from "./index.js";
import { OPERATIONS, rejectionOf } from "./testing/fixtures.js";

interface TestPaths {
  "/service/list": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: {
      parameters: { query?: { category?: string }; header?: never; path?: never; cookie?: never };
      requestBody?: never;
      responses: {
        200: {
          headers: { [name: string]: unknown };
          content: { "application/json": { services: string[] } };
        };
      };
    };
  };
  "/infer_request/{alias}": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    post: {
      parameters: { query?: never; header?: never; path: { alias: string }; cookie?: never };
      requestBody: { content: { "application/json": { input: Record<string, unknown> } } };
      responses: {
        200: { headers: { [name: string]: unknown }; content: { "application/json": { id: string } } };
      };
    };
  };
}

const SPEC: FamilySpec = {
  family: "ondemand",
  title: "Test on-demand API",
  credentials: [
    {
      key: "apiToken",
      env: ["TEST_ONDEMAND_TOKEN", "TEST_API_KEY"],
      secret: true,
      description: "test API token",
    },
  ],
  packageName: "@theta/ondemand",
  configPrefix: "ondemand",
  auth: { kind: "bearer", credential: "apiToken" },
  servers: [
    {
      name: "ondemand",
      title: "Test on-demand API",
      env: ["TEST_ONDEMAND_BASE_URL"],
      defaultUrl: "https://ondemand.thetaedgecloud.com",
    },
  ],
  baseUrlEnv: ["TEST_ONDEMAND_BASE_URL"],
  defaultBaseUrl: "https://ondemand.thetaedgecloud.com",
  docsUrl: "https://www.thetaedgecloud.com/dashboard/api-keys",
};

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("createFamilyClient", () => {
  it("refuses a billable call that skipped the budget guard, and sends one made through withBudget", async () => {
    server = await startLoopbackServer((_req, res) => answerJson(res, 200, { ok: true }));
    const budget = createBudgetGuard({ capUsd: 1 });
    const client = createFamilyClient<TestPaths>(SPEC, OPERATIONS, {
      baseUrl: server.url,
      allowInsecureLoopback: true,
      budget,
      env: { TEST_ONDEMAND_TOKEN: "tok_env_12345678" },
    });
    const send = (headers: Record<string, string>) =>
      client.api.POST("/infer_request/{alias}", {
        params: { path: { alias: "flux" } },
        body: { input: {} },
        headers,
      });
    // A facade bug: the billable call goes straight out.
    const skipped = await rejectionOf(send({}));
    expect(ThetaBudgetError.isInstance(skipped)).toBe(true);
    expect((skipped as Error).message).toContain("without a budget reservation");
    // A forged mark is no reservation either.
    expect(
      ThetaBudgetError.isInstance(await rejectionOf(send({ "x-theta-budget-reservation": "x-1" }))),
    ).toBe(true);
    expect(server.requests).toHaveLength(0);
    // Through the guard: sent once, the mark stripped, the estimate booked.
    await client.withBudget({ estimateUsd: 0.25 }, (headers) => send(headers));
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers["x-theta-budget-reservation"]).toBeUndefined();
    expect((await budget.snapshot()).spentUsd).toBeCloseTo(0.25);
    // The mark closes with the call: reusing it later is refused.
    let reused: Record<string, string> = {};
    await client.withBudget({ estimateUsd: 0.01 }, async (headers) => {
      reused = headers;
      return send(headers);
    });
    expect(ThetaBudgetError.isInstance(await rejectionOf(send(reused)))).toBe(true);
    // Reads need no reservation.
    await client.api.GET("/service/list", {});
  });

  it("requires the family's credentials exactly where the operations table says, before sending", async () => {
    server = await startLoopbackServer((req, res) => answerJson(res, 200, { services: [req.path] }));
    const client = createFamilyClient<TestPaths>(SPEC, OPERATIONS, {
      baseUrl: server.url,
      allowInsecureLoopback: true,
      env: {},
    });
    // listServices is public: sent without a token, and with no authorization header.
    const { data } = await client.api.GET("/service/list", {});
    expect(data?.services).toEqual(["/service/list"]);
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
    // createInferRequest is not: refused before any request, naming the variables and the option.
    const error = await rejectionOf(
      client.api.POST("/infer_request/{alias}", { params: { path: { alias: "flux" } }, body: { input: {} } }),
    );
    expect(error).toBeInstanceOf(ThetaConfigError);
    expect(error).toMatchObject({ code: "missing_credential", credential: "apiToken" });
    expect((error as Error).message).toContain("TEST_ONDEMAND_TOKEN");
    expect(server.requests).toHaveLength(1);
  });

  it("plans a mutating call under dry-run without credentials (nothing is sent)", async () => {
    server = await startLoopbackServer((_req, res) => answerJson(res, 200, {}));
    const client = createFamilyClient<TestPaths>(SPEC, OPERATIONS, {
      baseUrl: server.url,
      allowInsecureLoopback: true,
      dryRun: true,
      env: {},
    });
    const error = await rejectionOf(
      client.api.POST("/infer_request/{alias}", { params: { path: { alias: "flux" } }, body: { input: {} } }),
    );
    expect(ThetaDryRunError.isInstance(error)).toBe(true);
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    ["in pieces (openapi-fetch parses it with JSON.parse)", false],
    ["with a content-length (openapi-fetch calls response.json())", true],
  ])(
    "turns a success answer that is not JSON into a typed API error naming the operation: %s",
    async (_name, sized) => {
      server = await startLoopbackServer((_req, res) => {
        const page = "<html><body>Just a moment...</body></html>";
        res.writeHead(200, {
          "content-type": "text/html",
          ...(sized ? { "content-length": String(page.length) } : {}),
        });
        res.write(page.slice(0, 10));
        res.end(page.slice(10));
      });
      const client = createFamilyClient<TestPaths>(SPEC, OPERATIONS, {
        baseUrl: server.url,
        allowInsecureLoopback: true,
        maxRetries: 0,
        env: { TEST_ONDEMAND_TOKEN: "tok_env_12345678" },
      });
      const error = await client.api.GET("/service/list", {}).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ThetaApiError);
      expect(error).toMatchObject({ operationId: "listServices", retriable: false });
      expect((error as Error).message).toContain("is not JSON");
    },
  );

  it("passes maxResponseBytes to its transports", async () => {
    server = await startLoopbackServer((_req, res) => answerJson(res, 200, { services: ["x".repeat(4096)] }));
    const client = createFamilyClient<TestPaths>(SPEC, OPERATIONS, {
      baseUrl: server.url,
      allowInsecureLoopback: true,
      maxResponseBytes: 1024,
      env: { TEST_ONDEMAND_TOKEN: "tok_env_12345678" },
    });
    await expect(client.api.GET("/service/list", {})).rejects.toMatchObject({ code: "response_too_large" });
  });

  it("reads the loopback opt-in from THETA_ALLOW_INSECURE_LOOPBACK when the option is not given", async () => {
    server = await startLoopbackServer((req, res) => answerJson(res, 200, { services: [req.path] }));
    const env = { TEST_ONDEMAND_TOKEN: "tok_env_12345678", THETA_ALLOW_INSECURE_LOOPBACK: "1" };
    const client = createFamilyClient<TestPaths>(SPEC, OPERATIONS, { baseUrl: server.url, env });
    expect(client.allowInsecureLoopback).toBe(true);
    const { data } = await client.api.GET("/service/list", {});
    expect(data?.services).toEqual(["/service/list"]);
    expect(() =>
      createFamilyClient(SPEC, OPERATIONS, {
        baseUrl: server?.url,
        env: { THETA_ALLOW_INSECURE_LOOPBACK: "0" },
      }),
    ).toThrow(/plain http to a loopback host/);
    expect(() =>
      createFamilyClient(SPEC, OPERATIONS, {
        baseUrl: server?.url,
        env: { THETA_ALLOW_INSECURE_LOOPBACK: "maybe" },
      }),
    ).toThrow(/THETA_ALLOW_INSECURE_LOOPBACK must be one of/);
  });

  it("builds a second server of the family from baseUrls, with the same credentials", async () => {
    server = await startLoopbackServer((req, res) => answerJson(res, 200, { services: [req.path] }));
    const twoServers: FamilySpec = {
      ...SPEC,
      servers: [
        ...SPEC.servers,
        { name: "platform", title: "Test platform API", env: ["TEST_PLATFORM_URL"], defaultUrl: "" },
      ],
    };
    const client = createFamilyClient<TestPaths>(twoServers, OPERATIONS, {
      baseUrls: { ondemand: `${server.url}/ondemand`, platform: `${server.url}/platform` },
      allowInsecureLoopback: true,
      env: { TEST_ONDEMAND_TOKEN: "tok_env_12345678" },
    });
    expect(client.baseUrl).toBe(`${server.url}/ondemand`);
    const platform = client.server("platform");
    expect(client.server("platform")).toBe(platform);
    expect(client.server("ondemand").api).toBe(client.api);
    const { data } = await platform.api.GET("/service/list", {});
    expect(data?.services).toEqual(["/platform/service/list"]);
    expect(server.requests[0]?.headers.authorization).toBe("Bearer tok_env_12345678");
    expect(() => client.server("nowhere")).toThrow(
      /no server named "nowhere"; use one of ondemand, platform/,
    );
    const unset = createFamilyClient<TestPaths>(twoServers, OPERATIONS, { env: {} });
    expect(() => unset.server("platform")).toThrow(
      /No base URL for the Test platform API: set TEST_PLATFORM_URL, or pass the baseUrls.platform option/,
    );
  });

  it("joins a base URL with a path prefix and trailing slash exactly once", async () => {
    server = await startLoopbackServer((req, res) => answerJson(res, 200, { services: [req.path] }));
    const client = createFamilyClient<TestPaths>(SPEC, OPERATIONS, {
      baseUrl: `${server.url}/ondemand/`,
      allowInsecureLoopback: true,
      env: { TEST_ONDEMAND_TOKEN: "tok_env_12345678" },
    });
    expect(client.baseUrl).toBe(`${server.url}/ondemand`);
    const { data } = await client.api.GET("/service/list", { params: { query: { category: "image" } } });
    expect(data?.services).toEqual(["/ondemand/service/list?category=image"]);
    const { data: created } = await client.api.POST("/infer_request/{alias}", {
      params: { path: { alias: "flux" } },
      body: { input: { prompt: "a cat" } },
    });
    expect(created).toBeDefined();
    expect(server.requests.map((r) => r.path)).toEqual([
      "/ondemand/service/list?category=image",
      "/ondemand/infer_request/flux",
    ]);
    expect(server.requests[0]?.headers.authorization).toBe("Bearer tok_env_12345678");
    expect(JSON.parse(server.requests[1]?.body ?? "null")).toEqual({ input: { prompt: "a cat" } });
  });

  it("resolves credentials lazily (provider → options → env) and once", async () => {
    server = await startLoopbackServer((_req, res) => answerJson(res, 200, { services: [] }));
    const asked: string[] = [];
    const client = createFamilyClient<TestPaths>(SPEC, OPERATIONS, {
      baseUrl: `${server.url}/ondemand`,
      allowInsecureLoopback: true,
      env: { TEST_API_KEY: "tok_from_env_000" },
      credentials: { apiToken: "tok_from_options" },
      secretProvider: {
        getSecret: (name) => {
          asked.push(name);
          return name === "TEST_API_KEY" ? "tok_from_provider" : undefined;
        },
      },
    });
    expect(asked).toEqual([]);
    await client.api.GET("/service/list");
    await client.api.GET("/service/list");
    expect(asked).toEqual(["TEST_ONDEMAND_TOKEN", "TEST_API_KEY"]);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([
      "Bearer tok_from_provider",
      "Bearer tok_from_provider",
    ]);
    expect((await client.credentials()).sources.apiToken).toBe("provider");
    expect(await client.requireCredential("apiToken")).toBe("tok_from_provider");
  });

  it("requireCredential throws ThetaConfigError naming the env variables, with no network call", async () => {
    server = await startLoopbackServer((_req, res) => answerJson(res, 200, {}));
    const client = createFamilyClient<TestPaths>(SPEC, OPERATIONS, {
      baseUrl: `${server.url}/ondemand`,
      allowInsecureLoopback: true,
      env: {},
    });
    const error = await rejectionOf(client.requireCredential("apiToken"));
    expect(ThetaConfigError.isInstance(error)).toBe(true);
    expect((error as ThetaConfigError).code).toBe("missing_credential");
    expect((error as ThetaConfigError).message).toContain("TEST_ONDEMAND_TOKEN");
    expect(server.requests).toHaveLength(0);
  });

  it("reads HTTP settings from env and options; dry-run blocks mutating calls only", async () => {
    server = await startLoopbackServer((_req, res) => answerJson(res, 503, { message: "busy" }));
    const client = createFamilyClient<TestPaths>(SPEC, OPERATIONS, {
      baseUrl: `${server.url}/ondemand`,
      allowInsecureLoopback: true,
      env: { THETA_HTTP_MAX_RETRIES: "0", THETA_DRY_RUN: "1", TEST_ONDEMAND_TOKEN: "tok_dry_run_1234" },
      timeoutMs: 5000,
    });
    expect(client.http).toEqual({ timeoutMs: 5000, maxRetries: 0, retryBackoffMs: 250, dryRun: true });
    const dry = await rejectionOf(
      client.api.POST("/infer_request/{alias}", { params: { path: { alias: "flux" } }, body: { input: {} } }),
    );
    expect(ThetaDryRunError.isInstance(dry)).toBe(true);
    expect((dry as ThetaDryRunError).plan.url).toBe(`${server.url}/ondemand/infer_request/flux`);
    expect(JSON.stringify((dry as ThetaDryRunError).plan)).not.toContain("tok_dry_run_1234");
    expect(server.requests).toHaveLength(0);
    const failure = await rejectionOf(client.api.GET("/service/list"));
    expect(ThetaApiError.isInstance(failure)).toBe(true);
    expect((failure as ThetaApiError).status).toBe(503);
    expect(server.requests).toHaveLength(1);
  });

  it("passes openapi-fetch's signal and per-call timeout header through to the transport", async () => {
    server = await startLoopbackServer(() => {
      /* never answers */
    });
    const client = createFamilyClient<TestPaths>(SPEC, OPERATIONS, {
      baseUrl: `${server.url}/ondemand`,
      allowInsecureLoopback: true,
      env: {},
      maxRetries: 0,
    });
    const controller = new AbortController();
    const pending = rejectionOf(client.api.GET("/service/list", { signal: controller.signal }));
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    expect(ThetaAbortError.isInstance(await pending)).toBe(true);
    const timeout = await rejectionOf(
      client.api.GET("/service/list", { headers: { "x-theta-timeout-ms": "50" } }),
    );
    expect(ThetaTimeoutError.isInstance(timeout)).toBe(true);
    expect(server.requests[1]?.headers["x-theta-timeout-ms"]).toBeUndefined();
  });

  it("validates settings and the base URL up front", () => {
    expect(() => createFamilyClient(SPEC, OPERATIONS, { env: { THETA_HTTP_TIMEOUT_MS: "5" } })).toThrow(
      ThetaConfigError,
    );
    expect(() => createFamilyClient(SPEC, OPERATIONS, { baseUrl: "http://example.com/x", env: {} })).toThrow(
      ThetaConfigError,
    );
  });
});
