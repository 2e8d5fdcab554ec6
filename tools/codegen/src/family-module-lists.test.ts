/** The family module lists of the simulator and the skill (`family-module-lists.mjs`) on temp trees. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { generateFamilyModuleLists } from "./family-module-lists.mjs";

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  vi.restoreAllMocks();
});

function write(root: string, path: string, text = ""): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

function tree(): string {
  const root = mkdtempSync(join(tmpdir(), "module-lists-"));
  roots.push(root);
  vi.spyOn(console, "log").mockImplementation(() => undefined);
  write(root, "packages/simulator/package.json", "{}");
  write(root, "packages/simulator/src/families/widgets/index.ts", "export const widgetsModule = {};\n");
  write(
    root,
    "packages/simulator/src/families/big-gadgets/index.ts",
    "export const bigGadgetsModule = {};\n",
  );
  write(root, "packages/simulator/src/families/module.ts", "// not a module folder\n");
  return root;
}

describe("generateFamilyModuleLists", () => {
  it("lists every module folder (sorted) and re-exports each one's public names", () => {
    const root = tree();
    generateFamilyModuleLists({ root });
    const list = readFileSync(join(root, "packages/simulator/src/generated/family-modules.ts"), "utf8");
    expect(list).toContain('import { bigGadgetsModule } from "../families/big-gadgets/index.js";');
    expect(list).toContain(
      "export const GENERATED_FAMILY_MODULES = [bigGadgetsModule, widgetsModule] as const;",
    );
    const exports = readFileSync(join(root, "packages/simulator/src/generated/family-exports.ts"), "utf8");
    expect(exports).toContain('export * from "../families/widgets/index.js";');
    // A package that does not exist gets no list.
    expect(existsSync(join(root, "packages/openclaw-skill/src/generated"))).toBe(false);
  });

  it("stops on a folder whose index does not export its module, naming the export", () => {
    const root = tree();
    write(root, "packages/simulator/src/families/widgets/index.ts", "export const widgets = {};\n");
    expect(() => generateFamilyModuleLists({ root })).toThrow(
      /packages\/simulator\/src\/families\/widgets\/index\.ts must export const widgetsModule/,
    );
  });

  it("never overwrites a file it did not write", () => {
    const root = tree();
    write(root, "packages/simulator/src/generated/family-modules.ts", "// hand-written\n");
    expect(() => generateFamilyModuleLists({ root })).toThrow(/was not written by the generator/);
  });
});
