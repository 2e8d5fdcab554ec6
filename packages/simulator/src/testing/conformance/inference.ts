/** Conformance scenarios of the inference module: the standing endpoint and created deployments' endpoints. */
import { expect } from "vitest";
import { createManualClock } from "../../index.js";
import { start } from "../simulator-start.js";
import type { Json } from "./harness.js";
import type { ConformanceScenario } from "./scenario.js";

const MESSAGES = [{ role: "user", content: "Say hello" }];

export const inferenceScenarios: readonly ConformanceScenario[] = [
  {
    name: "the compiled schemas reject wrong shapes (so the checks can fail)",
    async run(harness) {
      const models = harness.responseValidator("listModels", "200", "application/json");
      expect(models({ data: [{ object: "model" }] })).toBe(false);
      expect(models({ data: [{ id: "m" }] })).toBe(true);
    },
  },
  {
    name: "the standing endpoint serves models and chat (JSON and SSE) behind its credentials",
    async run(harness) {
      const sim = await start();
      const { model } = sim.credentials.inference;
      const models = await harness.call(sim, "listModels");
      expect(((models.json.data as Json[])[0] as Json).id).toBe(model);
      const answer = await harness.call(
        sim,
        "createChatCompletion",
        {},
        { body: { model, messages: MESSAGES, max_tokens: 16 } },
      );
      expect(answer.status).toBe(200);
      const stream = await harness.call(
        sim,
        "createChatCompletion",
        {},
        { body: { model, messages: MESSAGES, stream: true } },
      );
      expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream/);
      expect(stream.text.trim().endsWith("data: [DONE]")).toBe(true);
      const unknown = await harness.call(
        sim,
        "createChatCompletion",
        {},
        { body: { model: "other", messages: MESSAGES } },
      );
      expect(unknown.status).toBe(404);
      expect((await harness.call(sim, "listModels", {}, { credentials: { authPass: "wrong" } })).status).toBe(
        401,
      );
      expect((await harness.call(sim, "listModels", {}, { credentials: null })).status).toBe(401);
      // The standing endpoint is OpenAI-compatible: Gradio routes answer 404.
      expect((await harness.call(sim, "getGradioConfig")).status).toBe(404);
    },
  },
  {
    name: "a Gradio deployment walks its warm-up, then serves config and predict",
    async run(harness) {
      const clock = createManualClock(0);
      const sim = await start({
        clock,
        timing: { warmupStepMs: 1000 },
        controller: { warmup: [404, 502, 503, 401] },
      });
      const { projectId, apiKey } = sim.credentials.controller;
      const response = await fetch(`${sim.baseUrls.controller}/deployment`, {
        method: "POST",
        headers: { "x-api-key": apiKey, "content-type": "application/json" },
        body: JSON.stringify({
          project_id: projectId,
          deployment_template_id: "img_qqu31asazaig666jtzp7gjd4pway",
          vm_id: "vm_gt1",
          auth_username: "gradio",
          auth_password: "gradio-password",
        }),
      });
      const endpoint = ((await response.json()) as { body: Json }).body.Endpoint as string;
      const credentials = { authUser: "gradio", authPass: "gradio-password" };
      const seen: number[] = [];
      for (let step = 0; step < 5; step++) {
        seen.push(
          (await harness.call(sim, "getGradioConfig", {}, { url: `${endpoint}/config`, credentials })).status,
        );
        clock.advance(1000);
      }
      expect(seen).toEqual([404, 502, 503, 401, 200]);
      const predict = await harness.call(
        sim,
        "gradioPredict",
        {},
        {
          url: `${endpoint}/api/predict`,
          credentials,
          body: { fn_index: 0, data: ["image.png", "cat . dog"] },
        },
      );
      expect(predict.status).toBe(200);
      const wrongFunction = await harness.call(
        sim,
        "gradioPredict",
        {},
        { url: `${endpoint}/api/predict`, credentials, body: { fn_index: 3, data: [] } },
      );
      expect(wrongFunction.status).toBe(400);
      expect(
        (await harness.call(sim, "listModels", {}, { url: `${endpoint}/v1/models`, credentials })).status,
      ).toBe(404);
    },
  },
];
