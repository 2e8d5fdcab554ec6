/**
 * The README example is real: the snippet equals examples/readme-example.mjs, and that file runs.
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const examplePath = join(packageDir, "examples", "readme-example.mjs");

describe("README example", () => {
  it("is identical to examples/readme-example.mjs", async () => {
    const readme = await readFile(join(packageDir, "README.md"), "utf8");
    const block = /<!-- readme-example:start -->\s*```js\n([\s\S]*?)```\s*<!-- readme-example:end -->/.exec(
      readme,
    );
    expect(block, "README has the marked example block").not.toBeNull();
    expect(block?.[1]).toBe(await readFile(examplePath, "utf8"));
  });

  it("runs against the simulator", async () => {
    // A clean environment: no tokens or knobs from the machine running the tests.
    const env: Record<string, string> = { PATH: process.env.PATH ?? "" };
    const { stdout } = await promisify(execFile)(process.execPath, [examplePath], {
      cwd: packageDir,
      env,
      timeout: 30_000,
    });
    expect(stdout).toMatch(/^image services: .*flux/m);
    expect(stdout).toContain("[finish: stop]");
    expect(stdout).toMatch(/^success http:\/\/127\.0\.0\.1:\d+\/\S+ \$0\.01$/m);
  });
});
