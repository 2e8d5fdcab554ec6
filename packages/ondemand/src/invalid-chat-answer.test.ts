/**
 * A 200 chat answer that carries no choices is an error (never an empty success), for chat.create
 * and chat.stream alike, against a loopback server answering each shape.
 */
import { ThetaApiError, ThetaStreamError } from "@theta/core";
import { useLoopbackServer } from "@theta/loopback-server/vitest";
import { describe, expect, it } from "vitest";
import { createOndemandClient } from "./index.js";

const server = useLoopbackServer();

const TOKEN = "local-test-token-abcdef";
const client = () =>
  createOndemandClient({
    baseUrl: server.url(),
    apiToken: TOKEN,
    allowInsecureLoopback: true,
    env: {},
    maxRetries: 0,
  });

const REQUEST = { model: "gpt_oss_120b", messages: [{ role: "user" as const, content: "hi" }] };

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

async function drain(): Promise<void> {
  for await (const _event of client().chat.stream(REQUEST)) {
    // read every event
  }
}

const NO_CHOICES = "the chat answer has no choices; it was";
const SHAPES: ReadonlyArray<readonly [string, string, string]> = [
  ["null", "null", `${NO_CHOICES} null.`],
  ["an array of numbers", "[1,2,3]", `${NO_CHOICES} an array of 3 items: [1,2,3].`],
  ["an empty object", "{}", `${NO_CHOICES} an object with no fields.`],
  [
    "an upstream error",
    '{"error":"upstream exploded"}',
    `${NO_CHOICES} an object with the field error: {"error":"upstream exploded"}; the server reported "upstream exploded".`,
  ],
  ["empty choices", '{"id":"c1","choices":[]}', `${NO_CHOICES} an object with the fields id, choices:`],
  [
    "a choice without a message",
    '{"choices":[{"index":0}]}',
    "the chat answer's choices[0] has no message; it was",
  ],
];

describe.each([
  ["chat.create", () => client().chat.create(REQUEST)],
  ["chat.stream", drain],
])("%s with a 200 JSON answer without choices", (_mode, run) => {
  it.each(SHAPES)("%s is a non-retriable ThetaApiError saying what came back", async (_shape, body, what) => {
    server.handle((_request, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(body);
    });
    const error = await failure(run);
    expect(ThetaApiError.isInstance(error), String(error)).toBe(true);
    const apiError = error as ThetaApiError;
    expect(apiError.status).toBe(200);
    expect(apiError.retriable).toBe(false);
    expect(apiError.code).toBe("api_error");
    expect(apiError.message).toContain(what);
    expect(apiError.message).toMatch(/Retry the request/);
  });

  it("shows the answer redacted and shortened", async () => {
    const long = JSON.stringify({ note: "x".repeat(5000), api_key: "leaked-key-123456", error: "boom" });
    server.handle((_request, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(long);
    });
    const error = (await failure(run)) as ThetaApiError;
    expect(ThetaApiError.isInstance(error)).toBe(true);
    expect(error.message).not.toContain("leaked-key-123456");
    expect(error.message.length).toBeLessThan(800);
  });
});

describe("chat.stream with an event stream whose chunks carry no choice", () => {
  it("is a ThetaApiError, not a finished answer", async () => {
    server.handle((_request, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end('data: {"id":"c1"}\n\ndata: {"id":"c1","usage":{"prompt_tokens":1}}\n\ndata: [DONE]\n\n');
    });
    const error = await failure(drain);
    expect(ThetaApiError.isInstance(error), String(error)).toBe(true);
    expect((error as ThetaApiError).retriable).toBe(false);
    expect((error as Error).message).toContain(
      'the chat stream carried no choices in its 2 chunks; the first was an object with the field id: {"id":"c1"}',
    );
  });

  it("a stream with choices but no finish stays stream_incomplete", async () => {
    server.handle((_request, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end('data: {"choices":[{"index":0,"delta":{"content":"part"}}]}\n\ndata: [DONE]\n\n');
    });
    const error = await failure(drain);
    expect(ThetaStreamError.isInstance(error)).toBe(true);
    expect((error as ThetaStreamError).code).toBe("stream_incomplete");
  });
});
