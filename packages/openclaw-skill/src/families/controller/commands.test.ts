/**
 * The controller commands against the controller package's loopback fake (real HTTP on 127.0.0.1):
 * lists and views, the lifecycle through the route fallback, dry-run, the spend cap, and a key that
 * does not belong to the project.
 */
import { PassThrough } from "node:stream";
import {
  createBudgetGuard,
  ThetaApiError,
  ThetaBudgetError,
  ThetaConfigError,
  ThetaValidationError,
} from "@theta/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { EXIT, runCli } from "../../cli-main.js";
import { executeCommand, listCommands } from "../../registry.js";
import {
  type FakeController,
  fakeControllerContext,
  fakeControllerEnv,
  startFakeController,
} from "../../testing/fake-controller-settings.js";

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

const PASSWORD = "basic-pass-7c1e9d04b2";
const grounding = {
  deployment_template_id: "img_grounding",
  vm_id: "vm_gt1",
  auth_username: "demo",
  auth_password: PASSWORD,
};

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the command to fail");
}

async function cli(
  argv: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const stdin = new PassThrough();
  stdin.end();
  const code = await runCli(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    stdin,
    env,
    cwd: "/nonexistent-theta-test-dir",
  });
  return { code, stdout, stderr };
}

type Listed = { count: number; deployments: { shard: string; suffix: string; templateName?: string }[] };

