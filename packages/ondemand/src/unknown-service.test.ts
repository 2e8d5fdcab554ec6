import { ThetaApiError } from "@theta/core";
import { type Simulator, startSimulator } from "@theta/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOndemandClient } from "./index.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 7 });
});
afterAll(async () => {
  await sim?.close();
});

const client = () =>
  createOndemandClient({
    baseUrl: sim.baseUrls.ondemand,
    apiToken: sim.credentials.ondemand.apiToken,
    allowInsecureLoopback: true,
    env: {},
  });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("an unknown service", () => {
  it("is answered 404 by the server, and the error names the close aliases", async () => {
    const error = await rejection(client().infer<string>("fluxx", { prompt: "a lighthouse" }));
    expect(ThetaApiError.isInstance(error)).toBe(true);
    const apiError = error as ThetaApiError;
    expect(apiError.status).toBe(404);
    expect(apiError.retriable).toBe(false);
    expect(apiError.message).toMatch(/no service "fluxx"\. Did you mean "flux"\?/);
  });

  it("with nothing close, says where the aliases are listed", async () => {
    const error = (await rejection(client().infer<string>("zzzzzzzzzzzz", {}))) as ThetaApiError;
    expect(error.status).toBe(404);
    expect(error.message).toMatch(
      /Check the alias: the service list \(services\.list\(\)\) shows every alias/,
    );
  });
});
