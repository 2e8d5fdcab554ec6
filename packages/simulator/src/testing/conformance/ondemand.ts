/** Conformance scenarios of the on-demand module: every operation, state, option and error shape. */
import { expect } from "vitest";
import { start } from "../simulator-start.js";
import type { Json } from "./harness.js";
import type { ConformanceScenario } from "./scenario.js";

const MESSAGES = [{ role: "user", content: "What is the weather in Rome?" }];
const TOOLS = [
  {
    type: "function",
    function: {
      name: "get_weather",
      parameters: { type: "object", properties: { city: { type: "string" } } },
    },
  },
];

function endsWithDone(text: string): boolean {
  const blocks = text.split("\n\n").filter((block) => block.trim().length > 0);
  return blocks[blocks.length - 1] === "data: [DONE]";
}

export const ondemandScenarios: readonly ConformanceScenario[] = [
  {
    name: "the compiled schemas reject wrong shapes (so the checks can fail)",
    async run(harness) {
      const job = harness.responseValidator("getInferRequest", "200", "application/json");
      expect(job({ body: { infer_requests: [{ state: "success" }] } })).toBe(false);
      expect(job({ body: { infer_requests: [{ id: "infr_rqst_x", state: "success" }] } })).toBe(true);
      const list = harness.responseValidator("listServices", "200", "application/json");
      expect(list({ body: { services: [{ name: "no alias" }] } })).toBe(false);
    },
  },
  {
    name: "catalog answers match the spec; only the list is public",
    async run(harness) {
      const sim = await start();
      expect((await harness.call(sim, "listServices", {}, { credentials: null })).status).toBe(200);
      expect((await harness.call(sim, "listServices", {}, { query: "?expand=template_id" })).status).toBe(
        200,
      );
      expect((await harness.call(sim, "getService", { idOrAlias: "flux" })).status).toBe(200);
      const missing = await harness.call(sim, "getService", { idOrAlias: "nope" });
      expect(missing.status).toBe(404);
      const anonymous = await harness.call(sim, "getService", { idOrAlias: "flux" }, { credentials: null });
      expect(anonymous.status).toBe(401);
    },
  },
  {
    name: "job answers match the spec in every state and option",
    async run(harness) {
      for (const ondemand of [
        {},
        { errorField: "error_message" as const, costShape: "cost" as const },
        { costShape: "cost_usd" as const },
      ]) {
        const sim = await start({ ondemand });
        const pending = await harness.call(
          sim,
          "createInferRequest",
          { alias: "flux" },
          { query: "?wait=0", body: { input: { prompt: "a fox" } } },
        );
        const id = ((pending.json.body as Json).infer_requests as Json[])[0]?.id as string;
        expect(id).toMatch(/^infr_rqst_/);
        const success = await harness.call(
          sim,
          "createInferRequest",
          { alias: "flux" },
          {
            query: "?wait=10&prediction=generate_image",
            body: { input: { prompt: "ok" }, variant: "quantized" },
          },
        );
        expect(success.status).toBe(200);
        await harness.call(
          sim,
          "createInferRequest",
          { alias: "flux" },
          { query: "?wait=10", body: { input: { prompt: "FAIL" } } },
        );
        await harness.call(
          sim,
          "createInferRequest",
          { alias: "qwen3" },
          {
            query: "?wait=10",
            body: { input: { messages: [{ role: "user", content: "hi" }], stream: false } },
          },
        );
        const stream = await harness.call(
          sim,
          "createInferRequest",
          { alias: "gpt_oss_120b" },
          { body: { input: { messages: [{ role: "user", content: "hi" }] } } },
        );
        expect(stream.status).toBe(200);
        expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream/);
        expect(endsWithDone(stream.text)).toBe(true);
        await harness.call(
          sim,
          "createInferRequestWithPrediction",
          { alias: "image_to_image", prediction: "background_removal" },
          { query: "?wait=10", body: { input: { image_filename: "https://example.invalid/a.png" } } },
        );
        expect((await harness.call(sim, "getInferRequest", { id })).status).toBe(200);
        expect((await harness.call(sim, "getInferRequest", { id: "infr_rqst_nope" })).status).toBe(404);
        const invalid = await harness.call(
          sim,
          "createInferRequest",
          { alias: "flux" },
          { body: { input: {} } },
        );
        expect(invalid.status).toBe(400);
        const unauthorized = await harness.call(
          sim,
          "getInferRequest",
          { id },
          { credentials: { apiToken: "invalid" } },
        );
        expect(unauthorized.status).toBe(401);
      }
    },
  },
  {
    name: "presigned URL answers match the spec in both shapes, and the upload works",
    async run(harness) {
      for (const presignedShape of ["direct", "urls"] as const) {
        const sim = await start({ ondemand: { presignedShape } });
        const urls = await harness.call(
          sim,
          "createInputPresignedUrls",
          { alias: "whisper" },
          { body: { input_fields: ["audio_filename"] } },
        );
        await harness.call(
          sim,
          "createInputPresignedUrlsWithPrediction",
          { alias: "image_to_image", prediction: "upscale" },
          { body: {} },
        );
        const payload = urls.json.body as Json;
        const entry = (
          presignedShape === "urls" ? (payload.urls as Json).audio_filename : payload.audio_filename
        ) as Json;
        const uploadUrl = (entry.presigned_url ?? entry.upload_url) as string;
        const put = await harness.call(
          sim,
          "uploadInputObject",
          {},
          { url: uploadUrl, body: "audio", contentType: "application/octet-stream", credentials: null },
        );
        expect(put.status).toBe(200);
      }
    },
  },
  {
    name: "chat answers match the spec (JSON, stream, tool calls, errors)",
    async run(harness) {
      const sim = await start();
      for (const model of ["gpt_oss_120b", "glm_5_3", "qwen3"]) {
        const json = await harness.call(
          sim,
          "createChatCompletion",
          {},
          { body: { model, messages: MESSAGES, stream: false } },
        );
        expect(json.status).toBe(200);
        const stream = await harness.call(
          sim,
          "createChatCompletion",
          {},
          { body: { model, messages: MESSAGES } },
        );
        expect(stream.status).toBe(200);
        expect(endsWithDone(stream.text)).toBe(true);
      }
      const tools = { model: "glm_5_3", messages: MESSAGES, tools: TOOLS, tool_choice: "required" };
      expect(
        (await harness.call(sim, "createChatCompletion", {}, { body: { ...tools, stream: false } })).status,
      ).toBe(200);
      const toolStream = await harness.call(sim, "createChatCompletion", {}, { body: tools });
      expect(endsWithDone(toolStream.text)).toBe(true);
      const missing = await harness.call(
        sim,
        "createChatCompletion",
        {},
        { body: { model: "qwen", messages: MESSAGES } },
      );
      expect(missing.status).toBe(404);
      sim.families.ondemand.setCapacity("qwen3", 0);
      const busy = await harness.call(
        sim,
        "createChatCompletion",
        {},
        { body: { model: "qwen3", messages: MESSAGES } },
      );
      expect(busy.status).toBe(409);
    },
  },
];
