import { connect } from "node:net";
import { SERVER_NAMES } from "@theta/core";
import { describe, expect, it } from "vitest";
import { type SimulatorOptions, startSimulator } from "./index.js";
import { auth, get, json, start } from "./testing/simulator-start.js";

/** Sends a raw HTTP/1.1 request and returns the payloads of the chunked-encoding chunks, in order. */
function rawChunks(port: number, path: string, body: string, token: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const received: Buffer[] = [];
    socket.on("data", (data) => received.push(data));
    socket.on("error", reject);
    socket.on("end", () => {
      const raw = Buffer.concat(received);
      const headerEnd = raw.indexOf("\r\n\r\n");
      let offset = headerEnd + 4;
      const chunks: string[] = [];
      for (;;) {
        const lineEnd = raw.indexOf("\r\n", offset);
        const size = Number.parseInt(raw.subarray(offset, lineEnd).toString("ascii"), 16);
        if (!size) break;
        const payload = raw.subarray(lineEnd + 2, lineEnd + 2 + size);
        chunks.push(payload.toString("latin1"));
        offset = lineEnd + 2 + size + 2;
      }
      resolve(chunks);
    });
    socket.write(
      `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${token}\r\ncontent-type: application/json\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
}

describe("server", () => {
  it("binds 127.0.0.1 and exposes one base URL per server of @theta/core, plus storage", async () => {
    const sim = await start();
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.baseUrls).toEqual({
      ondemand: `${sim.url}/ondemand`,
      controller: `${sim.url}/controller`,
      platform: `${sim.url}/platform`,
      inference: `${sim.url}/inference`,
      video: `${sim.url}/video`,
      chain: `${sim.url}/chain`,
      thetacli: `${sim.url}/thetacli`,
      edgecloudClient: `${sim.url}/edgecloudClient`,
      storage: `${sim.url}/storage`,
    });
    expect(Object.keys(sim.baseUrls)).toEqual([...SERVER_NAMES, "storage"]);
    const root = await json(await fetch(sim.url));
    expect((root.body as { base_urls: unknown }).base_urls).toEqual(sim.baseUrls);
  });

  it("answers JSON 404 for unknown servers, servers not simulated yet and unknown routes", async () => {
    const sim = await start();
    const unknown = await fetch(`${sim.url}/nope/service/list`);
    expect(unknown.status).toBe(404);
    const body = await json(unknown);
    expect(body.status).toBe("error");
    expect(body.message).toMatch(
      /unknown API server "nope"; base URLs are http:\/\/127\.0\.0\.1:\d+\/<server> with server one of ondemand, controller, /,
    );
    const later = await fetch(`${sim.baseUrls.video}/video/video_1`);
    expect(later.status).toBe(404);
    expect((await json(later)).message).toMatch(/the video server is not simulated yet/);
    const chain = await fetch(`${sim.baseUrls.chain}/rpc`);
    expect((await json(chain)).message).toMatch(/the chain server is not simulated yet/);
    const route = await get(sim, "/service");
    expect(route.status).toBe(404);
    const method = await fetch(`${sim.baseUrls.ondemand}/service/list`, {
      method: "DELETE",
      headers: auth(sim),
    });
    expect(method.status).toBe(405);
    expect(method.headers.get("allow")).toBe("GET");
  });

  it("counts requests by operation id, path and RegExp, and logs them without secrets", async () => {
    const sim = await start();
    await get(sim, "/service/list");
    await get(sim, "/service/flux");
    await get(sim, "/infer_request/infr_rqst_nope");
    expect(sim.state.requests()).toBe(3);
    expect(sim.state.requestCount()).toBe(3);
    expect(sim.state.requestCount("listServices")).toBe(1);
    expect(sim.state.requestCount("GET /ondemand/service/flux")).toBe(1);
    expect(sim.state.requestCount(/^GET \/ondemand\/service\//)).toBe(2);
    const log = sim.state.log();
    expect(log.map((e) => [e.server, e.family, e.path])).toEqual([
      ["ondemand", "ondemand", "/service/list"],
      ["ondemand", "ondemand", "/service/flux"],
      ["ondemand", "ondemand", "/infer_request/infr_rqst_nope"],
    ]);
    expect(log.map((e) => [e.operationId, e.status])).toEqual([
      ["listServices", 200],
      ["getService", 200],
      ["getInferRequest", 404],
    ]);
    expect(JSON.stringify(log)).not.toContain(sim.credentials.ondemand.apiToken);
  });

  it("splits some SSE events across several writes (deterministically from the seed)", async () => {
    const sim = await start({ seed: 5 });
    const request = JSON.stringify({ model: "qwen3", messages: [{ role: "user", content: "[[words:60]]" }] });
    const chunks = await rawChunks(
      sim.port,
      "/ondemand/infer_request/chat/completions",
      request,
      sim.credentials.ondemand.apiToken,
    );
    const joined = chunks.join("");
    expect(joined.endsWith("data: [DONE]\n\n")).toBe(true);
    const splitInside = chunks.filter((chunk) => !chunk.endsWith("\n\n"));
    expect(splitInside.length).toBeGreaterThan(0);
    const twin = await start({ seed: 5 });
    const again = await rawChunks(
      twin.port,
      "/ondemand/infer_request/chat/completions",
      request,
      twin.credentials.ondemand.apiToken,
    );
    expect(again.map((c) => c.length)).toEqual(chunks.map((c) => c.length));
  });

  it("listens on a given port, validates options and closes idempotently", async () => {
    await expect(startSimulator({ port: -1 })).rejects.toThrow(/port must be an integer/);
    await expect(startSimulator({ timing: { jobMs: -5 } })).rejects.toThrow(/timing\.jobMs/);
    // Family options live under options.<family>; a top-level one is refused, not ignored.
    const moved = { capacity: { qwen3: 0 } } as unknown as SimulatorOptions;
    await expect(startSimulator(moved)).rejects.toThrow(
      /unknown option "capacity"; options of one API family go under its name \(options\.<family>, family one of ondemand/,
    );
    await expect(startSimulator({ ondemand: { capacity: { qwen3: -1 } } })).rejects.toThrow(
      /startSimulator: ondemand\.capacity\.qwen3 must be an integer >= 0/,
    );
    const notAnObject = { ondemand: "urls" } as unknown as SimulatorOptions;
    await expect(startSimulator(notAnObject)).rejects.toThrow(
      /ondemand must be an object of ondemand options/,
    );
    const sim = await startSimulator({ seed: 3 });
    expect(sim.seed).toBe(3);
    const again = await startSimulator({ port: 0 });
    expect(again.port).not.toBe(sim.port);
    await Promise.all([sim.close(), sim.close(), again.close()]);
    await expect(fetch(sim.url)).rejects.toThrow();
  });
});
