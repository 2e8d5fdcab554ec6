/**
 * createInferenceClient against dedicated endpoints of the fake controller on 127.0.0.1 (real HTTP):
 * host policy, the explicit loopback opt-in, models, chat (the shared OpenAI-compatible chat), Gradio
 * predict, per-call endpoint overrides refused, credentials never printed.
 */
import { type LogData, ThetaApiError, ThetaConfigError, ThetaValidationError } from "@theta/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createInferenceClient, type InferenceClientOptions } from "./inference-client.js";
import {
  FAKE_ENDPOINT_MODEL,
  type FakeController,
  type FakeEndpointOptions,
  startFakeController,
} from "./testing/fake-controller.js";

let fake: FakeController;
beforeAll(async () => {
  fake = await startFakeController();
});
afterAll(async () => {
  await fake?.close();
});
afterEach(() => {
  fake.reset();
});

const AUTH = { username: "theta_1a2b3c4d", password: "pw-Zq8xL0vT3nR7sK2m" } as const;

function endpoint(options: FakeEndpointOptions = {}) {
  return fake.serveEndpoint("dep1", { auth: AUTH, ...options });
}

function client(url: string, options: InferenceClientOptions = {}) {
  return createInferenceClient({
    endpoint: url,
    auth: AUTH,
    allowInsecureLoopback: true,
    env: {},
    maxRetries: 0,
    ...options,
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected it to throw");
}

describe("the endpoint's host policy", () => {
  it.each([
    ["plain http to a public host", "http://mydeploy-abc.tec-s1.onthetaedgecloud.com"],
    ["a host outside the Theta domains", "https://example.com"],
    ["a look-alike suffix", "https://mydeploy.onthetaedgecloud.com.evil.example"],
    ["credentials in the URL", "https://user:pass@mydeploy-abc.tec-s1.onthetaedgecloud.com"],
    ["a private address", "https://10.0.0.7"],
  ])("refuses %s before any request", (_label, url) => {
    const error = thrown(() => createInferenceClient({ endpoint: url, env: {} }));
    expect(ThetaValidationError.isInstance(error) || ThetaConfigError.isInstance(error)).toBe(true);
    expect(fake.requests).toHaveLength(0);
  });

  it("names the endpoint option and THETA_INFERENCE_ENDPOINT when no endpoint is set, or a bad one is", () => {
    const missing = thrown(() => createInferenceClient({ env: {} }));
    expect(ThetaConfigError.isInstance(missing)).toBe(true);
    expect((missing as Error).message).toMatch(/set THETA_INFERENCE_ENDPOINT, or pass the endpoint option/);
    const bad = thrown(() =>
      createInferenceClient({ endpoint: "ftp://mydeploy.onthetaedgecloud.com", env: {} }),
    );
    expect((bad as Error).message).toMatch(/^The endpoint option /);
  });

  it("accepts an https endpoint under onthetaedgecloud.com (from THETA_INFERENCE_ENDPOINT)", () => {
    const made = createInferenceClient({
      env: { THETA_INFERENCE_ENDPOINT: "https://mydeploy-abc123.tec-s10.onthetaedgecloud.com/" },
    });
    expect(made.endpoint).toBe("https://mydeploy-abc123.tec-s10.onthetaedgecloud.com");
  });

  it("refuses a loopback endpoint without the explicit opt-in, and accepts it with the option or the variable", async () => {
    const served = endpoint();
    const refused = thrown(() => createInferenceClient({ endpoint: served.url, env: {} }));
    expect(ThetaConfigError.isInstance(refused)).toBe(true);
    expect((refused as Error).message).toMatch(/allowInsecureLoopback/);
    const fromEnv = createInferenceClient({
      env: {
        THETA_INFERENCE_ENDPOINT: served.url,
        THETA_ALLOW_INSECURE_LOOPBACK: "1",
        THETA_INFERENCE_AUTH_USER: AUTH.username,
        THETA_INFERENCE_AUTH_PASS: AUTH.password,
      },
      maxRetries: 0,
    });
    expect((await fromEnv.models()).map((model) => model.id)).toEqual([FAKE_ENDPOINT_MODEL]);
  });

  it("refuses a per-call endpoint override on every call", async () => {
    const served = endpoint();
    const inference = client(served.url);
    const override = { endpoint: "https://evil.example" } as object;
    const calls: Array<() => Promise<unknown>> = [
      () => inference.models(override),
      () => inference.chat.create({ messages: [{ role: "user", content: "hi" }] }, override),
      () => inference.ready(override),
      () => inference.predict({ data: [] }, override),
    ];
    for (const call of calls) {
      const error = await rejection(Promise.resolve().then(call));
      expect(ThetaValidationError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/THETA_INFERENCE_ENDPOINT/);
    }
    expect(served.statuses).toHaveLength(0);
  });
});

describe("calls", () => {
  it("models() and chat.create send the deployment's Basic Auth; the model defaults to the first listed", async () => {
    const served = endpoint();
    const inference = client(served.url);
    const result = await inference.chat.create({ messages: [{ role: "user", content: "ping" }] });
    expect(result).toMatchObject({ content: "pong", finishReason: "stop", model: FAKE_ENDPOINT_MODEL });
    const basic = `Basic ${Buffer.from(`${AUTH.username}:${AUTH.password}`).toString("base64")}`;
    expect(served.authorizations).toEqual([basic, basic]);
  });

  it("chat.stream().result() equals chat.create on the same endpoint", async () => {
    const served = endpoint();
    const inference = client(served.url, { model: FAKE_ENDPOINT_MODEL });
    const request = { messages: [{ role: "user" as const, content: "ping" }] };
    const created = await inference.chat.create(request);
    const streamed = await inference.chat.stream(request).result();
    expect({ ...streamed, raw: undefined }).toEqual({ ...created, raw: undefined });
    expect(streamed).toMatchObject({ content: "pong", finishReason: "stop", usage: { total_tokens: 7 } });
  });

  it("refuses a bad chat request before any request", async () => {
    const served = endpoint();
    const inference = client(served.url);
    const error = await rejection(inference.chat.create({ messages: [] }));
    expect(ThetaValidationError.isInstance(error)).toBe(true);
    expect((error as ThetaValidationError).message).toMatch(/messages/);
    expect(served.statuses).toHaveLength(0);
  });

  it("predict() posts { fn_index, data } to a Gradio endpoint", async () => {
    const served = endpoint({ kind: "gradio" });
    const prediction = await client(served.url).predict({ data: ["a cat"] });
    expect(prediction.data).toEqual(['echo ["a cat"]']);
    expect(await client(served.url).gradioConfig()).toMatchObject({ version: "3.41.2" });
  });
});

describe("credentials are never printed", () => {
  it("a 401, its JSON and the request log hold neither the password nor its Basic encoding", async () => {
    const served = endpoint({ auth: { username: AUTH.username, password: "another-password-x9Y8" } });
    const lines: string[] = [];
    const record = (message: string, data?: LogData) =>
      lines.push(`${message} ${JSON.stringify(data ?? {})}`);
    const inference = client(served.url, {
      logger: { debug: record, info: record, warn: record, error: record },
    });
    const error = await rejection(inference.models());
    expect(ThetaApiError.isInstance(error)).toBe(true);
    expect((error as ThetaApiError).status).toBe(401);
    const encoded = Buffer.from(`${AUTH.username}:${AUTH.password}`).toString("base64");
    const printed = [
      (error as Error).message,
      JSON.stringify(error),
      String((error as Error).stack),
      ...lines,
    ].join("\n");
    expect(lines.length).toBeGreaterThan(0);
    expect(printed).not.toContain(AUTH.password);
    expect(printed).not.toContain(encoded);
  });
});
