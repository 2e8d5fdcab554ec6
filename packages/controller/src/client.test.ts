/**
 * The client against a fake controller and platform API on 127.0.0.1 (real HTTP, no mocks).
 */
import {
  createBudgetGuard,
  ThetaApiError,
  ThetaBudgetError,
  ThetaConfigError,
  ThetaConnectionError,
  ThetaDryRunError,
  ThetaValidationError,
} from "@theta/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  CONTROLLER_ACCEPT,
  CONTROLLER_USER_AGENT,
  type ControllerClientOptions,
  createControllerClient,
  PROJECT_MISMATCH,
} from "./index.js";
import { type FakeController, startFakeController } from "./testing/fake-controller.js";

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

function client(options: ControllerClientOptions = {}) {
  return createControllerClient({
    baseUrl: fake.controllerUrl,
    baseUrls: { platform: fake.platformUrl },
    apiKey: fake.apiKey,
    projectId: fake.projectId,
    orgId: fake.orgId,
    allowInsecureLoopback: true,
    env: {},
    retryBackoffMs: 25,
    ...options,
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

const grounding = { deployment_template_id: "img_grounding", vm_id: "vm_gt1" } as const;

describe("configuration and ids", () => {
  it.each([
    ["abc123", "does not start with prj_"],
    ["prj_abc/../other", 'contains "/"'],
    ["prj_abc?x=1", 'contains "?"'],
    ["prj_abc#frag", 'contains "#"'],
    ["prj_abc def", "contains whitespace"],
    ["prj_abc.def", "letters and digits"],
  ])(
    "refuses the projectId option %j at construction, naming the option and the variable",
    (projectId, problem) => {
      const error = (() => {
        try {
          client({ projectId });
        } catch (caught) {
          return caught;
        }
        throw new Error("expected construction to fail");
      })();
      expect(ThetaValidationError.isInstance(error)).toBe(true);
      expect((error as ThetaValidationError).field).toBe("projectId");
      expect((error as Error).message).toContain("THETA_EC_PROJECT_ID");
      expect((error as Error).message).toContain(problem);
      expect(fake.requests).toHaveLength(0);
    },
  );

  it("refuses a malformed project id from the environment before any request", async () => {
    const c = createControllerClient({
      baseUrl: fake.controllerUrl,
      allowInsecureLoopback: true,
      env: { THETA_EC_API_KEY: fake.apiKey, THETA_EC_PROJECT_ID: "prj_x/y" },
    });
    const error = await rejection(c.deployments.list());
    expect(ThetaValidationError.isInstance(error)).toBe(true);
    expect((error as ThetaValidationError).field).toBe("projectId");
    expect((error as Error).message).toContain("projectId (THETA_EC_PROJECT_ID)");
    expect(fake.requests).toHaveLength(0);
  });

  it("refuses a malformed organization id, naming orgId and THETA_ORG_ID", async () => {
    expect(() => client({ orgId: "prj_wrongkind" })).toThrow(
      /orgId \(THETA_ORG_ID\) does not start with org_/,
    );
    const c = createControllerClient({
      baseUrl: fake.controllerUrl,
      baseUrls: { platform: fake.platformUrl },
      allowInsecureLoopback: true,
      env: { THETA_EC_API_KEY: fake.apiKey, THETA_ORG_ID: "org_a b" },
    });
    const error = await rejection(c.billing.balance());
    expect(ThetaValidationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("THETA_ORG_ID");
    expect(fake.requests).toHaveLength(0);
  });

  it("reads key, project and organization from the environment", async () => {
    const c = createControllerClient({
      allowInsecureLoopback: true,
      env: {
        THETA_EC_API_KEY: fake.apiKey,
        THETA_EC_PROJECT_ID: fake.projectId,
        THETA_ORG_ID: fake.orgId,
        THETA_CONTROLLER_BASE_URL: `${fake.controllerUrl}/`,
        THETA_PLATFORM_API_BASE_URL: fake.platformUrl,
      },
    });
    expect(c.baseUrl).toBe(fake.controllerUrl);
    expect(await c.deployments.list()).toEqual([]);
    expect((await c.billing.balanceSnapshot()).balance).toBe(41.5);
  });

  it("refuses calls without a key before sending, but lists VM types without one", async () => {
    const c = client({ apiKey: undefined });
    const error = await rejection(c.deployments.list());
    expect(ThetaConfigError.isInstance(error)).toBe(true);
    expect((error as ThetaConfigError).code).toBe("missing_credential");
    expect((error as Error).message).toContain("THETA_EC_API_KEY");
    expect(fake.requests).toHaveLength(0);
    const vmTypes = await c.vmTypes.list();
    expect(vmTypes.map((vmType) => vmType.id)).toEqual(["vm_gt1", "vm_ga1", "vm_c1"]);
    expect(fake.requests[0]?.headers["x-api-key"]).toBeUndefined();
  });

  it("sends a browser-like User-Agent and a browser Accept header to both hosts, and the key", async () => {
    const c = client();
    await c.deployments.list();
    await c.billing.balance();
    expect(fake.requests.map((request) => request.host)).toEqual(["controller", "platform"]);
    for (const request of fake.requests) {
      expect(request.headers["user-agent"]).toBe(CONTROLLER_USER_AGENT);
      expect(request.headers["user-agent"]).toMatch(/^Mozilla\/5\.0 /);
      expect(request.headers.accept).toBe(CONTROLLER_ACCEPT);
      expect(request.headers.accept).toBe("application/json, text/plain, */*");
      expect(request.headers["x-api-key"]).toBe(fake.apiKey);
    }
  });

  it("keeps a userAgent option", async () => {
    await client({ userAgent: "my-app/1.0" }).deployments.list();
    expect(fake.requests[0]?.headers["user-agent"]).toBe("my-app/1.0");
  });
});

describe("project and key mismatch", () => {
  it("turns the 'not allowed' 403 into project_mismatch saying how to fix it", async () => {
    const c = client({ projectId: "prj_someoneelse" });
    const error = await rejection(c.deployments.list());
    expect(ThetaApiError.isInstance(error)).toBe(true);
    const apiError = error as ThetaApiError;
    expect(apiError.status).toBe(403);
    expect(apiError.code).toBe(PROJECT_MISMATCH);
    expect(apiError.code).toBe("project_mismatch");
    expect(apiError.message).toContain("You are not allowed to perform this action");
    expect(apiError.message).toContain("The API key and the project id do not match");
    expect(apiError.message).toContain("Use an API key created in that project");
    expect(apiError.message).toContain("THETA_EC_PROJECT_ID");
    expect(apiError.message).not.toContain(fake.apiKey);
  });

  it("explains the organization variant on the balance", async () => {
    const error = await rejection(client({ orgId: "org_other" }).billing.balance());
    expect((error as ThetaApiError).status).toBe(403);
    expect((error as Error).message).toContain("THETA_ORG_ID");
  });

  it("leaves a Cloudflare 403 alone", async () => {
    fake.intercept((_request, res) => {
      res.writeHead(403, { "content-type": "text/plain" });
      res.end("error code: 1010");
      return true;
    });
    const error = await rejection(client().deployments.list());
    expect((error as ThetaApiError).code).toBe("forbidden");
    expect((error as Error).message).toContain("User-Agent");
  });
});

describe("deployments", () => {
  it("lists with template_name and repeated not_template_name, and the three views", async () => {
    const c = client();
    await c.deployments.create(grounding);
    await c.deployments.create({
      deployment_template_id: "img_jupyter",
      vm_id: "vm_gt1",
      password: "pw123456",
    });
    fake.requests.length = 0;

    const dedicated = await c.deployments.listDedicated();
    expect(dedicated.map((deployment) => deployment.templateName)).toEqual(["Grounding Dino"]);
    expect(fake.requests[0]?.query.getAll("not_template_name")).toEqual(["Jupyter Notebook", "GPU Node"]);
    expect(fake.requests[0]?.query.get("project_id")).toBe(fake.projectId);

    const jupyter = await c.deployments.listJupyter();
    expect(jupyter.map((deployment) => deployment.suffix)).toEqual(["abc2"]);
    expect(fake.requests[1]?.query.get("template_name")).toBe("Jupyter Notebook");
    expect(await c.deployments.listGpuNodes()).toEqual([]);

    const listed = await c.deployments.list({
      templateName: "Grounding Dino",
      notTemplateNames: ["GPU Node"],
    });
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ shard: "1", suffix: "abc1", baseId: "base1", status: "Pending" });
  });

  it.each(["envelope", "bare"] as const)(
    "normalizes the PascalCase create answer (%s)",
    async (createShape) => {
      fake.options = { createShape };
      const handle = await client().deployments.create({
        ...grounding,
        auth_username: "openclaw_1",
        auth_password: "s3cret-pass-word",
      });
      expect(handle).toMatchObject({
        shard: "1",
        suffix: "abc1",
        baseId: "base1",
        endpoint: "https://mydeploy-abc1.tec-s1.onthetaedgecloud.com",
        status: "Pending",
        auth: { username: "openclaw_1", password: "s3cret-pass-word" },
      });
      expect(handle.handleFromEndpoint).toBeUndefined();
      expect(fake.requests.at(-1)?.body).toMatchObject({ project_id: fake.projectId, vm_id: "vm_gt1" });
    },
  );

  it("normalizes the 2024 create answer (a body string with the endpoint URL)", async () => {
    fake.options = { createShape: "string" };
    const handle = await client().deployments.create({
      ...grounding,
      auth_username: "u1",
      auth_password: "p1p1p1p1",
    });
    expect(handle).toMatchObject({
      endpoint: "https://mydeploy-abc1.tec-s1.onthetaedgecloud.com",
      shard: "1",
      suffix: "abc1",
      handleFromEndpoint: true,
      auth: { username: "u1", password: "p1p1p1p1" },
      raw: "Deployment created: https://mydeploy-abc1.tec-s1.onthetaedgecloud.com",
    });
    // The inferred handle addresses the deployment.
    await client().deployments.delete(handle);
    expect(fake.deployments.size).toBe(0);
  });

  it("checks the create body before sending", async () => {
    const c = client();
    const missingImage = await rejection(c.deployments.create({ vm_id: "vm_gt1" }));
    expect((missingImage as ThetaValidationError).field).toBe("deployment_template_id");
    const badVm = await rejection(c.deployments.create({ ...grounding, vm_id: "gt1" }));
    expect((badVm as ThetaValidationError).field).toBe("vm_id");
    const halfAuth = await rejection(c.deployments.create({ ...grounding, auth_username: "u" }));
    expect((halfAuth as ThetaValidationError).field).toBe("auth_password");
    expect(fake.requests).toHaveLength(0);
  });

  it("stops, starts and deletes on the singular routes with PUT, path segments checked", async () => {
    const c = client();
    const handle = await c.deployments.create(grounding);
    const stopped = await c.deployments.stop(handle);
    expect(stopped).toMatchObject({ operationId: "stopDeployment", method: "PUT", answer: undefined });
    expect(fake.deployments.get("abc1")?.EndpointStatus).toBe("Stopped");
    await c.deployments.start({ shard: 1, suffix: "abc1" });
    expect(fake.deployments.get("abc1")?.EndpointStatus).toBe("Running");
    const deleted = await c.deployments.delete(handle);
    expect(deleted).toMatchObject({ operationId: "deleteDeployment", answer: { status: "success" } });
    expect(fake.requests.at(-1)).toMatchObject({ method: "DELETE", path: "/deployment/1/abc1" });

    const before = fake.requests.length;
    for (const bad of [
      { shard: "1", suffix: "abc/../x" },
      { shard: "1/2", suffix: "abc" },
      { suffix: "abc" },
    ]) {
      const error = await rejection(c.deployments.stop(bad));
      expect(ThetaValidationError.isInstance(error)).toBe(true);
    }
    expect(fake.requests.length).toBe(before);
  });

  it("blocks create and lifecycle calls under dry-run, with no key needed", async () => {
    const c = client({ dryRun: true, apiKey: undefined });
    const error = await rejection(c.deployments.create(grounding));
    expect(ThetaDryRunError.isInstance(error)).toBe(true);
    expect((error as ThetaDryRunError).plan).toMatchObject({
      operationId: "createDeployment",
      billable: true,
    });
    expect(
      ThetaDryRunError.isInstance(await rejection(c.deployments.delete({ shard: 1, suffix: "abc1" }))),
    ).toBe(true);
    expect(fake.requests).toHaveLength(0);
  });
});

describe("route fallback", () => {
  it("falls back to the plural routes on 404 and remembers them", async () => {
    fake.options = { routeStyle: "plural" };
    const c = client();
    const handle = await c.deployments.create(grounding);
    fake.requests.length = 0;
    expect(await c.deployments.list()).toHaveLength(1);
    expect(fake.requests.map((request) => request.path)).toEqual(["/deployment/list", "/deployments/list"]);
    fake.requests.length = 0;
    await c.deployments.list();
    expect(fake.requests.map((request) => request.path)).toEqual(["/deployments/list"]);

    fake.requests.length = 0;
    const deleted = await c.deployments.delete(handle);
    expect(deleted.operationId).toBe("deleteDeploymentPlural");
    expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      "DELETE /deployment/1/abc1",
      "DELETE /deployments/1/abc1",
    ]);
    expect(c.knownRoutes()).toMatchObject({
      list: { operationId: "listDeploymentsPlural", style: "plural" },
      delete: { operationId: "deleteDeploymentPlural" },
    });
  });

  it("tries POST after a 405 on PUT and remembers it", async () => {
    fake.options = { lifecycleMethods: ["POST"] };
    const c = client();
    const handle = await c.deployments.create(grounding);
    fake.requests.length = 0;
    expect((await c.deployments.stop(handle)).operationId).toBe("stopDeploymentByPost");
    expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      "PUT /deployment/1/abc1/stop",
      "POST /deployment/1/abc1/stop",
    ]);
    fake.requests.length = 0;
    await c.deployments.stop(handle);
    expect(fake.requests.map((request) => request.method)).toEqual(["POST"]);
  });

  it("goes plural and POST when only those answer", async () => {
    fake.options = { routeStyle: "plural", lifecycleMethods: ["POST"] };
    const c = client();
    const handle = await c.deployments.create(grounding);
    fake.requests.length = 0;
    expect((await c.deployments.start(handle)).operationId).toBe("startDeploymentPluralByPost");
    expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      "PUT /deployment/1/abc1/start",
      "PUT /deployments/1/abc1/start",
      "POST /deployments/1/abc1/start",
    ]);
  });

  it("throws the resource's 404 from a remembered route without trying the others", async () => {
    const c = client();
    const handle = await c.deployments.create(grounding);
    await c.deployments.delete(handle);
    fake.requests.length = 0;
    const error = await rejection(c.deployments.delete(handle));
    expect((error as ThetaApiError).status).toBe(404);
    expect((error as Error).message).toContain("deployment not found");
    expect(fake.requests).toHaveLength(1);
  });

  it("reports which list routes answer in routeProbe()", async () => {
    fake.options = { routeStyle: "plural" };
    const c = client();
    const report = await c.deployments.routeProbe();
    expect(report.list).toEqual([
      expect.objectContaining({
        operationId: "listDeployments",
        answered: false,
        status: 404,
        code: "not_found",
      }),
      expect.objectContaining({ operationId: "listDeploymentsPlural", answered: true, status: 200 }),
    ]);
    expect(report.remembered.list?.operationId).toBe("listDeploymentsPlural");
    expect(fake.requests.every((request) => request.method === "GET")).toBe(true);
  });
});

