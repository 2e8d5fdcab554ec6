/**
 * The README's dedicated-endpoint example is real: the snippet equals examples/inference-example.mjs,
 * and that file runs, configured only by the environment the simulator prints, against its standing
 * dedicated endpoint (127.0.0.1, Basic Auth).
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type Simulator, simulatorEnv, startSimulator } from "@theta/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const examplePath = join(packageDir, "examples", "inference-example.mjs");

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ quiet: true, seed: 5 });
});
afterAll(async () => {
  await sim?.close();
});

describe("README dedicated-endpoint example", () => {
  it("is identical to examples/inference-example.mjs", async () => {
    const readme = await readFile(join(packageDir, "README.md"), "utf8");
    const block =
      /<!-- inference-example:start -->\s*```js\n([\s\S]*?)```\s*<!-- inference-example:end -->/.exec(readme);
    expect(block, "README has the marked example block").not.toBeNull();
    expect(block?.[1]).toBe(await readFile(examplePath, "utf8"));
  });

  it("runs: ready, models, one answer and the same streamed", async () => {
    const env: Record<string, string> = { PATH: process.env.PATH ?? "", ...simulatorEnv(sim) };
    const { stdout } = await promisify(execFile)(process.execPath, [examplePath], {
      cwd: packageDir,
      env,
      timeout: 30_000,
    });
    expect(stdout).toContain("probe 1: 200");
    expect(stdout).toContain("ready after 1 probe(s)");
    expect(stdout).toContain(`models: ${sim.credentials.inference.model}`);
    expect(stdout).toMatch(/^answer: .+ \((stop|length)\)$/m);
    expect(stdout).toMatch(/^streamed: \d+ tokens, finish (stop|length)$/m);
    expect(stdout).not.toContain(sim.credentials.inference.authPass);
  });
});
