/**
 * Streaming edge cases against a small node:http server made here (real loopback HTTP, no mocks):
 * SSE split at every byte boundary of a multi-byte UTF-8 chunk, SSE where JSON was asked, and what
 * reaches a presigned storage URL.
 */
import type { IncomingMessage } from "node:http";
import type { Logger } from "@theta/core";
import { useLoopbackServer } from "@theta/loopback-server/vitest";
import { describe, expect, it } from "vitest";
import { type ChatEvent, createOndemandClient } from "./index.js";

const server = useLoopbackServer();

const token = "local-test-token-abcdef";
const client = (extra: { logger?: Logger } = {}) =>
  createOndemandClient({
    baseUrl: server.url(),
    apiToken: token,
    allowInsecureLoopback: true,
    env: {},
    maxRetries: 0,
    ...extra,
  });

const sse = (chunks: unknown[]): string =>
  `${chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join("")}data: [DONE]\n\n`;

const REASONING = ["思考中… ", "🤔 ok"];
const CONTENT = ["日本語 ", "café 🚀", " naïve ✓"];
const chunks = [
  {
    id: "c1",
    model: "gpt-oss-120b",
    choices: [{ index: 0, delta: { role: "assistant", reasoning: REASONING[0] } }],
  },
  { id: "c1", choices: [{ index: 0, delta: { reasoning_content: REASONING[1] } }] },
  { id: "c1", choices: [{ index: 0, delta: { content: CONTENT[0] } }] },
  { id: "c1", choices: [{ index: 0, delta: { content: CONTENT[1] } }] },
  { id: "c1", choices: [{ index: 0, delta: { content: CONTENT[2] } }] },
  { id: "c1", choices: [{ index: 0, delta: {}, finish_reason: "stop" }] },
  { id: "c1", choices: [], usage: { prompt_tokens: 3, completion_tokens: 9, total_tokens: 12 } },
];
const body = Buffer.from(sse(chunks), "utf8");

function textOf(events: ChatEvent[], type: "content" | "reasoning"): string {
  return events.flatMap((e) => (e.type === type ? [e.delta] : [])).join("");
}