describe("spend cap", () => {
  it("needs expectedHours when a budget guard is set, before sending anything", async () => {
    const c = client({ budget: createBudgetGuard({ capUsd: 5 }) });
    const error = await rejection(c.deployments.create(grounding));
    expect((error as ThetaValidationError).field).toBe("expectedHours");
    expect((error as Error).message).toContain("bills by the hour");
    expect(fake.requests).toHaveLength(0);
  });

  it("reserves price_hour x hours x replicas and settles it when the create answers", async () => {
    const budget = createBudgetGuard({ capUsd: 5 });
    const c = client({ budget });
    await c.deployments.create({ ...grounding, max_replicas: 2 }, { expectedHours: 3 });
    expect(await budget.snapshot()).toMatchObject({ spentUsd: 3, reservedUsd: 0 });
    // The VM catalog was read for the price, then the create sent.
    expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      "GET /resource/vm/list",
      "POST /deployment",
    ]);
  });

  it("refuses a create over the cap without sending it", async () => {
    const budget = createBudgetGuard({ capUsd: 5 });
    const c = client({ budget });
    const error = await rejection(
      c.deployments.create(
        { deployment_template_id: "img_grounding", vm_id: "vm_ga1" },
        { expectedHours: 3 },
      ),
    );
    expect(ThetaBudgetError.isInstance(error)).toBe(true);
    expect((error as ThetaBudgetError).estimateUsd).toBeCloseTo(6.75);
    expect(fake.requests.some((request) => request.method === "POST")).toBe(false);
    expect(await budget.snapshot()).toMatchObject({ spentUsd: 0, reservedUsd: 0 });
  });

  it("uses hourlyPriceUsd when given, and asks for it when the catalog has no price", async () => {
    const budget = createBudgetGuard({ capUsd: 5 });
    const c = client({ budget });
    const noPrice = await rejection(
      c.deployments.create({ container_image: "nginx:latest", vm_id: "vm_c1" }, { expectedHours: 1 }),
    );
    expect((noPrice as ThetaValidationError).field).toBe("hourlyPriceUsd");
    expect(fake.requests.some((request) => request.method === "POST")).toBe(false);
    await c.deployments.create(
      { container_image: "nginx:latest", vm_id: "vm_c1" },
      { expectedHours: 2, hourlyPriceUsd: 0.1 },
    );
    expect((await budget.snapshot()).spentUsd).toBeCloseTo(0.2);
  });

  it("releases the reservation when the answer proves nothing was created", async () => {
    const budget = createBudgetGuard({ capUsd: 5 });
    fake.intercept((request, res) => {
      if (request.method !== "POST") return false;
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: "error", message: "quota exceeded for vm_gt1" }));
      return true;
    });
    const error = await rejection(client({ budget }).deployments.create(grounding, { expectedHours: 1 }));
    expect((error as ThetaApiError).status).toBe(400);
    expect(await budget.snapshot()).toMatchObject({ spentUsd: 0, reservedUsd: 0 });
  });

  it("reserves nothing without a guard", async () => {
    const handle = await client().deployments.create(grounding);
    expect(handle.suffix).toBe("abc1");
  });
});

