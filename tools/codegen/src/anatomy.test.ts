/** The anatomy check (scripts/check-anatomy.mjs) on trees made in a temp folder. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkAnatomy } from "../../../scripts/check-anatomy.mjs";

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function write(root: string, path: string, text = ""): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

/** A tree where family `widgets` (package `@theta/widgets`) has every part. */
function completeTree(): string {
  const root = mkdtempSync(join(tmpdir(), "anatomy-"));
  roots.push(root);
  write(root, "specs/widgets.yaml", "openapi: 3.1.0\n");
  write(root, "packages/widgets/package.json", "{}");
  write(root, "packages/widgets/src/generated/schema.ts");
  write(root, "packages/widgets/src/generated/operations.ts");
  write(root, "packages/widgets/src/client.ts");
  write(root, "packages/widgets/src/index.ts");
  write(root, "packages/widgets/README.md", "npm install @theta/widgets\n\n```ts\nconst x = 1;\n```\n");
  write(root, "packages/widgets/src/readme.test.ts", 'readFileSync("README.md")');
  write(root, "packages/simulator/src/families/widgets/index.ts");
  write(root, "packages/openclaw-skill/src/families/widgets/index.ts");
  write(root, "apps/smoke/src/families/widgets/index.ts");
  return root;
}

const WIDGETS = [{ family: "widgets", packageName: "@theta/widgets" }];

describe("checkAnatomy", () => {
  it("passes a complete family and lists families without a package as planned", () => {
    const result = checkAnatomy(completeTree(), [
      ...WIDGETS,
      { family: "gadgets", packageName: "@theta/gadgets" },
    ]);
    expect(result).toMatchObject({ checked: ["widgets"], planned: ["gadgets"], problems: [] });
  });

  it.each([
    ["specs/widgets.yaml", "no spec"],
    ["packages/widgets/src/generated/operations.ts", "run pnpm gen"],
    ["packages/widgets/src/client.ts", "client.ts"],
    ["packages/widgets/src/readme.test.ts", "README example must be tested"],
    ["packages/simulator/src/families/widgets/index.ts", "no simulator module"],
    ["packages/openclaw-skill/src/families/widgets/index.ts", "no commands module"],
    ["apps/smoke/src/families/widgets/index.ts", "no smoke checks"],
  ])("fails when %s is missing", (path, expected) => {
    const root = completeTree();
    rmSync(join(root, path));
    const { problems } = checkAnatomy(root, WIDGETS);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(expected);
  });

  it("fails a README without an install line or a TypeScript example", () => {
    const root = completeTree();
    write(root, "packages/widgets/README.md", "# Widgets\n");
    expect(checkAnatomy(root, WIDGETS).problems.join("\n")).toMatch(/install line[\s\S]*TypeScript example/);
  });

  it("reports a declared pending part as pending, and a stale declaration as a problem", () => {
    const root = completeTree();
    rmSync(join(root, "apps/smoke/src/families/widgets/index.ts"));
    const pending = { widgets: { parts: ["smoke" as const], work: "the widgets issue" } };
    expect(checkAnatomy(root, WIDGETS, pending)).toMatchObject({
      problems: [],
      pending: [expect.stringContaining("smoke checks")],
    });
    write(root, "apps/smoke/src/families/widgets/index.ts");
    expect(checkAnatomy(root, WIDGETS, pending).problems[0]).toContain("listed as pending");
  });

  it("fails shared code of the simulator or the skill that names a family with a module there", () => {
    const root = completeTree();
    write(
      root,
      "packages/simulator/src/families/index.ts",
      'import { widgetsModule } from "./widgets/index.js";',
    );
    write(root, "packages/openclaw-skill/src/registry.ts", 'const name = "widgets";');
    const { problems } = checkAnatomy(root, WIDGETS);
    expect(problems).toEqual([
      expect.stringContaining("packages/simulator/src/families/index.ts names the family outside its module"),
      expect.stringContaining("packages/openclaw-skill/src/registry.ts names the family outside its module"),
    ]);
  });

  it("lets the family's module, generated files, test helpers and tests name it", () => {
    const root = completeTree();
    write(root, "packages/simulator/src/families/widgets/routes.ts", "widgets");
    write(root, "packages/simulator/src/generated/family-modules.ts", "widgetsModule");
    write(root, "packages/openclaw-skill/src/testing/env.ts", "widgets");
    write(root, "packages/openclaw-skill/src/registry.test.ts", "widgets");
    // A family without a module there may be named (it is planned, not yet a module).
    write(root, "packages/openclaw-skill/src/registry.ts", "gadgets");
    const families = [...WIDGETS, { family: "gadgets", packageName: "@theta/gadgets" }];
    expect(checkAnatomy(root, families).problems).toEqual([]);
  });
  it("fails a package with a test/ folder: tests sit beside the code", () => {
    const root = completeTree();
    expect(checkAnatomy(root, WIDGETS).problems).toEqual([]);
    write(root, "packages/widgets/test/client.test.ts", "test");
    expect(checkAnatomy(root, WIDGETS).problems).toEqual([
      expect.stringContaining("packages/widgets/test/: tests sit beside the code they test"),
    ]);
  });
});
