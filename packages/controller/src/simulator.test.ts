/**
 * The client against the simulator's controller module (real HTTP on 127.0.0.1): the route fallback
 * in both directions and the stop/start method fallback, each against a simulator that serves one
 * style or one method only, a project id that is not the key's, and a create whose answer is lost
 * after the simulator made the deployment.
 */
import { ThetaApiError, ThetaConnectionError } from "@theta/core";
import { type Simulator, type SimulatorOptions, simulatorEnv, startSimulator } from "@theta/simulator";
import { afterEach, describe, expect, it } from "vitest";
import { PROJECT_MISMATCH } from "./access-errors.js";
import { type ControllerClient, createControllerClient } from "./client.js";

const GROUNDING_DINO = "img_qqu31asazaig666jtzp7gjd4pway";

const running: Simulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

async function simulatorWith(controller: SimulatorOptions["controller"]): Promise<Simulator> {
  const sim = await startSimulator({ seed: 21, controller });
  running.push(sim);
  return sim;
}

/** A client configured only from the environment the simulator prints. */
function clientOf(sim: Simulator, projectId?: string): ControllerClient {
  const env = simulatorEnv(sim);
  return createControllerClient({
    env: projectId === undefined ? env : { ...env, THETA_EC_PROJECT_ID: projectId },
  });
}

/** The simulator's request log as `METHOD /server/path`, for the routes the client tried. */
function tried(sim: Simulator, pattern: RegExp): string[] {
  return sim.state
    .log()
    .map((entry) => `${entry.method} /${entry.server}${entry.path}`)
    .filter((line) => pattern.test(line));
}

describe("the controller client against the simulator", () => {
  it("falls back from singular to plural routes when only the plural ones exist, and remembers them", async () => {
    const sim = await simulatorWith({ routeStyle: "plural" });
    const client = clientOf(sim);
    const created = await client.deployments.create({
      deployment_template_id: GROUNDING_DINO,
      vm_id: "vm_gt1",
    });
    expect((await client.deployments.list()).map((deployment) => deployment.suffix)).toEqual([
      created.suffix,
    ]);
    expect(client.knownRoutes().list?.operationId).toBe("listDeploymentsPlural");
    await client.deployments.list();
    expect(tried(sim, /\/deployments?\/list/)).toEqual([
      "GET /controller/deployment/list",
      "GET /controller/deployments/list",
      "GET /controller/deployments/list",
    ]);
    const deleted = await client.deployments.delete(created);
    expect(deleted.operationId).toBe("deleteDeploymentPlural");
    expect(await client.deployments.list()).toEqual([]);
  });

  it("stays on singular routes when only they exist, and the probe reports the plural one missing", async () => {
    const sim = await simulatorWith({ routeStyle: "singular" });
    const client = clientOf(sim);
    const created = await client.deployments.create({
      deployment_template_id: GROUNDING_DINO,
      vm_id: "vm_gt1",
    });
    expect((await client.deployments.stop(created)).operationId).toBe("stopDeployment");
    expect((await client.deployments.delete(created)).operationId).toBe("deleteDeployment");
    expect(tried(sim, /\/controller\/deployments\//)).toEqual([]);
    const probe = await client.deployments.routeProbe();
    expect(probe.list.map((entry) => [entry.operationId, entry.answered, entry.status])).toEqual([
      ["listDeployments", true, 200],
      ["listDeploymentsPlural", false, 404],
    ]);
    expect(probe.remembered.list?.operationId).toBe("listDeployments");
  });

  for (const routeStyle of ["singular", "plural"] as const) {
    it(`falls back from PUT to POST for stop and start when the ${routeStyle} routes take POST only`, async () => {
      const sim = await simulatorWith({ routeStyle, lifecycleMethod: "POST" });
      const client = clientOf(sim);
      const created = await client.deployments.create({
        deployment_template_id: GROUNDING_DINO,
        vm_id: "vm_gt1",
      });
      const stopped = await client.deployments.stop(created);
      expect([stopped.method, stopped.path]).toEqual([
        "POST",
        routeStyle === "singular"
          ? "/deployment/{shard}/{suffix}/stop"
          : "/deployments/{shard}/{suffix}/stop",
      ]);
      expect((await client.deployments.list())[0]?.status).toBe("Stopped");
      const started = await client.deployments.start(created);
      expect(started.method).toBe("POST");
      expect((await client.deployments.list())[0]?.status).not.toBe("Stopped");
      const stopAttempts = tried(sim, /\/stop$/).map((line) => line.replace(/\/1\/\w+\//, "/1/<suffix>/"));
      expect(stopAttempts).toEqual(
        routeStyle === "singular"
          ? ["PUT /controller/deployment/1/<suffix>/stop", "POST /controller/deployment/1/<suffix>/stop"]
          : [
              // 404: no singular routes, so the singular POST is not tried either.
              "PUT /controller/deployment/1/<suffix>/stop",
              "PUT /controller/deployments/1/<suffix>/stop",
              "POST /controller/deployments/1/<suffix>/stop",
            ],
      );
      await client.deployments.delete(created);
    });
  }

  it("explains the 403 a project id that is not the key's gets, before and after a create", async () => {
    const sim = await simulatorWith({});
    const client = clientOf(sim, "prj_someoneelsesproject");
    for (const call of [
      () => client.deployments.list(),
      () => client.deployments.create({ deployment_template_id: GROUNDING_DINO, vm_id: "vm_gt1" }),
    ]) {
      const error = await call().then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(ThetaApiError.isInstance(error)).toBe(true);
      expect((error as ThetaApiError).status).toBe(403);
      expect((error as ThetaApiError).code).toBe(PROJECT_MISMATCH);
      expect((error as Error).message).toMatch(/API key and the project id do not match/);
    }
    expect(sim.families.controller.deployments()).toEqual([]);
  });

  it("does not re-send a create whose answer was cut after the deployment was made, and says how to check", async () => {
    const sim = await simulatorWith({});
    // The simulator creates the deployment, then resets the connection half way through the answer.
    sim.faults.add({
      server: "controller",
      method: "POST",
      path: "/deployment",
      action: "reset-mid-response",
    });
    const client = clientOf(sim);
    const error = await client.deployments
      .create({ deployment_template_id: GROUNDING_DINO, vm_id: "vm_gt1" })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(ThetaConnectionError.isInstance(error)).toBe(true);
    expect((error as ThetaConnectionError).outcome).toBe("unknown");
    expect((error as Error).message).toMatch(/outcome is unknown.*List deployments/s);
    expect(sim.state.requestCount("createDeployment")).toBe(1);
    const [left] = await client.deployments.list();
    expect(left?.templateName).toBe("Grounding Dino");
    await client.deployments.delete(left ?? {});
    expect(await client.deployments.list()).toEqual([]);
  });
});
