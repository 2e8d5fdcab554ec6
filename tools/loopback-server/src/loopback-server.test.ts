/** The loopback server against real fetch calls over 127.0.0.1. */
import { request as httpRequest } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import {
  answerAfter,
  answerEventStream,
  answerJson,
  answerStatus,
  answerText,
  closedPort,
  dripBody,
  type LoopbackServer,
  resetBeforeHeaders,
  resetMidBody,
  startLoopbackServer,
} from "./index.js";
import { useLoopbackServer } from "./vitest.js";

const servers: LoopbackServer[] = [];
async function start(...handler: Parameters<typeof startLoopbackServer>): Promise<LoopbackServer> {
  const server = await startLoopbackServer(...handler);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe("startLoopbackServer", () => {
  it("listens on 127.0.0.1 and records every request before its handler runs", async () => {
    const server = await start((request, response, exchange) =>
      answerJson(response, 201, { index: exchange.index, seen: request.body }, { "x-answer": "yes" }),
    );
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const answer = await fetch(`${server.url}/things?page=2`, {
      method: "POST",
      headers: { "x-test": "1" },
      body: "héllo",
    });
    expect(answer.status).toBe(201);
    expect(answer.headers.get("x-answer")).toBe("yes");
    expect(await answer.json()).toEqual({ index: 1, seen: "héllo" });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: "POST", path: "/things?page=2", body: "héllo" });
    expect(server.requests[0]?.headers["x-test"]).toBe("1");
    expect(server.requests[0]?.bytes).toEqual(Buffer.from("héllo"));
  });

  it("answers 500 until scripted, 599 when the handler throws, and takes a new handler", async () => {
    const server = await start();
    expect((await fetch(server.url)).status).toBe(500);
    server.handle(() => {
      throw new Error("script bug");
    });
    const failed = await fetch(server.url);
    expect(failed.status).toBe(599);
    expect(await failed.text()).toContain("script bug");
    server.handle((_request, response) => answerText(response, 200, "plain"));
    const plain = await fetch(server.url);
    expect(plain.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await plain.text()).toBe("plain");
    server.handle((_request, response) => answerStatus(response, 204, { "x-empty": "1" }));
    const empty = await fetch(server.url);
    expect(empty.status).toBe(204);
    expect(empty.headers.get("x-empty")).toBe("1");
    expect(server.requests).toHaveLength(4);
  });

  it("closes with open connections, and closing twice is fine", async () => {
    const server = await start((_request, response) => {
      response.writeHead(200);
      response.write("never ends");
    });
    const answer = await fetch(server.url);
    const reading = answer.text();
    await server.close();
    await server.close();
    await expect(reading).rejects.toThrow();
  });
});

describe("answers over time", () => {
  it("streams server-sent events, with names, ids, multi-line data and [DONE]", async () => {
    const server = await start((_request, response) =>
      answerEventStream(response, ["one", { event: "note", id: "7", data: "a\nb" }], { done: true }),
    );
    const answer = await fetch(server.url);
    expect(answer.headers.get("content-type")).toBe("text/event-stream");
    expect(await answer.text()).toBe("data: one\n\nid: 7\nevent: note\ndata: a\ndata: b\n\ndata: [DONE]\n\n");
  });

  it("drips a body piece by piece (a string one character at a time) and stops when the client leaves", async () => {
    const server = await start((_request, response) =>
      dripBody(response, ["ab", "cd"], { everyMs: 5, headers: { "content-type": "text/plain" } }),
    );
    expect(await (await fetch(server.url)).text()).toBe("abcd");
    let finished: Promise<void> | undefined;
    server.handle((_request, response) => {
      finished = dripBody(response, "x".repeat(10_000), { everyMs: 5 });
    });
    const controller = new AbortController();
    const answer = await fetch(server.url, { signal: controller.signal });
    expect(answer.status).toBe(200);
    controller.abort();
    await finished;
  });

  it("answers after a delay, and not at all when the client left first", async () => {
    const server = await start((_request, response) =>
      answerAfter(response, 10, (late) => answerJson(late, 200, { late: true })),
    );
    expect(await (await fetch(server.url)).json()).toEqual({ late: true });
    let answered = false;
    let waited: Promise<void> | undefined;
    server.handle((_request, response) => {
      waited = answerAfter(response, 200, () => {
        answered = true;
      });
    });
    await expect(fetch(server.url, { signal: AbortSignal.timeout(20) })).rejects.toThrow();
    await waited;
    expect(answered).toBe(false);
  });
});

describe("faults", () => {
  it("resets before the headers, after a partial body, and refuses connections on a closed port", async () => {
    const server = await start((_request, response) => resetBeforeHeaders(response));
    await expect(fetch(server.url, { method: "POST", body: "x" })).rejects.toThrow();
    expect(server.requests[0]?.body).toBe("x");
    server.handle((_request, response) => resetMidBody(response, '{"services":['));
    const cut = await fetch(server.url);
    expect(cut.status).toBe(200);
    await expect(cut.text()).rejects.toThrow();
    const port = await closedPort();
    const refused = await new Promise<string>((resolve) => {
      httpRequest({ host: "127.0.0.1", port }, () => resolve("answered"))
        .on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"))
        .end();
    });
    expect(refused).toBe("ECONNREFUSED");
  });
});

describe("useLoopbackServer", () => {
  const hooks = useLoopbackServer();

  it("gives a started server to the file's tests", async () => {
    hooks.handle((_request, response) => answerJson(response, 200, { ok: true }));
    expect(await (await fetch(`${hooks.url()}/a`)).json()).toEqual({ ok: true });
    expect(hooks.requests().map((request) => request.path)).toEqual(["/a"]);
  });

  it("forgets the previous test's script and requests", async () => {
    expect(hooks.requests()).toEqual([]);
    expect((await fetch(hooks.url())).status).toBe(500);
  });
});
