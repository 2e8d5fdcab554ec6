/**
 * The README example is real: the snippet equals examples/readme-example.mjs, and that file runs
 * (against the fake controller on 127.0.0.1 until the simulator has a controller module).
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeController, startFakeController } from "./testing/fake-controller.js";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const examplePath = join(packageDir, "examples", "readme-example.mjs");

let fake: FakeController;
beforeAll(async () => {
  fake = await startFakeController();
});
afterAll(async () => {
  await fake?.close();
});

describe("README example", () => {
  it("is identical to examples/readme-example.mjs", async () => {
    const readme = await readFile(join(packageDir, "README.md"), "utf8");
    const block = /<!-- readme-example:start -->\s*```js\n([\s\S]*?)```\s*<!-- readme-example:end -->/.exec(
      readme,
    );
    expect(block, "README has the marked example block").not.toBeNull();
    expect(block?.[1]).toBe(await readFile(examplePath, "utf8"));
  });

  it("runs, creating and deleting one deployment", async () => {
    // A clean environment: only what the example reads, pointed at the loopback fake.
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      THETA_EC_API_KEY: fake.apiKey,
      THETA_EC_PROJECT_ID: fake.projectId,
      THETA_ORG_ID: fake.orgId,
      THETA_CONTROLLER_BASE_URL: fake.controllerUrl,
      THETA_PLATFORM_API_BASE_URL: fake.platformUrl,
      THETA_ALLOW_INSECURE_LOOPBACK: "1",
    };
    const { stdout } = await promisify(execFile)(process.execPath, [examplePath], {
      cwd: packageDir,
      env,
      timeout: 30_000,
    });
    expect(stdout).toContain("vm_gt1: $0.5/h");
    expect(stdout).toContain("first serving template: Grounding Dino");
    expect(stdout).toMatch(
      /^endpoint: https:\/\/mydeploy-abc1\.tec-s1\.onthetaedgecloud\.com \(shard 1, suffix abc1\)$/m,
    );
    expect(stdout).toContain("dedicated deployments: 1");
    expect(stdout).toContain("balance: 41.5");
    expect(fake.deployments.size).toBe(0);
    expect(fake.requests.filter((request) => request.method === "POST")).toHaveLength(1);
  });
});
