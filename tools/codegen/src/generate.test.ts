/**
 * `pnpm gen:specs` on a workspace: a spec is generated into its own package, or into the package its
 * `info.x-theta-package` names (under `src/generated/<api>/`, beside that package's own tables).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateWorkspace } from "./index.mjs";
import { fixtureSpec } from "./testing/paths.js";
import { useTempDirs } from "./testing/temp-dir.js";

const tempDir = useTempDirs();
const FIXTURE = readFileSync(fixtureSpec("two-hosts.yaml"), "utf8");

/** A workspace with `packages/host/`, its own spec and a guest spec that names `host` as its package. */
function workspace(guestPackage: string): string {
  const root = tempDir();
  mkdirSync(join(root, "specs"));
  mkdirSync(join(root, "packages", "host"), { recursive: true });
  writeFileSync(join(root, "specs", "host.yaml"), FIXTURE);
  writeFileSync(
    join(root, "specs", "guest.yaml"),
    FIXTURE.replace("  version: 0.0.0\n", `  version: 0.0.0\n  x-theta-package: ${guestPackage}\n`),
  );
  return root;
}

describe("generateWorkspace", () => {
  it("writes a spec naming another package under that package's src/generated/<api>/", async () => {
    const root = workspace("host");
    const results = await generateWorkspace({ root });
    const generated = join(root, "packages", "host", "src", "generated");
    expect(results.map(({ file, change }) => [file.slice(root.length + 1), change])).toEqual([
      ["packages/host/src/generated/guest/schema.ts", "wrote"],
      ["packages/host/src/generated/guest/operations.ts", "wrote"],
      ["packages/host/src/generated/schema.ts", "wrote"],
      ["packages/host/src/generated/operations.ts", "wrote"],
    ]);
    expect(readFileSync(join(generated, "guest", "operations.ts"), "utf8")).toContain(
      "export const guestOperations = {",
    );
    expect(readFileSync(join(generated, "operations.ts"), "utf8")).toContain(
      "export const hostOperations = {",
    );
    // The guest spec creates no package of its own.
    expect(existsSync(join(root, "packages", "guest"))).toBe(false);
  }, 60_000);

  it("skips a spec whose named package does not exist, naming that package", async () => {
    const root = workspace("absent");
    const results = await generateWorkspace({ root });
    expect(results[0]).toMatchObject({ change: "skipped", reason: "packages/absent/ does not exist" });
  }, 60_000);

  it("refuses an x-theta-package that is not a package folder name", async () => {
    const root = workspace("../elsewhere");
    await expect(generateWorkspace({ root })).rejects.toThrow(
      /specs\/guest\.yaml: info\.x-theta-package must be the folder name of a package under packages\//,
    );
  });
});
