import { resolveBaseUrl, SERVERS, serverAsSource, ThetaConfigError } from "@theta/core";
import { afterEach, describe, expect, it } from "vitest";
import { createManualClock } from "../../clock.js";
import { startSimulator } from "../../server.js";
import {
  basicAuth,
  controllerCall,
  createDeployment,
  GROUNDING_DINO_TEMPLATE,
} from "../../testing/controller-calls.js";
import type { Simulator, SimulatorOptions } from "../../types.js";

const running: Simulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

async function start(options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator({
    seed: 11,
    timing: { firstTokenDelayMs: 0, chatTokenDelayMs: 0 },
    ...options,
  });
  running.push(sim);
  return sim;
}

const TESTER = basicAuth("tester", "tester-password");

async function chat(url: string, body: Record<string, unknown>, headers: Record<string, string> = TESTER) {
  return fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

describe("dedicated endpoints on the simulator", () => {
  it("walk the gpt-oss-20b warm-up 404 -> 502 -> 503 -> 401 -> 200 as simulated time passes", async () => {
    const clock = createManualClock(0);
    const sim = await start({ clock, timing: { warmupStepMs: 60_000 } });
    const created = await createDeployment(sim, { deployment_template_id: "img_gptoss20bvllmserving000000" });
    const seen: number[] = [];
    for (let minute = 0; minute < 6; minute++) {
      seen.push((await fetch(`${created.Endpoint}/v1/models`, { headers: TESTER })).status);
      clock.advance(60_000);
    }
    expect(seen).toEqual([404, 502, 503, 401, 200, 200]);
  });

  it("serve chat as JSON and as SSE behind the Basic auth they were created with, and no other", async () => {
    const sim = await start({ controller: { warmup: [] } });
    const created = await createDeployment(sim);
    const endpoint = String(created.Endpoint);
    const model = "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B";
    const messages = [{ role: "user", content: "[[echo:hello there]]" }];
    const answer = (await (await chat(endpoint, { model, messages })).json()) as {
      choices: { message: { content: string } }[];
    };
    expect(answer.choices[0]?.message.content).toBe("hello there");
    const stream = await chat(endpoint, { model, messages, stream: true });
    expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const text = await stream.text();
    expect(text.trim().endsWith("data: [DONE]")).toBe(true);
    expect(text).toContain('"object":"chat.completion.chunk"');
    const standing = sim.credentials.inference;
    const wrong = await chat(endpoint, { model, messages }, basicAuth(standing.authUser, standing.authPass));
    expect(wrong.status).toBe(401);
    expect((await chat(endpoint, { model, messages }, {})).status).toBe(401);
    const bearer = { authorization: `Bearer ${sim.families.inference.standingBearerToken}` };
    expect((await chat(endpoint, { model, messages }, bearer)).status).toBe(401);
    // The standing endpoint takes its Basic auth and its Bearer token.
    expect((await chat(sim.baseUrls.inference, { model, messages }, bearer)).status).toBe(200);
    expect(
      (
        await chat(
          sim.baseUrls.inference,
          { model, messages },
          basicAuth(standing.authUser, standing.authPass),
        )
      ).status,
    ).toBe(200);
  });

  it("answer without credentials when the deployment was created without auth fields", async () => {
    const sim = await start({ controller: { warmup: [] } });
    const created = await createDeployment(sim, {
      deployment_template_id: GROUNDING_DINO_TEMPLATE,
      auth_username: undefined,
      auth_password: undefined,
    });
    const config = await fetch(`${created.Endpoint}/config`);
    expect(config.status).toBe(200);
    expect(((await config.json()) as { version: string }).version).toBe("3.41.2");
    expect((await fetch(`${created.Endpoint}/v1/models`)).status).toBe(404);
  });

  it("answer 503 while stopped, warm up again after a start, and 404 once deleted", async () => {
    const clock = createManualClock(0);
    const sim = await start({ clock, timing: { warmupStepMs: 1000 }, controller: { warmup: [502] } });
    const created = await createDeployment(sim);
    const project = `?project_id=${sim.credentials.controller.projectId}`;
    const handle = `/deployment/1/${created.Suffix}`;
    const models = async () => (await fetch(`${created.Endpoint}/v1/models`, { headers: TESTER })).status;
    clock.advance(1000);
    expect(await models()).toBe(200);
    await controllerCall(sim, `${handle}/stop${project}`, { method: "PUT" });
    expect(await models()).toBe(503);
    await controllerCall(sim, `${handle}/start${project}`, { method: "PUT" });
    expect(await models()).toBe(502);
    clock.advance(1000);
    expect(await models()).toBe(200);
    await controllerCall(sim, `${handle}${project}`, { method: "DELETE" });
    expect(await models()).toBe(404);
  });

  it("have URLs a client reaches only with the explicit loopback opt-in", async () => {
    const sim = await start();
    const created = await createDeployment(sim);
    const endpoint = String(created.Endpoint);
    const source = serverAsSource(SERVERS.inference);
    const env = { THETA_INFERENCE_ENDPOINT: endpoint };
    // The opt-in is the client's (option, or THETA_ALLOW_INSECURE_LOOPBACK read by the client factory).
    expect(() => resolveBaseUrl(source, { env })).toThrow(ThetaConfigError);
    expect(() => resolveBaseUrl(source, { env })).toThrow(/plain http to a loopback host/);
    expect(resolveBaseUrl(source, { env, allowInsecureLoopback: true })).toBe(endpoint);
  });
});
