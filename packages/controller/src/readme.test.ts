/**
 * The README example is real: the snippet equals examples/readme-example.mjs, and that file runs as
 * written against the simulator, with only the environment the simulator prints.
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type Simulator, simulatorEnv, startSimulator } from "@theta/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const examplePath = join(packageDir, "examples", "readme-example.mjs");

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ quiet: true, seed: 5 });
});
afterAll(async () => {
  await sim?.close();
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
    // A clean environment: only what the simulator prints (its export lines).
    const env: Record<string, string> = { PATH: process.env.PATH ?? "", ...simulatorEnv(sim) };
    const before = sim.state.requestCount("createDeployment");
    const { stdout } = await promisify(execFile)(process.execPath, [examplePath], {
      cwd: packageDir,
      env,
      timeout: 30_000,
    });
    expect(stdout).toMatch(/^vm_gt1: \$[\d.]+\/h$/m);
    expect(stdout).toContain("first serving template: Grounding Dino");
    expect(stdout).toMatch(
      /^endpoint: http:\/\/127\.0\.0\.1:\d+\/inference\/\S+ \(shard \d+, suffix \w+\)$/m,
    );
    expect(stdout).toContain("dedicated deployments: 1");
    expect(stdout).toMatch(/^balance: \d+(\.\d+)?$/m);
    // One create, and the deployment is gone again (deleted in the example's finally).
    expect(sim.state.requestCount("createDeployment") - before).toBe(1);
    expect(sim.families.controller.deployments().map((deployment) => deployment.status)).toEqual(["Deleted"]);
  });
});
