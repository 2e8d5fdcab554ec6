/**
 * ready() over the warm-up sequences seen live (404 -> 502 -> 200, 404 -> 503 -> 401 -> 200,
 * 404 -> 503 -> 500 -> 200, Gradio's config), against endpoints of the fake controller on 127.0.0.1
 * that walk a scripted sequence behind Basic Auth. Real HTTP; short intervals, no timed assertions.
 */
import { ThetaAbortError, ThetaApiError, ThetaTimeoutError, ThetaValidationError } from "@theta/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createInferenceClient } from "./inference-client.js";
import type { ReadyProgress } from "./inference-ready.js";
import {
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

const AUTH = { username: "theta_5e6f7a8b", password: "pw-Hc4sW9pQ2vB6nM1x" } as const;

function inference(options: FakeEndpointOptions) {
  const served = fake.serveEndpoint("dep1", { auth: AUTH, ...options });
  const client = createInferenceClient({
    endpoint: served.url,
    auth: AUTH,
    allowInsecureLoopback: true,
    env: {},
    // The client's own retries are not what makes ready() wait: it probes once per interval.
    maxRetries: 3,
    retryBackoffMs: 25,
  });
  return { served, client };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

describe("ready()", () => {
  it.each([
    ["404 -> 502 -> 200", [404, 502]],
    ["404 -> 503 -> 401 -> 200", [404, 503, 401]],
    ["404 -> 503 -> 500 -> 200", [404, 503, 500]],
    ["404 -> 502 -> 503 -> 401 -> 200", [404, 502, 503, 401]],
    ["504 -> 200", [504]],
  ])("treats %s as not ready yet, one probe per answer", async (_label, warmup) => {
    const { served, client } = inference({ warmup });
    const progress: ReadyProgress[] = [];
    const report = await client.ready({
      intervalMs: 5,
      timeoutMs: 60_000,
      onProgress: (p) => progress.push(p),
    });
    expect(report.outcomes).toEqual([...warmup, 200]);
    expect(report.attempts).toBe(warmup.length + 1);
    expect(served.statuses).toEqual([...warmup, 200]);
    expect(progress.map((p) => p.outcome)).toEqual([...warmup, 200]);
    expect(progress.at(-1)?.nextDelayMs).toBeUndefined();
  });

  it("probes /config for a Gradio template", async () => {
    const { client } = inference({ kind: "gradio", warmup: [404, 502] });
    const report = await client.ready({ probe: "gradio", intervalMs: 5 });
    expect(report).toMatchObject({ probe: "gradio", outcomes: [404, 502, 200] });
  });

  it("times out with ThetaTimeoutError naming what the probes saw", async () => {
    const { client } = inference({ warmup: [404], stuckStatus: 502 });
    const error = await rejection(client.ready({ intervalMs: 5, timeoutMs: 200 }));
    expect(ThetaTimeoutError.isInstance(error)).toBe(true);
    expect((error as ThetaTimeoutError).phase).toBe("deadline");
    expect((error as Error).message).toMatch(/not ready within 200 ms .*seen: 404 -> 502/);
  });

  it("stops at once on an answer that cannot be warm-up (403)", async () => {
    const { served, client } = inference({ stuckStatus: 403 });
    const error = await rejection(client.ready({ intervalMs: 5, timeoutMs: 60_000 }));
    expect(ThetaApiError.isInstance(error)).toBe(true);
    expect((error as ThetaApiError).status).toBe(403);
    expect(served.statuses).toEqual([403]);
  });

  it("stops with ThetaAbortError when aborted while waiting", async () => {
    const { client } = inference({ stuckStatus: 503 });
    const controller = new AbortController();
    const error = await rejection(
      client.ready({
        intervalMs: 5,
        timeoutMs: 60_000,
        signal: controller.signal,
        onProgress: (progress) => {
          if (progress.attempt === 2) controller.abort();
        },
      }),
    );
    expect(ThetaAbortError.isInstance(error)).toBe(true);
  });

  it("refuses a bad probe or duration before any request", async () => {
    const { served, client } = inference({});
    for (const options of [{ probe: "http" }, { timeoutMs: -1 }, { intervalMs: 0 }] as const) {
      const error = await rejection(client.ready(options as never));
      expect(ThetaValidationError.isInstance(error)).toBe(true);
    }
    expect(served.statuses).toHaveLength(0);
  });
});
