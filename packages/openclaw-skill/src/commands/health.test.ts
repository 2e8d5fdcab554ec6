/**
 * `theta.health` against the controller package's loopback fake: configured families are probed (the
 * families' own capability probes), the others listed; a refused key makes it unhealthy.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { executeCommand } from "../registry.js";
import {
  type FakeController,
  fakeControllerContext,
  startFakeController,
} from "../testing/fake-controller-settings.js";

let fake: FakeController;
beforeAll(async () => {
  fake = await startFakeController();
});
afterAll(async () => {
  await fake?.close();
});
afterEach(() => {
  fake.reset();
});

interface Health {
  healthy: boolean;
  families: { family: string; reachable: boolean | null; authenticated: boolean | null; notes: string }[];
  notConfigured: string[];
  summary: string;
}

describe("theta.health", () => {
  it("probes every configured family and lists the others", async () => {
    const health = (await executeCommand("theta.health", {}, fakeControllerContext(fake))) as Health;
    expect(health).toMatchObject({
      healthy: true,
      families: [{ family: "controller", reachable: true, authenticated: true }],
      notConfigured: ["ondemand"],
    });
    expect(fake.requests.every((request) => request.method === "GET")).toBe(true);
  });

  it("is unhealthy when a configured family refuses its key, and says which", async () => {
    const health = (await executeCommand(
      "theta.health",
      {},
      fakeControllerContext(fake, { THETA_EC_API_KEY: "not-the-key-0123456789" }),
    )) as Health;
    expect(health.healthy).toBe(false);
    expect(health.families[0]).toMatchObject({ family: "controller", reachable: true, authenticated: false });
    expect(health.summary).toContain("controller");
  });

  it("says it could not reach a family whose host does not answer", async () => {
    const unreachable = fakeControllerContext(fake, {
      THETA_CONTROLLER_BASE_URL: "http://127.0.0.1:1/controller",
      THETA_HTTP_MAX_RETRIES: "0",
    });
    const health = (await executeCommand("theta.health", {}, unreachable)) as Health;
    expect(health.healthy).toBe(false);
    expect(health.families[0]).toMatchObject({ family: "controller", reachable: null, authenticated: null });
  });

  it("is not healthy when nothing is configured", async () => {
    const health = (await executeCommand("theta.health", {}, { env: {} })) as Health;
    expect(health).toMatchObject({ healthy: false, families: [], notConfigured: ["ondemand", "controller"] });
  });
});
