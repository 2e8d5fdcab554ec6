import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createManualClock, PRESIGNED_URL_EXPIRES_SECONDS } from "./index.js";
import { auth, inferRequest, json, post, start } from "./testing/simulator-start.js";

type Direct = Record<string, { presigned_url: string; filename: string }>;
type Nested = { urls: Record<string, { upload_url: string; filename: string }> };

describe("presigned uploads", () => {
  it("uploads a file with PUT and transcribes it with whisper", async () => {
    const sim = await start();
    const response = await post(sim, "/infer_request/whisper/input_presigned_urls", {
      input_fields: ["audio_filename"],
    });
    expect(response.status).toBe(200);
    const envelope = await json(response);
    expect(envelope.status).toBe("success");
    const slot = (envelope.body as Direct).audio_filename;
    expect(slot?.presigned_url).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/storage\/uploads\/[a-z0-9]+\?.*X-Goog-Signature=[0-9a-f]{64}/,
    );
    expect(slot?.presigned_url).toContain(`X-Goog-Expires=${PRESIGNED_URL_EXPIRES_SECONDS}`);

    const put = await fetch(slot?.presigned_url ?? "", {
      method: "PUT",
      headers: { "content-type": "application/octet-stream" },
      body: "the quick brown fox",
    });
    expect(put.status).toBe(200);
    const info = sim.state.upload(slot?.filename ?? "");
    expect(info).toMatchObject({ size: 19, service: "whisper", field: "audio_filename" });
    expect(info?.sha256).toBe(createHash("sha256").update("the quick brown fox").digest("hex"));

    const job = await inferRequest(
      await post(sim, "/infer_request/whisper?wait=10", { input: { audio_filename: slot?.filename } }),
    );
    expect(job).toMatchObject({ state: "success", output: { text: "the quick brown fox", language: "en" } });
  });

  it("fails the job when the filename was never uploaded", async () => {
    const sim = await start();
    const slot = (
      (await json(await post(sim, "/infer_request/whisper/input_presigned_urls", {}))).body as Direct
    ).audio_filename;
    // URL issued but nothing PUT
    const notUploaded = await inferRequest(
      await post(sim, "/infer_request/whisper?wait=10", { input: { audio_filename: slot?.filename } }),
    );
    expect(notUploaded.state).toBe("error");
    expect(notUploaded.error).toMatch(/was not found/);
    const invented = await inferRequest(
      await post(sim, "/infer_request/blip?wait=10", { input: { input_img: "never_uploaded.png" } }),
    );
    expect(invented.state).toBe("error");
  });

  it("serves the nested urls shape when asked", async () => {
    const sim = await start({ ondemand: { presignedShape: "urls" } });
    const body = (await json(await post(sim, "/infer_request/talking_head/input_presigned_urls", {})))
      .body as Nested;
    expect(Object.keys(body.urls).sort()).toEqual(["audio", "img"]);
    const put = await fetch(body.urls.img?.upload_url ?? "", {
      method: "PUT",
      body: new Uint8Array([1, 2, 3]),
    });
    expect(put.status).toBe(200);
    expect(sim.state.upload(body.urls.img?.filename ?? "")?.size).toBe(3);
  });

  it("gives URLs per prediction, and for all file inputs when the body is empty", async () => {
    const sim = await start();
    const withPrediction = await fetch(
      `${sim.baseUrls.ondemand}/infer_request/image_to_image/background_removal/input_presigned_urls`,
      { method: "POST", headers: { authorization: `Bearer ${sim.credentials.ondemand.apiToken}` } },
    );
    expect(withPrediction.status).toBe(200);
    const body = (await json(withPrediction)).body as Direct;
    expect(Object.keys(body)).toEqual(["image_filename"]);
    expect(sim.state.requestCount("createInputPresignedUrlsWithPrediction")).toBe(1);

    const notAFile = await post(sim, "/infer_request/flux/input_presigned_urls", {
      input_fields: ["prompt"],
    });
    expect(notAFile.status).toBe(400);
    expect((await json(notAFile)).message).toMatch(/"prompt" of flux\/generate_image is not a file input/);
    const unknownField = await post(sim, "/infer_request/whisper/input_presigned_urls", {
      input_fields: ["audio"],
    });
    expect(unknownField.status).toBe(400);
    expect((await json(unknownField)).message).toMatch(/file inputs of whisper\/stt: audio_filename/);
    const unknownService = await post(sim, "/infer_request/nope/input_presigned_urls", {});
    expect(unknownService.status).toBe(404);
    const noAuth = await post(
      sim,
      "/infer_request/whisper/input_presigned_urls",
      {},
      { "content-type": "application/json" },
    );
    expect(noAuth.status).toBe(401);
  });

  it("refuses a wrong signature with 403 and an expired URL with 400", async () => {
    const clock = createManualClock();
    const sim = await start({ clock });
    const slot = (
      (await json(await post(sim, "/infer_request/blip/input_presigned_urls", {}))).body as Direct
    ).input_img;
    const url = new URL(slot?.presigned_url ?? "");
    const tampered = new URL(url);
    const signature = tampered.searchParams.get("X-Goog-Signature") ?? "";
    tampered.searchParams.set("X-Goog-Signature", `${signature[0] === "0" ? "1" : "0"}${signature.slice(1)}`);
    const forbidden = await fetch(tampered, { method: "PUT", body: "x" });
    expect(forbidden.status).toBe(403);
    expect(await forbidden.text()).toContain("SignatureDoesNotMatch");
    expect(sim.state.upload(slot?.filename ?? "")).toBeUndefined();

    clock.advance((PRESIGNED_URL_EXPIRES_SECONDS + 1) * 1000);
    const expired = await fetch(url, { method: "PUT", body: "x" });
    expect(expired.status).toBe(400);
    expect(await expired.text()).toContain("ExpiredToken");
  });

  it("streams a large upload: counts and hashes every byte, keeps only the head", async () => {
    const sim = await start({ uploadKeepBytes: 1024 });
    const slot = (
      (await json(await post(sim, "/infer_request/esrgan/input_presigned_urls", {}))).body as Direct
    ).input_img;
    const chunk = new Uint8Array(1024 * 1024).fill(7);
    const chunks = 48;
    const hash = createHash("sha256");
    for (let i = 0; i < chunks; i++) hash.update(chunk);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === chunks) {
          controller.close();
          return;
        }
        sent++;
        controller.enqueue(chunk);
      },
    });
    const put = await fetch(slot?.presigned_url ?? "", {
      method: "PUT",
      body,
      duplex: "half",
    } as RequestInit & { duplex: "half" });
    expect(put.status).toBe(200);
    const info = sim.state.upload(slot?.filename ?? "");
    expect(info?.size).toBe(chunks * chunk.length);
    expect(info?.sha256).toBe(hash.digest("hex"));
    expect(info?.head.length).toBe(1024);
  });

  it("refuses an upload larger than maxUploadBytes", async () => {
    const sim = await start({ maxUploadBytes: 10 });
    const slot = (
      (await json(await post(sim, "/infer_request/blip/input_presigned_urls", {}))).body as Direct
    ).input_img;
    const put = await fetch(slot?.presigned_url ?? "", { method: "PUT", body: "01234567890123456789" });
    expect(put.status).toBe(413);
    expect(sim.state.upload(slot?.filename ?? "")).toBeUndefined();
  });

  it("does not need the on-demand token for the PUT itself", async () => {
    const sim = await start();
    const slot = (
      (await json(await post(sim, "/infer_request/blip/input_presigned_urls", {}, auth(sim)))).body as Direct
    ).input_img;
    const put = await fetch(slot?.presigned_url ?? "", { method: "PUT", body: "img" });
    expect(put.status).toBe(200);
  });
});