describe("controller reads", () => {
  it("list the deployments, and the dedicated and Jupyter views keep to their templates", async () => {
    await executeCommand("theta.deployments.create", grounding, fakeControllerContext(fake));
    await executeCommand(
      "theta.deployments.create",
      { deployment_template_id: "img_jupyter", vm_id: "vm_gt1", password: PASSWORD },
      fakeControllerContext(fake),
    );
    const all = (await executeCommand("theta.deployments.list", {}, fakeControllerContext(fake))) as Listed;
    expect(all.count).toBe(2);
    const dedicated = (await executeCommand(
      "theta.ai.dedicatedDeployments.list",
      {},
      fakeControllerContext(fake),
    )) as Listed;
    expect(dedicated.deployments.map((deployment) => deployment.templateName)).toEqual(["Grounding Dino"]);
    const jupyter = (await executeCommand(
      "theta.ai.jupyter.list",
      {},
      fakeControllerContext(fake),
    )) as Listed;
    expect(jupyter.deployments.map((deployment) => deployment.templateName)).toEqual(["Jupyter Notebook"]);
    const nodes = (await executeCommand("theta.ai.gpuNode.list", {}, fakeControllerContext(fake))) as Listed;
    expect(nodes.count).toBe(0);
    expect(JSON.stringify([all, dedicated, jupyter])).not.toContain(PASSWORD);
    const filtered = fake.requests.filter((request) => request.path === "/deployment/list");
    expect(filtered.at(-1)?.query.get("template_name")).toBe("GPU Node");
  });

  it("read templates, VM types (without a key), clusters, storage and the balance", async () => {
    const context = fakeControllerContext(fake);
    expect(
      await executeCommand("theta.deployments.listStandard", { category: "serving" }, context),
    ).toMatchObject({
      templates: [{ id: "img_grounding", category: "serving" }],
    });
    expect(await executeCommand("theta.deployments.listCustom", {}, context)).toMatchObject({
      templates: [],
    });
    expect(await executeCommand("theta.ai.gpuCluster.list", {}, context)).toMatchObject({
      count: 1,
      clusters: [{ id: "cluster_1" }],
    });
    expect(await executeCommand("theta.ai.storage.list", {}, context)).toMatchObject({
      count: 1,
      volumes: [{ name: "claim-1" }],
    });
    expect(await executeCommand("theta.billing.balanceSnapshot", {}, context)).toMatchObject({
      orgId: fake.orgId,
      balance: 41.5,
    });
    expect(await executeCommand("theta.billing.balance", {}, context)).toMatchObject({
      balances: [{ org_id: fake.orgId, balance: 41.5 }],
    });
    const { THETA_EC_API_KEY: _key, ...withoutKey } = fakeControllerEnv(fake);
    expect(await executeCommand("theta.deployments.listVm", {}, { env: withoutKey })).toMatchObject({
      count: 3,
      vmTypes: [{ id: "vm_gt1", priceHourUsd: 0.5 }, { id: "vm_ga1", priceHourUsd: 2.25 }, { id: "vm_c1" }],
    });
    const keyless = await rejection(executeCommand("theta.deployments.list", {}, { env: withoutKey }));
    expect(ThetaConfigError.isInstance(keyless)).toBe(true);
    expect((keyless as Error).message).toContain("THETA_EC_API_KEY");
  });

  it("say that the key and the project do not match, and how to fix it", async () => {
    const before = fake.requests.length;
    const error = await rejection(
      executeCommand(
        "theta.deployments.list",
        {},
        fakeControllerContext(fake, { THETA_EC_PROJECT_ID: "prj_otherproject" }),
      ),
    );
    expect(ThetaApiError.isInstance(error)).toBe(true);
    expect((error as ThetaApiError).code).toBe("project_mismatch");
    expect((error as Error).message).toContain("THETA_EC_PROJECT_ID");
    expect((error as Error).message).toContain("created in that project");
    expect(fake.requests.length).toBeGreaterThan(before);
  });

  it("refuse a malformed project id before any request, naming the variable", async () => {
    const error = await rejection(
      executeCommand(
        "theta.deployments.list",
        {},
        fakeControllerContext(fake, { THETA_EC_PROJECT_ID: "prj_a/../b" }),
      ),
    );
    expect(ThetaValidationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("THETA_EC_PROJECT_ID");
    expect(fake.requests).toHaveLength(0);
  });
});

describe("deployment lifecycle", () => {
  it("stops, starts and deletes through the plural routes and POST when only those answer", async () => {
    fake.reset({ routeStyle: "plural", lifecycleMethods: ["POST"] });
    const created = (await executeCommand(
      "theta.deployments.create",
      grounding,
      fakeControllerContext(fake),
    )) as {
      deployment: { shard: string; suffix: string };
    };
    const address = { shard: created.deployment.shard, suffix: created.deployment.suffix };
    expect(
      await executeCommand("theta.deployments.stop", address, fakeControllerContext(fake)),
    ).toMatchObject({
      operationId: "stopDeploymentPluralByPost",
    });
    expect(fake.deployments.get(address.suffix)?.EndpointStatus).toBe("Stopped");
    await executeCommand("theta.deployments.start", address, fakeControllerContext(fake));
    expect(fake.deployments.get(address.suffix)?.EndpointStatus).toBe("Running");
    expect(
      await executeCommand("theta.deployments.delete", address, fakeControllerContext(fake)),
    ).toMatchObject({
      operationId: "deleteDeploymentPlural",
    });
    expect(fake.deployments.size).toBe(0);
    const probe = (await executeCommand("theta.deployments.routeProbe", {}, fakeControllerContext(fake))) as {
      list: { style: string; answered: boolean }[];
    };
    expect(probe.list.map(({ style, answered }) => ({ style, answered }))).toEqual([
      { style: "singular", answered: false },
      { style: "plural", answered: true },
    ]);
  });

  it("refuses a shard that is not a number before any request", async () => {
    const error = await rejection(
      executeCommand(
        "theta.deployments.delete",
        { shard: "1/../x", suffix: "abc1" },
        fakeControllerContext(fake),
      ),
    );
    expect(ThetaValidationError.isInstance(error)).toBe(true);
    expect((error as ThetaValidationError).field).toBe("shard");
    expect(fake.requests).toHaveLength(0);
  });
});

describe("dry-run", () => {
  const mutatingInputs: Record<string, Record<string, unknown>> = {
    "theta.deployments.create": grounding,
    "theta.deployments.start": { shard: "1", suffix: "abc1" },
    "theta.deployments.stop": { shard: "1", suffix: "abc1" },
    "theta.deployments.delete": { shard: "1", suffix: "abc1" },
  };

  it("covers every mutating controller command", () => {
    const mutating = listCommands()
      .filter((command) => command.mutating && command.family === "controller")
      .map((command) => command.name)
      .sort();
    expect(mutating).toEqual([...Object.keys(mutatingInputs), "theta.deployments.validateDisposable"].sort());
  });

  it("theta.deployments.validateDisposable returns the create's plan and sends only its balance read", async () => {
    const result = await executeCommand("theta.deployments.validateDisposable", grounding, {
      ...fakeControllerContext(fake),
      dryRun: true,
    });
    expect(result).toMatchObject({
      dryRun: true,
      command: "theta.deployments.validateDisposable",
      plan: { method: "POST", url: expect.stringContaining("/deployment") },
    });
    expect(fake.requests.map((request) => request.method)).toEqual(["GET"]);
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
    expect(JSON.stringify(result)).not.toContain(fake.apiKey);
  });

  for (const [name, input] of Object.entries(mutatingInputs)) {
    it(`${name} returns its plan and sends nothing`, async () => {
      const viaEnv = await executeCommand(name, input, fakeControllerContext(fake, { THETA_DRY_RUN: "1" }));
      const viaContext = await executeCommand(name, input, { ...fakeControllerContext(fake), dryRun: true });
      expect(fake.requests).toHaveLength(0);
      for (const result of [viaEnv, viaContext]) {
        expect(result).toMatchObject({
          dryRun: true,
          command: name,
          plan: { url: expect.stringContaining("/deployment") },
        });
        expect(JSON.stringify(result)).not.toContain(PASSWORD);
        expect(JSON.stringify(result)).not.toContain(fake.apiKey);
      }
    });
  }

  it("create under a spend cap returns its plan without expectedHours (nothing is reserved)", async () => {
    const result = await executeCommand("theta.deployments.create", grounding, {
      ...fakeControllerContext(fake, { THETA_DRY_RUN: "1" }),
      maxBudgetUsd: 5,
    });
    expect(result).toMatchObject({ dryRun: true, plan: { method: "POST" } });
    expect(fake.requests).toHaveLength(0);
  });
});

describe("create under a spend cap", () => {
  it("is refused without expectedHours before any request, naming the input and the CLI flag", async () => {
    const error = await rejection(
      executeCommand("theta.deployments.create", grounding, {
        ...fakeControllerContext(fake),
        maxBudgetUsd: 5,
      }),
    );
    expect(ThetaValidationError.isInstance(error)).toBe(true);
    expect((error as ThetaValidationError).field).toBe("expectedHours");
    expect((error as Error).message).toContain("--expectedHours");
    expect(fake.requests).toHaveLength(0);

    const run = await cli(
      ["theta.deployments.create", "--deployment-template-id", "img_grounding", "--vm-id", "vm_gt1"],
      fakeControllerEnv(fake, { THETA_MAX_BUDGET_USD: "5" }),
    );
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toContain("expectedHours");
    expect(run.stderr).toContain("--expectedHours");
    expect(fake.requests).toHaveLength(0);
  });

  it("reserves price x hours: created within the cap, refused over it", async () => {
    const budget = createBudgetGuard({ capUsd: 2 });
    const created = await executeCommand(
      "theta.deployments.create",
      { ...grounding, expectedHours: 3 },
      { ...fakeControllerContext(fake), budget },
    );
    expect(created).toMatchObject({ deployment: { suffix: "abc1" } });
    expect((await budget.snapshot()).spentUsd).toBeCloseTo(1.5);

    const run = await cli(
      [
        "theta.deployments.create",
        "--json",
        JSON.stringify(grounding),
        "--expected-hours",
        "2",
        "--budget",
        "0.5",
      ],
      fakeControllerEnv(fake),
    );
    expect(run.code).toBe(EXIT.budget);
    const refused = await rejection(
      executeCommand(
        "theta.deployments.create",
        { ...grounding, expectedHours: 2 },
        { ...fakeControllerContext(fake), budget },
      ),
    );
    expect(ThetaBudgetError.isInstance(refused)).toBe(true);
    expect(fake.requests.filter((request) => request.method === "POST")).toHaveLength(1);
  });
});
