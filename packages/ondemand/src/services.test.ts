/**
 * The catalog list is marked with its source (core's `markSource`): the answer text and the filter
 * it was made from, so that what is derived from it (a summary, a model's answer) can be reused
 * while the server answers the same text.
 */
import { sourceOf } from "@theta/core";
import { answerJson, type LoopbackServer, startLoopbackServer } from "@theta/loopback-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOndemandClient } from "./index.js";

let services: Record<string, unknown>[] = [];
let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer((_request, response) => {
    answerJson(response, 200, { status: "success", body: { services } });
  });
});
afterAll(async () => {
  await server?.close();
});

function client() {
  return createOndemandClient({ baseUrl: server.url, allowInsecureLoopback: true, env: {} });
}

describe("services.list marks its list with its source", () => {
  it("the same for the same answer, another for another answer or another category", async () => {
    const catalog = client();
    services = [{ alias: "flux", name: "FLUX.1", predictions: {} }];
    const first = await catalog.services.list();
    const second = await catalog.services.list();
    expect(second).not.toBe(first);
    expect(sourceOf(first)).toBeDefined();
    expect(sourceOf(second)).toBe(sourceOf(first));
    const images = await catalog.services.list({ category: "image" });
    expect(sourceOf(images)).toBeDefined();
    expect(sourceOf(images)).not.toBe(sourceOf(first));
    services = [{ alias: "flux", name: "FLUX.1 [dev]", predictions: {} }];
    expect(sourceOf(await catalog.services.list())).not.toBe(sourceOf(first));
  });
});
