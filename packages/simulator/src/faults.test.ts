import { describe, expect, it } from "vitest";
import { CAPACITY_MESSAGE, MALFORMED_EVENT_INDEX, TRUNCATE_AFTER_EVENTS } from "./index.js";
import { auth, get, json, post, start } from "./testing/simulator-start.js";

const CHAT = "/infer_request/chat/completions";
const chatBody = { model: "qwen3", messages: [{ role: "user", content: "[[words:30]]" }] };

describe("fault injection", () => {
  it("serves canned status, body and headers, then passes through", async () => {
    const sim = await start();
    const rule = {
      family: "ondemand",
      method: "GET",
      path: "/service/list",
      status: 503,
      body: { status: "error", message: "maintenance" },
      headers: { "retry-after": "1" },
      times: 2,
    };
    sim.faults.add(rule);
    for (let i = 0; i < 2; i++) {
      const response = await get(sim, "/service/list");
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("1");
      expect(await json(response)).toEqual({ status: "error", message: "maintenance" });
    }
    expect((await get(sim, "/service/list")).status).toBe(200);
    expect(sim.faults.hits(rule)).toBe(2);
    expect(sim.faults.hits()).toBe(2);
    expect(
      sim.state
        .log()
        .filter((e) => e.fault)
        .map((e) => e.status),
    ).toEqual([503, 503]);
  });

  it("matches by server, family, method and RegExp path; the remover stops a rule", async () => {
    const sim = await start();
    const remove = sim.faults.add({
      path: /^\/infer_request\//,
      method: "POST",
      status: 500,
      times: Number.POSITIVE_INFINITY,
    });
    sim.faults.add({ family: "controller", path: "/service/list", status: 418 });
    sim.faults.add({ server: "controller", path: "/service/list", status: 418 });
    expect((await get(sim, "/service/list")).status).toBe(200);
    const byServer = sim.faults.add({ server: "ondemand", path: "/service/list", status: 418 });
    expect((await get(sim, "/service/list")).status).toBe(418);
    byServer();
    expect((await get(sim, "/infer_request/infr_rqst_x")).status).toBe(404);
    for (let i = 0; i < 3; i++)
      expect((await post(sim, "/infer_request/flux", { input: { prompt: "x" } })).status).toBe(500);
    remove();
    expect((await post(sim, "/infer_request/flux", { input: { prompt: "x" } })).status).toBe(200);
    sim.faults.clear();
    expect(sim.faults.hits()).toBe(0);
  });

  it("delays and then passes the request through", async () => {
    const sim = await start();
    const rule = { path: "/service/list", delayMs: 30, headers: { "x-sim-delayed": "yes" } };
    sim.faults.add(rule);
    const response = await get(sim, "/service/list");
    expect(response.status).toBe(200);
    expect(response.headers.get("x-sim-delayed")).toBe("yes");
    expect(((await json(response)).body as { services: unknown[] }).services.length).toBe(19);
    expect(sim.faults.hits(rule)).toBe(1);
  });

  it("resets the connection after reading the request", async () => {
    const sim = await start();
    sim.faults.add({ path: "/infer_request/flux", action: "reset-before-response" });
    await expect(post(sim, "/infer_request/flux", { input: { prompt: "x" } })).rejects.toThrow();
    expect(sim.families.ondemand.inferRequests()).toHaveLength(0);
    expect(sim.state.requestCount("createInferRequest")).toBe(0);
    expect(sim.state.requests()).toBe(1);
  });

  it("truncates an SSE stream without finish_reason or [DONE]", async () => {
    const sim = await start();
    sim.faults.add({ path: CHAT, action: "truncate-stream" });
    const response = await post(sim, CHAT, chatBody);
    expect(response.status).toBe(200);
    const raw = await response.text();
    expect(raw).not.toContain("[DONE]");
    expect(raw).not.toContain('"finish_reason":"stop"');
    const events = raw.split("\n\n").filter((block) => block.startsWith("data: "));
    expect(events).toHaveLength(TRUNCATE_AFTER_EVENTS);
    // only what was streamed is billed: the full answer costs more
    const partial = sim.state.spentUsd();
    await (await post(sim, CHAT, chatBody)).text();
    expect(sim.state.spentUsd() - partial).toBeGreaterThan(partial);
  });

  it("resets the connection mid-response: JSON after half the body, SSE after a few events", async () => {
    const sim = await start();
    sim.faults.add({ path: "/service/list", action: "reset-mid-response" });
    const response = await get(sim, "/service/list");
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
    expect((await get(sim, "/service/list")).status).toBe(200);

    sim.faults.add({ path: CHAT, action: "reset-mid-response" });
    const stream = await post(sim, CHAT, chatBody);
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    let received = "";
    const error = await (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return undefined;
          received += new TextDecoder().decode(value);
        }
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(Error);
    expect(received).not.toContain("[DONE]");
  });

  it("truncates a JSON answer half way", async () => {
    const sim = await start();
    sim.faults.add({ path: "/service/list", action: "truncate-stream" });
    const response = await get(sim, "/service/list");
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text.length).toBeGreaterThan(100);
    expect(() => JSON.parse(text)).toThrow();
  });

  it("breaks JSON and SSE with malformed-json", async () => {
    const sim = await start();
    sim.faults.add({ path: "/infer_request/flux", action: "malformed-json" });
    const response = await post(sim, "/infer_request/flux", { input: { prompt: "x" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const text = await response.text();
    expect(text.startsWith('{"status":"success"')).toBe(true);
    expect(() => JSON.parse(text)).toThrow();
    // the job still ran
    expect(sim.families.ondemand.inferRequests()).toHaveLength(1);

    sim.faults.add({ path: CHAT, action: "malformed-json" });
    const raw = await (await post(sim, CHAT, chatBody)).text();
    const blocks = raw.split("\n\n").filter((b) => b.startsWith("data: ") && b !== "data: [DONE]");
    const broken = blocks.filter((b) => {
      try {
        JSON.parse(b.slice(6));
        return false;
      } catch {
        return true;
      }
    });
    expect(broken).toHaveLength(1);
    expect(blocks.indexOf(broken[0] ?? "")).toBe(MALFORMED_EVENT_INDEX);
    expect(raw).toContain("data: [DONE]");
  });

  it("redirects with 302", async () => {
    const sim = await start();
    sim.faults.add({ path: "/service/list", action: "redirect", redirectTo: "http://127.0.0.1:9/elsewhere" });
    sim.faults.add({ path: "/service/flux", action: "redirect" });
    const response = await fetch(`${sim.baseUrls.ondemand}/service/list`, { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("http://127.0.0.1:9/elsewhere");
    const followed = await fetch(`${sim.baseUrls.ondemand}/service/flux`);
    expect(followed.url).toBe(`${sim.url}/redirected`);
    expect(await json(followed)).toEqual({ status: "success", body: { redirected: true } });
  });

  it("answers 409 capacity", async () => {
    const sim = await start();
    const rule = { path: CHAT, action: "capacity" as const, times: 2 };
    sim.faults.add(rule);
    for (let i = 0; i < 2; i++) {
      const response = await post(sim, CHAT, { ...chatBody, stream: false });
      expect(response.status).toBe(409);
      expect(await json(response)).toEqual({ status: "error", message: CAPACITY_MESSAGE });
    }
    expect((await post(sim, CHAT, { ...chatBody, stream: false })).status).toBe(200);
    expect(sim.faults.hits(rule)).toBe(2);
  });

  it("applies to presigned uploads on the storage host", async () => {
    const sim = await start();
    const body = (await json(await post(sim, "/infer_request/blip/input_presigned_urls", {}, auth(sim))))
      .body as Record<string, { presigned_url: string }>;
    sim.faults.add({
      server: "storage",
      method: "PUT",
      path: /^\/uploads\//,
      action: "reset-before-response",
    });
    await expect(
      fetch(body.input_img?.presigned_url ?? "", { method: "PUT", body: "abc" }),
    ).rejects.toThrow();
    expect((await fetch(body.input_img?.presigned_url ?? "", { method: "PUT", body: "abc" })).status).toBe(
      200,
    );
  });

  it("validates rules", async () => {
    const sim = await start();
    expect(() => sim.faults.add({ path: 5 as unknown as string })).toThrow(/rule\.path/);
    expect(() => sim.faults.add({ path: "/x", status: 42 })).toThrow(/rule\.status/);
    expect(() => sim.faults.add({ path: "/x", server: "nope" })).toThrow(
      /rule\.server must be one of ondemand, /,
    );
    expect(() => sim.faults.add({ path: "/x", family: "storage" })).toThrow(
      /not an API family.*rule\.server/,
    );
  });
});
