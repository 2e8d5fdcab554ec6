/**
 * `theta.health`: configured families are probed (the families' own capability probes), the others
 * listed; a refused key makes it unhealthy. Against the simulator (every family) and the controller
 * package's loopback fake (refusals, an unreachable host).
 */
import { type Simulator, simulatorEnv, startSimulator } from "@theta/simulator";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { executeCommand } from "../registry.js";
import {
  type FakeController,
  fakeControllerContext,
  startFakeController,
} from "../testing/fake-controller-settings.js";

let fake: FakeController;
let sim: Simulator;
beforeAll(async () => {
  fake = await startFakeController();
  sim = await startSimulator({ quiet: true, seed: 11 });
});
afterAll(async () => {
  await fake?.close();
  await sim?.close();
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
  it("probes every configured family with reads only", async () => {
    const before = sim.state.log().length;
    const health = (await executeCommand("theta.health", {}, { env: simulatorEnv(sim) })) as Health;
    expect(health).toMatchObject({
      healthy: true,
      families: [
        { family: "ondemand", reachable: true, authenticated: true },
        { family: "controller", reachable: true, authenticated: true },
        { family: "agents", reachable: true, authenticated: true },
        { family: "inference", reachable: true, authenticated: true },
      ],
      notConfigured: [],
    });
    const probes = sim.state.log().slice(before);
    expect(probes.length).toBeGreaterThan(0);
    expect(probes.every((entry) => entry.method === "GET")).toBe(true);
  });

  it("lists the families that are not configured", async () => {
    const health = (await executeCommand("theta.health", {}, fakeControllerContext(fake))) as Health;
    expect(health.notConfigured).toEqual(["ondemand", "inference"]);
    expect(health.families[0]).toMatchObject({ family: "controller", reachable: true, authenticated: true });
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
    expect(health).toMatchObject({
      healthy: false,
      families: [],
      notConfigured: ["ondemand", "controller", "agents", "inference"],
    });
  });
});
