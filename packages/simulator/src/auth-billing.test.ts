import { describe, expect, it } from "vitest";
import { CAPACITY_MESSAGE, createManualClock, SIMULATOR_PRICES } from "./index.js";
import { auth, get, inferRequest, json, post, readSse, start } from "./testing/simulator-start.js";

const CHAT = "/infer_request/chat/completions";

describe("authentication", () => {
  it("answers 401 without a token and for the tokens invalid and expired", async () => {
    const sim = await start();
    const missing = await post(
      sim,
      "/infer_request/flux",
      { input: { prompt: "x" } },
      { "content-type": "application/json" },
    );
    expect(missing.status).toBe(401);
    expect((await json(missing)).message).toBe(
      "missing on-demand API token: send Authorization: Bearer <on-demand API token>",
    );
    for (const token of ["invalid", "expired"]) {
      const response = await get(sim, "/infer_request/infr_rqst_x", auth(sim, token));
      expect(response.status).toBe(401);
      expect(await json(response)).toEqual({ status: "error", message: "invalid on-demand API token" });
    }
    const wrongScheme = await get(sim, "/infer_request/infr_rqst_x", { "x-api-key": "abc" });
    expect(wrongScheme.status).toBe(401);
    const chat = await post(sim, CHAT, { model: "qwen3", messages: [] }, { authorization: "Basic abc" });
    expect(chat.status).toBe(401);
    expect(sim.families.ondemand.inferRequests()).toHaveLength(0);
  });

  it("accepts any other non-empty Bearer token", async () => {
    const sim = await start();
    expect(sim.credentials.ondemand.apiToken).toMatch(/^sim_ondemand_[0-9a-f]{32}$/);
    expect(sim.tokens.ondemand).toBe(sim.credentials.ondemand.apiToken);
    const response = await get(sim, "/infer_request/infr_rqst_x", auth(sim, "anything-at-all"));
    expect(response.status).toBe(404);
  });
});

describe("billing", () => {
  it("drops the balance by the price of each finished job", async () => {
    const sim = await start({ balanceUsd: 10 });
    expect(sim.state.balanceUsd()).toBe(10);
    await inferRequest(await post(sim, "/infer_request/flux?wait=10", { input: { prompt: "x" } }));
    await inferRequest(
      await post(sim, "/infer_request/instant_id?wait=10", {
        input: { face_img: "https://x.invalid/f.png", prompt: "x" },
      }),
    );
    expect(sim.state.spentUsd()).toBeCloseTo(0.25, 10);
    expect(sim.state.balanceUsd()).toBeCloseTo(9.75, 10);
    // failed jobs are free
    await inferRequest(await post(sim, "/infer_request/flux?wait=10", { input: { prompt: "FAIL" } }));
    expect(sim.state.spentUsd()).toBeCloseTo(0.25, 10);
    expect(sim.families.ondemand.inferRequests().map((r) => r.costUsd)).toEqual([0.01, 0.24, 0]);
  });

  it("bills chats by usage tokens with split pricing", async () => {
    const sim = await start();
    const body = await json(
      await post(sim, CHAT, {
        model: "glm_5_3",
        stream: false,
        messages: [{ role: "user", content: "[[words:100]]" }],
      }),
    );
    const usage = body.usage as { prompt_tokens: number; completion_tokens: number };
    const price = SIMULATOR_PRICES.glm_5_3?.completions;
    if (price?.kind !== "tokens") throw new Error("glm_5_3 must have token pricing");
    const expected =
      (usage.prompt_tokens * price.inputUsdPer1M + usage.completion_tokens * price.outputUsdPer1M) / 1e6;
    expect(sim.state.spentUsd()).toBeCloseTo(expected, 12);

    const streamed = await readSse(
      await post(sim, CHAT, { model: "glm_5_3", messages: [{ role: "user", content: "[[words:100]]" }] }),
    );
    expect(streamed.done).toBe(true);
    expect(sim.state.spentUsd()).toBeCloseTo(2 * expected, 12);
  });

  it("bills a job only once it finishes (simulated time)", async () => {
    const clock = createManualClock();
    const sim = await start({ clock, balanceUsd: 1 });
    await post(sim, "/infer_request/step_video", { input: { prompt: "x" } });
    expect(sim.state.spentUsd()).toBe(0);
    clock.advance(60_000);
    expect(sim.state.spentUsd()).toBeCloseTo(0.2, 12);
    expect(sim.state.balanceUsd()).toBeCloseTo(0.8, 12);
  });

  it("answers 402 when the balance cannot cover a request, counting work in flight", async () => {
    const clock = createManualClock();
    const sim = await start({ clock, balanceUsd: 0.3 });
    expect((await post(sim, "/infer_request/step_video", { input: { prompt: "x" } })).status).toBe(200);
    const second = await post(sim, "/infer_request/step_video", { input: { prompt: "x" } });
    expect(second.status).toBe(402);
    expect(await json(second)).toEqual({ status: "error", message: "insufficient balance" });
    sim.setBalanceUsd(0);
    const chat = await post(sim, CHAT, {
      model: "qwen3",
      stream: false,
      messages: [{ role: "user", content: "x" }],
    });
    expect(chat.status).toBe(402);
    sim.setBalanceUsd(5);
    expect((await post(sim, "/infer_request/step_video", { input: { prompt: "x" } })).status).toBe(200);
  });
});

describe("capacity", () => {
  it("answers 409 for a service configured with no instances", async () => {
    const sim = await start({ ondemand: { capacity: { qwen3: 0 } } });
    const job = await post(sim, "/infer_request/qwen3", {
      input: { messages: [{ role: "user", content: "x" }], stream: false },
    });
    expect(job.status).toBe(409);
    expect(await json(job)).toEqual({ status: "error", message: CAPACITY_MESSAGE });
    const chat = await post(sim, CHAT, { model: "qwen3", messages: [{ role: "user", content: "x" }] });
    expect(chat.status).toBe(409);
    expect(
      (await post(sim, CHAT, { model: "glm_5_3", stream: false, messages: [{ role: "user", content: "x" }] }))
        .status,
    ).toBe(200);
    sim.families.ondemand.setCapacity("qwen3", undefined);
    expect(
      (await post(sim, CHAT, { model: "qwen3", stream: false, messages: [{ role: "user", content: "x" }] }))
        .status,
    ).toBe(200);
    expect(sim.state.spentUsd()).toBeGreaterThan(0);
  });

  it("counts jobs in flight against the instances", async () => {
    const clock = createManualClock();
    const sim = await start({ clock, ondemand: { capacity: { flux: 1 } } });
    expect((await post(sim, "/infer_request/flux", { input: { prompt: "x" } })).status).toBe(200);
    expect((await post(sim, "/infer_request/flux", { input: { prompt: "x" } })).status).toBe(409);
    clock.advance(10_000);
    expect((await post(sim, "/infer_request/flux", { input: { prompt: "x" } })).status).toBe(200);
  });
});