describe("a reset after the create was sent", () => {
  it("is not re-sent, says the outcome is unknown and to list deployments, and keeps the money booked", async () => {
    const budget = createBudgetGuard({ capUsd: 5 });
    fake.intercept((request, res) => {
      if (request.method !== "POST") return false;
      res.socket?.destroy();
      return true;
    });
    const c = client({ budget, maxRetries: 3 });
    const error = await rejection(c.deployments.create(grounding, { expectedHours: 2 }));
    expect(ThetaConnectionError.isInstance(error)).toBe(true);
    expect((error as ThetaConnectionError).outcome).toBe("unknown");
    expect((error as Error).message).toContain("outcome is unknown");
    expect((error as Error).message).toContain("List deployments");
    expect(fake.requests.filter((request) => request.method === "POST")).toHaveLength(1);
    expect(await budget.snapshot()).toMatchObject({ spentUsd: 1, reservedUsd: 0 });
  });
});

describe("templates, VM types, clusters, volumes, balance, projects", () => {
  it("lists templates with paging and a numeric total", async () => {
    const c = client();
    const page = await c.templates.listStandard({ category: "serving", page: 0, number: 5 });
    expect(page).toMatchObject({ totalCount: 1, page: 0, number: 5 });
    expect(page.templates[0]?.name).toBe("Grounding Dino");
    expect(fake.requests[0]?.query.toString()).toBe("page=0&number=5&category=serving");
    expect((await c.templates.listCustom()).templates).toEqual([]);
    expect(fake.requests[1]?.query.get("project_id")).toBe(fake.projectId);
    expect(ThetaValidationError.isInstance(await rejection(c.templates.deleteCustom("img_a/b")))).toBe(true);
  });

  it("reads price_hour as a number, from an array body or an object holding one", async () => {
    const listed = await client().vmTypes.list();
    expect(listed.map((vmType) => vmType.priceHourUsd)).toEqual([0.5, 2.25, undefined]);
    fake.options = { vmListBody: { vms: [{ id: "vm_gh200x1", price_hour: 4 }] } };
    expect(await client().vmTypes.find("vm_gh200x1")).toMatchObject({ priceHourUsd: 4 });
  });

  it("lists clusters and volume claims (camelCase projectId)", async () => {
    const c = client();
    expect((await c.clusters.list()).items).toEqual([{ id: "cluster_1" }]);
    const volumes = await c.volumes.list();
    expect(volumes.items).toEqual([{ name: "claim-1", size: "10Gi" }]);
    expect(fake.requests[1]?.query.toString()).toBe(`projectId=${fake.projectId}&page=1&number=20`);
  });

  it("reads the balance raw and as a number", async () => {
    const c = client();
    expect(await c.billing.balance()).toEqual({ balances: [{ org_id: fake.orgId, balance: 41.5 }] });
    const snapshot = await c.billing.balanceSnapshot();
    expect(snapshot).toMatchObject({ orgId: fake.orgId, balance: 41.5 });
    expect(fake.requests[0]?.query.get("orgID")).toBe(fake.orgId);
  });

  it("gets, renames and manages the members of the project", async () => {
    const c = client();
    expect((await c.projects.get()).name).toBe("Project X");
    expect((await c.projects.rename("Project Z")).name).toBe("Project Z");
    expect((await c.projects.members()).map((member) => member.id)).toEqual(["usr_member1"]);
    expect(await c.projects.addMember("usr_new1", "viewer")).toMatchObject({
      id: "usr_new1",
      role: "viewer",
    });
    await c.projects.disableMember("usr_new1");
    expect((await c.projects.enableMember("usr_new1")).disabled).toBe(false);
    expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      `GET /project/${fake.projectId}`,
      `PUT /project/${fake.projectId}`,
      `GET /project/${fake.projectId}/users`,
      `POST /project/${fake.projectId}/user`,
      `DELETE /project/${fake.projectId}/user/usr_new1`,
      `PUT /project/${fake.projectId}/user/usr_new1/enable`,
    ]);
    const badRole = await rejection(c.projects.addMember("usr_new1", "owner" as "admin"));
    expect((badRole as ThetaValidationError).field).toBe("role");
  });
});