describe("SSE parsing through chat.stream", () => {
  it("keeps every multi-byte character intact wherever the bytes are split", async () => {
    // The bytes of the event carrying "café 🚀" (multi-byte characters).
    const marker = Buffer.from(JSON.stringify(CONTENT[1]).slice(1, -1), "utf8");
    const eventStart = body.lastIndexOf(Buffer.from("data: "), body.indexOf(marker));
    const eventEnd = body.indexOf(Buffer.from("\n\n"), eventStart) + 2;
    const splits: number[] = [];
    for (let i = eventStart + 1; i < eventEnd; i++) splits.push(i);
    expect(splits.length).toBeGreaterThan(20);

    let next = 0;
    const requestedSplits: number[] = [];
    server.handle(async (_request, res, { incoming: req }) => {
      const split = splits[next++] as number;
      requestedSplits.push(split);
      expect(req.url).toBe("/infer_request/chat/completions");
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(body.subarray(0, split));
      await new Promise((resolve) => setTimeout(resolve, 1));
      res.end(body.subarray(split));
    });
    const c = client();
    for (const _ of splits) {
      const events = await c.chat
        .stream({ model: "gpt_oss_120b", messages: [{ role: "user", content: "hi" }] })
        .toArray();
      expect(textOf(events, "content")).toBe(CONTENT.join(""));
      expect(textOf(events, "reasoning")).toBe(REASONING.join(""));
      expect(events.at(-1)).toEqual({
        type: "usage",
        usage: { prompt_tokens: 3, completion_tokens: 9, total_tokens: 12 },
      });
      expect(events.filter((e) => e.type === "finish")).toEqual([{ type: "finish", reason: "stop" }]);
    }
    expect(requestedSplits).toEqual(splits);
  });

  it("aggregates SSE when chat.create asked for JSON, and sends stream:false", async () => {
    let sent: Record<string, unknown> = {};
    server.handle(({ bytes: raw }, res) => {
      sent = JSON.parse(raw.toString("utf8")) as Record<string, unknown>;
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(body);
    });
    const result = await client().chat.create({
      model: "glm_5_3",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(sent).toMatchObject({
      model: "glm_5_3",
      stream: false,
      max_tokens: 500,
      temperature: 0.5,
      top_p: 0.7,
    });
    expect(result).toMatchObject({
      content: CONTENT.join(""),
      reasoning: REASONING.join(""),
      finishReason: "stop",
      model: "gpt-oss-120b",
      usage: { prompt_tokens: 3, completion_tokens: 9, total_tokens: 12 },
    });
    // glm_5_3: 3 × $1.54/1M + 9 × $4.84/1M
    expect(result.costUsd).toBeCloseTo(3 * 1.54e-6 + 9 * 4.84e-6, 12);
  });

  it("parses an SSE answer sniffed from the body when the content-type says JSON", async () => {
    server.handle((_request, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(body);
    });
    const result = await client().infer("gpt_oss_120b", { messages: [{ role: "user", content: "hi" }] });
    expect(result).toMatchObject({ id: "c1", state: "success", terminal: true });
    expect(result.output).toMatchObject({
      message: CONTENT.join(""),
      reasoning: REASONING.join(""),
      finish_reason: "stop",
    });
    expect(result.costUsd).toBeCloseTo(3 * 0.04e-6 + 9 * 0.2e-6, 12);
  });

  it("sends the chat defaults of gpt_oss_120b and input.stream:false on the job route", async () => {
    let sent: Record<string, unknown> = {};
    let url = "";
    server.handle(({ bytes: raw }, res, { incoming: req }) => {
      url = req.url ?? "";
      sent = JSON.parse(raw.toString("utf8")) as Record<string, unknown>;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          status: "success",
          body: { infer_requests: [{ id: "r", state: "success", output: { message: "hi" } }] },
        }),
      );
    });
    await client().infer(
      "gpt_oss_120b",
      { messages: [{ role: "user", content: "hi" }] },
      { variant: "default" },
    );
    expect(url).toBe("/infer_request/gpt_oss_120b?wait=30&prediction=completions");
    expect(sent).toEqual({
      input: {
        messages: [{ role: "user", content: "hi" }],
        max_tokens: 1800,
        reasoning_effort: "low",
        temperature: 0.5,
        top_p: 0.7,
        stream: false,
      },
      variant: "default",
    });
  });

  it("fails when the stream ends without a finish reason", async () => {
    server.handle((_request, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(sse(chunks.slice(0, 3)).replace("data: [DONE]\n\n", ""));
    });
    await expect(
      client()
        .chat.stream({ model: "glm_5_3", messages: [{ role: "user", content: "hi" }] })
        .toArray(),
    ).rejects.toMatchObject({ code: "stream_incomplete" });
  });
});

describe("presigned uploads", () => {
  it("sends the bytes without the API token, and never logs the signed URL", async () => {
    const seen: { method?: string; url?: string; headers?: IncomingMessage["headers"]; size?: number } = {};
    server.handle(({ bytes: raw }, res, { incoming: req }) => {
      Object.assign(seen, { method: req.method, url: req.url, headers: req.headers, size: raw.byteLength });
      res.writeHead(200);
      res.end();
    });
    const lines: string[] = [];
    const record = (message: string, data?: unknown) =>
      lines.push(`${message} ${JSON.stringify(data ?? {})}`);
    const logger: Logger = { debug: record, info: record, warn: record, error: record };
    const signature = "deadbeefcafe0123456789";
    const url = `${server.url()}/bucket/inputs/f1?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Signature=${signature}`;
    await client({ logger }).uploads.put(url, new Uint8Array(1234));
    expect(seen.method).toBe("PUT");
    expect(seen.url).toBe(
      `/bucket/inputs/f1?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Signature=${signature}`,
    );
    expect(seen.headers?.authorization).toBeUndefined();
    expect(seen.headers?.["content-type"]).toBe("application/octet-stream");
    expect(seen.headers?.["content-length"]).toBe("1234");
    expect(seen.size).toBe(1234);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join("\n")).not.toContain(signature);
    expect(lines.join("\n")).not.toContain(token);
  });

  it("refuses plain http to a loopback storage URL without the opt-in", async () => {
    const c = createOndemandClient({ apiToken: token, env: {} });
    await expect(c.uploads.put(`${server.url()}/bucket/x`, new Uint8Array(1))).rejects.toMatchObject({
      code: "host_refused",
    });
  });
});
