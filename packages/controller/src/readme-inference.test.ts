/**
 * The README's dedicated-endpoint example is real: the snippet equals examples/inference-example.mjs,
 * and that file runs, configured by the environment only, against a deployment's endpoint on the
 * fake controller (127.0.0.1, Basic Auth, a warm-up before it serves).
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAKE_ENDPOINT_MODEL, type FakeController, startFakeController } from "./testing/fake-controller.js";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const examplePath = join(packageDir, "examples", "inference-example.mjs");

let fake: FakeController;
beforeAll(async () => {
  fake = await startFakeController();
});
afterAll(async () => {
  await fake?.close();
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
    const auth = { username: "theta_0f1e2d3c", password: "readme-password-Qw7Er5Ty" };
    // Ready at once: the example's 10 s interval would make a warm-up slow here (ready.test.ts walks them).
    const served = fake.serveEndpoint("readme1", { auth });
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      THETA_INFERENCE_ENDPOINT: served.url,
      THETA_INFERENCE_AUTH_USER: auth.username,
      THETA_INFERENCE_AUTH_PASS: auth.password,
      THETA_ALLOW_INSECURE_LOOPBACK: "1",
    };
    const { stdout } = await promisify(execFile)(process.execPath, [examplePath], {
      cwd: packageDir,
      env,
      timeout: 30_000,
    });
    expect(stdout).toContain("probe 1: 200");
    expect(stdout).toContain("ready after 1 probe(s)");
    expect(stdout).toContain(`models: ${FAKE_ENDPOINT_MODEL}`);
    expect(stdout).toContain("answer: pong (stop)");
    expect(stdout).toMatch(/^pong\nstreamed: 7 tokens, finish stop$/m);
    expect(stdout).not.toContain(auth.password);
  });
});
