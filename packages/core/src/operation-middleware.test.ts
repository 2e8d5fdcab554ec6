/**
 * A request made through the typed client gets the policy of the schema path it was made with, even
 * on a URL that several path templates match; other requests are still matched by URL.
 * Real HTTP on 127.0.0.1; dry-run plans show which operation the transport settled on.
 */

import { answerJson, type LoopbackServer, startLoopbackServer } from "@theta/loopback-server";
import { afterEach, describe, expect, it } from "vitest";
import { createFamilyClient } from "./client.js";
import { ThetaDryRunError } from "./errors.js";
import type { FamilySpec } from "./families.js";
import { OPERATIONS, rejectionOf } from "./testing/fixtures.js";

type NoParameters = { query?: never; header?: never; path?: never; cookie?: never };
type JsonAnswer = {
  200: { headers: { [name: string]: unknown }; content: { "application/json": { ok: boolean } } };
};

interface AmbiguousPaths {
  "/infer_request/{alias}/{prediction}": {
    parameters: NoParameters;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: { alias: string; prediction: string };
        cookie?: never;
      };
      requestBody: { content: { "application/json": { input: Record<string, unknown> } } };
      responses: JsonAnswer;
    };
  };
  "/infer_request/chat/completions": {
    parameters: NoParameters;
    post: {
      parameters: NoParameters;
      requestBody: { content: { "application/json": { messages: unknown[] } } };
      responses: JsonAnswer;
    };
  };
}

const SPEC: FamilySpec = {
  family: "ondemand",
  title: "Test on-demand API",
  credentials: [{ key: "apiToken", env: ["TEST_ONDEMAND_TOKEN"], secret: true, description: "test token" }],
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

function client(dryRun: boolean) {
  if (!server) throw new Error("start the server first");
  return createFamilyClient<AmbiguousPaths>(SPEC, OPERATIONS, {
    baseUrl: `${server.url}/ondemand`,
    allowInsecureLoopback: true,
    dryRun,
    env: {},
    credentials: { apiToken: "tok_operation_middleware_0123" },
  });
}

async function plannedOperation(run: () => Promise<unknown>): Promise<string> {
  const error = await rejectionOf(run());
  expect(ThetaDryRunError.isInstance(error)).toBe(true);
  return (error as ThetaDryRunError).plan.operationId;
}

describe("the policy of a typed request comes from its schema path", () => {
  it("uses the schema path a call was made with on a URL two templates match", async () => {
    server = await startLoopbackServer((_req, res) => answerJson(res, 200, { ok: true }));
    const { api } = client(true);
    // `/infer_request/chat/completions` by URL is chatCompletions; this call says createPrediction.
    const viaTemplate = await plannedOperation(() =>
      api.POST("/infer_request/{alias}/{prediction}", {
        params: { path: { alias: "chat", prediction: "completions" } },
        body: { input: {} },
      }),
    );
    expect(viaTemplate).toBe("createPrediction");
    const viaLiteral = await plannedOperation(() =>
      api.POST("/infer_request/chat/completions", { body: { messages: [] } }),
    );
    expect(viaLiteral).toBe("chatCompletions");
    expect(server.requests).toHaveLength(0);
  });

  it("falls back to URL matching for requests that do not come through the typed client", async () => {
    server = await startLoopbackServer((_req, res) => answerJson(res, 200, { ok: true }));
    const { transport, baseUrl } = client(true);
    const direct = await plannedOperation(() =>
      transport(`${baseUrl}/infer_request/chat/completions`, { method: "POST", body: "{}" }),
    );
    expect(direct).toBe("chatCompletions");
    // A Request built outside openapi-fetch, on the same URL.
    const built = await plannedOperation(() =>
      transport(new Request(`${baseUrl}/infer_request/chat/completions`, { method: "POST", body: "{}" })),
    );
    expect(built).toBe("chatCompletions");
  });

  it("still sends typed requests normally (with the schema path's policy)", async () => {
    server = await startLoopbackServer((_req, res) => answerJson(res, 200, { ok: true }));
    const { api } = client(false);
    const { data } = await api.POST("/infer_request/{alias}/{prediction}", {
      params: { path: { alias: "chat", prediction: "completions" } },
      body: { input: {} },
    });
    expect(data).toEqual({ ok: true });
    expect(server.requests.map((r) => r.path)).toEqual(["/ondemand/infer_request/chat/completions"]);
  });
});

describe("an operation call names its operation", () => {
  it("gets the policy it names on a URL two templates match, and its path parameters encoded", async () => {
    server = await startLoopbackServer((_req, res) => answerJson(res, 200, { ok: true }));
    const planned = client(true);
    const createPrediction = OPERATIONS.createPrediction;
    const chatCompletions = OPERATIONS.chatCompletions;
    if (!createPrediction || !chatCompletions) throw new Error("fixture table changed");
    const named = await plannedOperation(() =>
      planned.call(createPrediction, {
        path: { alias: "chat", prediction: "completions" },
        json: { input: {} },
      }),
    );
    expect(named).toBe("createPrediction");
    expect(await plannedOperation(() => planned.call(chatCompletions, { json: { messages: [] } }))).toBe(
      "chatCompletions",
    );
    // A policy object that is not this client's table entry is matched by URL instead.
    const foreign = { ...createPrediction };
    expect(
      await plannedOperation(() =>
        planned.call(foreign, { path: { alias: "chat", prediction: "completions" }, json: { input: {} } }),
      ),
    ).toBe("chatCompletions");
    const sending = client(false);
    const { text } = await sending.callText(createPrediction, {
      path: { alias: "a/b c", prediction: "x" },
      query: { wait: 5, skip: undefined },
      json: { input: {} },
    });
    expect(JSON.parse(text)).toEqual({ ok: true });
    expect(server.requests.map((r) => r.path)).toEqual(["/ondemand/infer_request/a%2Fb%20c/x?wait=5"]);
    await expect(sending.call(createPrediction, { path: { alias: "a" } })).rejects.toMatchObject({
      field: "prediction",
    });
  });
});
