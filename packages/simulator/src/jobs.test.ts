import { describe, expect, it } from "vitest";
import { createManualClock } from "./index.js";
import { collect, get, inferRequest, json, post, readSse, start } from "./testing/simulator-start.js";

describe("inference jobs", () => {
  it("moves pending -> processing -> success over simulated time", async () => {
    const clock = createManualClock(Date.UTC(2026, 0, 1));
    const sim = await start({ clock, timing: { jobMs: 300, pendingMs: 100 } });
    const created = await inferRequest(
      await post(sim, "/infer_request/flux", { input: { prompt: "a red fox" } }),
    );
    expect(created.id).toMatch(/^infr_rqst_[a-z0-9]{20}$/);
    expect(created).toMatchObject({
      state: "pending",
      prediction: "generate_image",
      input: { prompt: "a red fox" },
    });
    expect(created.output).toBeUndefined();
    expect(created.create_time).toBe("2026-01-01T00:00:00.000Z");

    clock.advance(150);
    const processing = await inferRequest(await get(sim, `/infer_request/${created.id}`));
    expect(processing.state).toBe("processing");
    expect(processing.update_time).toBe("2026-01-01T00:00:00.100Z");

    clock.advance(200);
    const done = await inferRequest(await get(sim, `/infer_request/${created.id}`));
    expect(done.state).toBe("success");
    expect(done.update_time).toBe("2026-01-01T00:00:00.300Z");
    expect(done.cost).toEqual({ input: 0, output: 1 });
    expect(done.cost_usd).toEqual({ input: 0, output: 0.01 });
    const imageUrl = (done.output as { image_url: string }).image_url;
    expect(imageUrl.startsWith(`${sim.baseUrls.storage}/outputs/`)).toBe(true);
    const image = await fetch(imageUrl);
    expect(image.headers.get("content-type")).toBe("image/png");
    const bytes = new Uint8Array(await image.arrayBuffer());
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });

  it("long-polls with wait until the job finishes", async () => {
    const sim = await start({ timing: { jobMs: 150 } });
    const done = await inferRequest(
      await post(sim, "/infer_request/stable_diffusion_xl_turbo?wait=10", {
        input: { prompt: "blue cloud icon" },
      }),
    );
    expect(done.state).toBe("success");
    expect(done.output).toHaveProperty("image_url");
  });

  it("returns at once with wait=0 and when wait runs out", async () => {
    const clock = createManualClock();
    const sim = await start({ clock });
    const immediate = await inferRequest(
      await post(sim, "/infer_request/flux?wait=0", { input: { prompt: "x" } }),
    );
    expect(immediate.state).toBe("pending");
    const timedOut = await inferRequest(
      await post(sim, "/infer_request/flux?wait=1", { input: { prompt: "x" } }),
    );
    expect(timedOut.state).toBe("pending");
  });

  it("accepts wait in the body and rejects out-of-range values", async () => {
    const sim = await start();
    const done = await inferRequest(
      await post(sim, "/infer_request/blip", {
        input: { input_img: "https://example.invalid/a.png" },
        wait: 5,
      }),
    );
    expect(done.state).toBe("success");
    expect(typeof (done.output as { caption: string }).caption).toBe("string");
    const bad = await post(sim, "/infer_request/flux?wait=61", { input: { prompt: "x" } });
    expect(bad.status).toBe(400);
    expect((await json(bad)).message).toMatch(/wait must be an integer/);
  });

  it("takes the prediction from the path or the query", async () => {
    const sim = await start();
    const byPath = await inferRequest(
      await post(sim, "/infer_request/image_to_image/background_removal?wait=5", {
        input: { image_filename: "https://example.invalid/in.png" },
      }),
    );
    expect(byPath).toMatchObject({ prediction: "background_removal", state: "success" });
    const byQuery = await inferRequest(
      await post(sim, "/infer_request/image_to_image?prediction=upscale&wait=5", {
        input: { image_filename: "https://example.invalid/in.png" },
      }),
    );
    expect(byQuery).toMatchObject({ prediction: "upscale", state: "success" });
    const byDefault = await inferRequest(
      await post(sim, "/infer_request/image_to_image", {
        input: { image_filename: "https://x.invalid/a.png", prompt: "ink" },
      }),
    );
    expect(byDefault.prediction).toBe("stylize");
    expect(sim.state.requestCount("createInferRequestWithPrediction")).toBe(1);
    expect(sim.state.requestCount("createInferRequest")).toBe(2);

    const unknown = await post(sim, "/infer_request/flux/nope", { input: { prompt: "x" } });
    expect(unknown.status).toBe(404);
    expect((await json(unknown)).message).toMatch(/prediction "nope" not found for service flux/);
    const conflict = await post(sim, "/infer_request/flux/generate_image?prediction=other", {
      input: { prompt: "x" },
    });
    expect(conflict.status).toBe(400);
  });

  it("validates the input against input_vars", async () => {
    const sim = await start();
    const missing = await post(sim, "/infer_request/flux", { input: { width: 512 } });
    expect(missing.status).toBe(400);
    expect(await json(missing)).toEqual({
      status: "error",
      message: "input.prompt is required for flux/generate_image (a string)",
    });
    const wrongType = await post(sim, "/infer_request/flux", { input: { prompt: "x", width: "wide" } });
    expect(wrongType.status).toBe(400);
    expect((await json(wrongType)).message).toMatch(/input\.width must be an integer/);
    const noInput = await post(sim, "/infer_request/flux", { prompt: "x" });
    expect(noInput.status).toBe(400);
    expect((await json(noInput)).message).toMatch(/input must be a JSON object/);
    const badJson = await post(sim, "/infer_request/flux", "{not json");
    expect(badJson.status).toBe(400);
    const badVariant = await post(sim, "/infer_request/flux", { input: { prompt: "x" }, variant: "turbo" });
    expect(badVariant.status).toBe(400);
    expect((await json(badVariant)).message).toMatch(
      /variant "turbo" is not available for flux; use one of: default, quantized/,
    );
    const unknownService = await post(sim, "/infer_request/qwen", { input: {} });
    expect(unknownService.status).toBe(404);
    expect(await json(unknownService)).toEqual({ status: "error", message: "service not found" });
  });

  it("echoes variant and fails jobs whose input contains FAIL", async () => {
    const sim = await start();
    const quantized = await inferRequest(
      await post(sim, "/infer_request/flux?wait=5", { input: { prompt: "ok" }, variant: "quantized" }),
    );
    expect(quantized.variant).toBe("quantized");
    const failed = await inferRequest(
      await post(sim, "/infer_request/flux?wait=5", { input: { prompt: "please FAIL" } }),
    );
    expect(failed.state).toBe("error");
    expect(failed.error).toMatch(/inference failed/);
    expect(failed.output).toBeUndefined();
    expect(failed.cost).toBeUndefined();
  });

  it("answers 404 for an unknown infer request id", async () => {
    const sim = await start();
    const response = await get(sim, "/infer_request/infr_rqst_capability_probe_invalid");
    expect(response.status).toBe(404);
    expect(await json(response)).toEqual({ status: "error", message: "infer request not found" });
  });

  it("can name the error field error_message and show only cost_usd or cost", async () => {
    const a = await start({ ondemand: { errorField: "error_message", costShape: "cost_usd" } });
    const failed = await inferRequest(
      await post(a, "/infer_request/flux?wait=5", { input: { prompt: "FAIL" } }),
    );
    expect(failed.error_message).toMatch(/inference failed/);
    expect(failed.error).toBeUndefined();
    const ok = await inferRequest(await post(a, "/infer_request/flux?wait=5", { input: { prompt: "fine" } }));
    expect(ok.cost_usd).toEqual({ input: 0, output: 0.01 });
    expect(ok.cost).toBeUndefined();
    const b = await start({ ondemand: { costShape: "cost" } });
    const okB = await inferRequest(
      await post(b, "/infer_request/flux?wait=5", { input: { prompt: "fine" } }),
    );
    expect(okB.cost).toEqual({ input: 0, output: 1 });
    expect(okB.cost_usd).toBeUndefined();
  });

  it("runs step_video longer, scaled by frames", async () => {
    const clock = createManualClock();
    const sim = await start({ clock, timing: { videoJobMs: 1000, pendingMs: 100 } });
    const job = await inferRequest(
      await post(sim, "/infer_request/step_video", { input: { prompt: "waves", frames: 100 } }),
    );
    clock.advance(1999);
    expect((await inferRequest(await get(sim, `/infer_request/${job.id}`))).state).toBe("processing");
    clock.advance(1);
    const done = await inferRequest(await get(sim, `/infer_request/${job.id}`));
    expect(done.state).toBe("success");
    expect((done.output as { video_url: string }).video_url).toMatch(/\.mp4$/);
    expect(done.cost_usd).toEqual({ input: 0, output: 0.2 });
  });

  it("answers chat services on the job route as SSE unless input.stream is false", async () => {
    const sim = await start();
    const messages = [{ role: "user", content: "[[echo:Hello from the job route]]" }];
    const streamed = await post(sim, "/infer_request/qwen3?wait=30", { input: { messages } });
    expect(streamed.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const sse = await readSse(streamed);
    expect(sse.done).toBe(true);
    expect(collect(sse.events).content).toBe("Hello from the job route");

    const explicit = await post(sim, "/infer_request/qwen3", { input: { messages, stream: true } });
    expect(explicit.headers.get("content-type")).toMatch(/^text\/event-stream/);
    await explicit.text();

    const asJson = await post(sim, "/infer_request/qwen3?prediction=completions&wait=10", {
      input: { messages, stream: false },
      variant: "parallax_32b_fp8",
    });
    expect(asJson.headers.get("content-type")).toMatch(/^application\/json/);
    const job = await inferRequest(asJson);
    expect(job).toMatchObject({
      state: "success",
      variant: "parallax_32b_fp8",
      output: { message: "Hello from the job route" },
    });
    const cost = job.cost_usd as { input: number; output: number };
    expect(cost.input).toBeGreaterThan(0);
    expect(cost.output).toBeGreaterThan(0);
  });

  it("gives gpt_oss_120b a null message when max_tokens is spent on reasoning", async () => {
    const sim = await start();
    const job = await inferRequest(
      await post(sim, "/infer_request/gpt_oss_120b?wait=10", {
        input: {
          messages: [{ role: "user", content: "Explain edge computing" }],
          max_tokens: 5,
          stream: false,
        },
      }),
    );
    expect(job.state).toBe("success");
    expect((job.output as { message: unknown }).message).toBeNull();
  });

  it("answers every media kind with its output field", async () => {
    const sim = await start();
    const url = "https://example.invalid/file";
    const cases: [string, Record<string, unknown>, string][] = [
      ["grounding_dino", { input_img: url, detection_prompt: "cat. dog." }, "boxes"],
      ["llava", { input_img: url, question: "what?" }, "text"],
      ["esrgan", { input_img: url }, "image_url"],
      ["voice_cloning", { text: "hi", voice: url }, "audio_url"],
      ["instant_id", { face_img: url, prompt: "astronaut" }, "image_url"],
      ["talking_head", { img: url, audio: url }, "video_url"],
    ];
    for (const [alias, input, field] of cases) {
      const job = await inferRequest(await post(sim, `/infer_request/${alias}?wait=10`, { input }));
      expect(job.state, alias).toBe("success");
      expect(job.output, alias).toHaveProperty(field);
    }
    const dino = await inferRequest(
      await post(sim, "/infer_request/grounding_dino?wait=10", {
        input: { input_img: url, detection_prompt: "cat. dog." },
      }),
    );
    expect((dino.output as { labels: string[] }).labels).toEqual(["cat", "dog"]);
    const wav = await fetch(
      (
        (
          await inferRequest(
            await post(sim, "/infer_request/voice_cloning?wait=10", { input: { text: "x", voice: url } }),
          )
        ).output as { audio_url: string }
      ).audio_url,
    );
    expect(new TextDecoder().decode((await wav.arrayBuffer()).slice(0, 4))).toBe("RIFF");
  });
});
