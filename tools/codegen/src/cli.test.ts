import { execFile } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { fixtureSpec, workspaceFile } from "./testing/paths.js";
import { useTempDirs } from "./testing/temp-dir.js";

const run = promisify(execFile);
const CLI = workspaceFile("tools/codegen/src/cli.mjs");
const tempDir = useTempDirs();

/** Runs the CLI; resolves with its exit code and output instead of rejecting on failure. */
async function cli(args: string[], cwd: string) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("the gen CLI on an arbitrary spec", () => {
  it("--spec --out --api writes schema.ts, operations.ts and methods.ts, and a second run changes nothing", async () => {
    const cwd = tempDir();
    const out = join(cwd, "generated");
    const spec = relative(cwd, fixtureSpec("chain-rpc.yaml"));
    const first = await cli(["--spec", spec, "--out", "generated", "--api", "chain"], cwd);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(
      ["wrote generated/schema.ts", "wrote generated/operations.ts", "wrote generated/methods.ts", ""].join(
        "\n",
      ),
    );
    expect(readdirSync(out).sort()).toEqual(["methods.ts", "operations.ts", "schema.ts"]);
    const second = await cli(["--spec", spec, "--out", "generated", "--api", "chain"], cwd);
    expect(second.stdout).toMatch(
      /^unchanged generated\/schema\.ts\nunchanged generated\/operations\.ts\nunchanged generated\/methods\.ts\n$/,
    );
    // Two whole generations in child processes: generous on a loaded two-core machine.
  }, 90_000);

  it("exits 1 with the spec's problems and writes nothing for a spec that is not ready", async () => {
    const cwd = tempDir();
    writeFileSync(
      join(cwd, "broken.yaml"),
      "openapi: 3.1.0\ninfo: { title: t, version: '1' }\nservers:\n  - url: https://x.example\npaths: {}\n",
    );
    const result = await cli(["--spec", "broken.yaml", "--out", "generated"], cwd);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "pnpm gen: broken.yaml is not ready for generation:\n  - broken.yaml (top-level) servers[0] (https://x.example): x-theta-server is missing",
    );
    expect(readdirSync(cwd)).toEqual(["broken.yaml"]);
  });

  it("refuses --out without --spec", async () => {
    const result = await cli(["--out", "generated"], tempDir());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("--out and --api need --spec.");
  });
});
