import { afterEach, describe, expect, it } from "vitest";
import { createManualClock } from "../../clock.js";
import { startSimulator } from "../../server.js";
import {
  basicAuth,
  controllerCall,
  createDeployment,
  GROUNDING_DINO_TEMPLATE,
  type Json,
} from "../../testing/controller-calls.js";
import type { Simulator, SimulatorOptions } from "../../types.js";
import { HOUR_MS } from "./deployment.js";

const running: Simulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

async function start(options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator({ seed: 7, ...options });
  running.push(sim);
  return sim;
}

const listPath = (sim: Simulator, style = "deployment") =>
  `/${style}/list?project_id=${sim.credentials.controller.projectId}`;

describe("simulated deployments", () => {
  it("go Pending -> Deploying -> Running on the simulated clock, and their endpoint follows", async () => {
    const clock = createManualClock(0);
    const sim = await start({ clock, timing: { warmupStepMs: 1000 } });
    const created = await createDeployment(sim);
    expect(created.EndpointStatus).toBe("Pending");
    expect(created.Endpoint).toBe(`${sim.baseUrls.inference}/${created.Name}-${created.Suffix}`);
    const statuses: string[] = [];
    const answers: number[] = [];
    // The DeepSeek template's warm-up: 404, 503, 500, then ready.
    for (let step = 0; step < 4; step++) {
      const [listed] = (await controllerCall(sim, listPath(sim))).json.body as Json[];
      statuses.push(String(listed?.EndpointStatus));
      const models = await fetch(`${created.Endpoint}/v1/models`, {
        headers: basicAuth("tester", "tester-password"),
      });
      answers.push(models.status);
      clock.advance(1000);
    }
    expect(statuses).toEqual(["Pending", "Deploying", "Deploying", "Running"]);
    expect(answers).toEqual([404, 503, 500, 200]);
  });

  it("bill price_hour per started hour of running time, stop pausing and delete ending the bill", async () => {
    const clock = createManualClock(0);
    const sim = await start({ clock, balanceUsd: 10 });
    const created = await createDeployment(sim, { vm_id: "vm_ga1" });
    const handle = `/deployment/1/${created.Suffix}`;
    const project = `?project_id=${sim.credentials.controller.projectId}`;
    const balance = async () => {
      const answer = await controllerCall(sim, `platform:/balance?orgID=${sim.credentials.controller.orgId}`);
      return ((answer.json.body as Json).balances as Json[])[0]?.balance;
    };
    expect(await balance()).toBe(8.21); // the first hour of vm_ga1 (1.79 USD) is charged at creation
    clock.advance(HOUR_MS + 1);
    expect(await balance()).toBe(6.42);
    expect((await controllerCall(sim, `${handle}/stop${project}`, { method: "PUT" })).status).toBe(200);
    clock.advance(5 * HOUR_MS);
    expect(await balance()).toBe(6.42);
    expect((await controllerCall(sim, `${handle}/start${project}`, { method: "POST" })).status).toBe(200);
    expect(sim.families.controller.deployments()[0]?.status).toBe("Pending");
    clock.advance(HOUR_MS);
    expect(await balance()).toBe(4.63);
    expect((await controllerCall(sim, `${handle}${project}`, { method: "DELETE" })).status).toBe(200);
    clock.advance(10 * HOUR_MS);
    expect(await balance()).toBe(4.63);
    expect(sim.state.spentUsd()).toBe(5.37);
    expect(sim.families.controller.deployments()[0]).toMatchObject({ status: "Deleted", costUsd: 5.37 });
    const gone = await fetch(`${created.Endpoint}/v1/models`, {
      headers: basicAuth("tester", "tester-password"),
    });
    expect(gone.status).toBe(404);
  });

  it("refuse a create the balance cannot pay an hour of, before anything is created", async () => {
    const sim = await start({ balanceUsd: 1 });
    const answer = await controllerCall(sim, "/deployment", {
      body: {
        project_id: sim.credentials.controller.projectId,
        deployment_template_id: GROUNDING_DINO_TEMPLATE,
        vm_id: "vm_gh200x1",
      },
    });
    expect(answer.status).toBe(402);
    expect(answer.json.message).toMatch(/insufficient balance/);
    expect((await controllerCall(sim, listPath(sim))).json.body).toEqual([]);
  });

  it("answer the real 403 to another project id on every project-scoped route, and need a key", async () => {
    const sim = await start();
    const other = "prj_notmyproject";
    const paths = [
      `/deployment/list?project_id=${other}`,
      `/deployment_template/list_custom_templates?project_id=${other}`,
      `/cluster/list?project_id=${other}`,
      `/volume/claim?projectId=${other}`,
      `platform:/project/${other}`,
    ];
    for (const path of paths) {
      const answer = await controllerCall(sim, path);
      expect(answer.status, path).toBe(403);
      expect(answer.json).toEqual({ status: "error", message: "You are not allowed to perform this action" });
    }
    const create = await controllerCall(sim, "/deployment", {
      body: { project_id: other, vm_id: "vm_gt1", container_image: "nginx" },
    });
    expect(create.status).toBe(403);
    expect((await controllerCall(sim, listPath(sim), { apiKey: null })).status).toBe(401);
    expect((await controllerCall(sim, "platform:/resource/vm/list", { apiKey: null })).status).toBe(200);
  });

  it("serve only the route style and stop/start method they are told to", async () => {
    for (const [routeStyle, served, missing] of [
      ["singular", "deployment", "deployments"],
      ["plural", "deployments", "deployment"],
    ] as const) {
      const sim = await start({ controller: { routeStyle, lifecycleMethod: "PUT" } });
      const created = await createDeployment(sim);
      const project = `?project_id=${sim.credentials.controller.projectId}`;
      expect((await controllerCall(sim, listPath(sim, served))).status).toBe(200);
      expect((await controllerCall(sim, listPath(sim, missing))).status).toBe(404);
      const stopPath = `/${served}/1/${created.Suffix}/stop${project}`;
      const byPost = await controllerCall(sim, stopPath, { method: "POST" });
      expect(byPost.status).toBe(405);
      expect(byPost.headers.get("allow")).toBe("PUT");
      expect((await controllerCall(sim, stopPath, { method: "PUT" })).status).toBe(200);
      expect(
        (await controllerCall(sim, `/${missing}/1/${created.Suffix}${project}`, { method: "DELETE" })).status,
      ).toBe(404);
      expect(
        (await controllerCall(sim, `/${served}/1/${created.Suffix}${project}`, { method: "DELETE" })).status,
      ).toBe(200);
    }
  });

  it("answer a create in the shape they are told to", async () => {
    const bare = await start({ controller: { createShape: "bare" } });
    const bareAnswer = await controllerCall(bare, "/deployment", {
      body: {
        project_id: bare.credentials.controller.projectId,
        deployment_template_id: GROUNDING_DINO_TEMPLATE,
        vm_id: "vm_gt1",
      },
    });
    expect(bareAnswer.json).toMatchObject({ Shard: 1, TemplateName: "Grounding Dino", AuthUsername: null });
    const text = await start({ controller: { createShape: "string" } });
    const textAnswer = await controllerCall(text, "/deployment", {
      body: {
        project_id: text.credentials.controller.projectId,
        deployment_template_id: GROUNDING_DINO_TEMPLATE,
        vm_id: "vm_gt1",
      },
    });
    const [listed] = (await controllerCall(text, listPath(text))).json.body as Json[];
    expect(textAnswer.json).toEqual({ status: "success", body: `Deployment created: ${listed?.Endpoint}` });
  });

  it("filter the list by template_name and repeated not_template_name", async () => {
    const sim = await start();
    await createDeployment(sim);
    await createDeployment(sim, {
      deployment_template_id: "img_jupyternotebookprototype00",
      auth_username: undefined,
      auth_password: undefined,
    });
    const names = async (query: string) =>
      ((await controllerCall(sim, `${listPath(sim)}${query}`)).json.body as Json[]).map(
        (item) => item.TemplateName,
      );
    expect(await names("&template_name=Jupyter%20Notebook")).toEqual(["Jupyter Notebook"]);
    expect(await names("&not_template_name=Jupyter%20Notebook&not_template_name=GPU%20Node")).toEqual([
      "DeepSeek R1 Distill Qwen 7B",
    ]);
  });

  it("refuse options the simulator does not know, naming them", async () => {
    await expect(startSimulator({ controller: { routeStyle: "sideways" as "both" } })).rejects.toThrow(
      /controller\.routeStyle must be "singular", "plural" or "both"/,
    );
    await expect(startSimulator({ controller: { warmup: [200] } })).rejects.toThrow(/controller\.warmup/);
  });
});
