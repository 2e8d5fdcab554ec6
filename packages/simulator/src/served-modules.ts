/**
 * The modules one simulator serves: the built-in list, then the extra modules a caller passed as
 * `options.modules`. Extra modules come from outside the package (a test's fixture family, a family
 * whose module lives elsewhere), so their shape is checked here, before anything is mounted, with a
 * message naming the entry and the fix.
 */
import { FAMILY_LIST, familyNamed } from "@theta/core";
import type { AnyFamilyModule } from "./families/module.js";

function fail(message: string): never {
  throw new RangeError(`startSimulator: ${message}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Fails unless `value` looks like a module made with `defineFamilyModule` (its members are read at start). */
function checkShape(value: unknown, where: string): void {
  if (!isRecord(value)) fail(`${where} must be a family module (made with defineFamilyModule)`);
  if (typeof value.family !== "string") fail(`${where}.family must be a family name of @theta/core`);
  if (!isRecord(value.spec) || !isRecord(value.spec.operations) || typeof value.spec.api !== "string") {
    fail(`${where}.spec must be a spec table ({ api, operations }, as pnpm gen:specs writes them)`);
  }
  if (!Array.isArray(value.flags)) fail(`${where}.flags must be an array (empty when the family has none)`);
  if (typeof value.checkOptions !== "function") fail(`${where}.checkOptions must be a function`);
  if (typeof value.create !== "function") fail(`${where}.create must be a function`);
}

/** The built-in modules followed by `extra`; fails on a malformed extra or a family served twice. */
export function servedModules(
  builtIn: readonly AnyFamilyModule[],
  extra: readonly AnyFamilyModule[] | undefined,
): readonly AnyFamilyModule[] {
  if (extra === undefined) return builtIn;
  if (!Array.isArray(extra)) fail("modules must be an array of family modules");
  const served = new Map<string, string>(builtIn.map((module) => [module.family, "a built-in module"]));
  extra.forEach((module: unknown, index) => {
    const where = `modules[${index}]`;
    checkShape(module, where);
    const { family } = module as AnyFamilyModule;
    if (familyNamed(family) === undefined) {
      fail(
        `${where}.family "${family}" is not in @theta/core's family list (one of ${FAMILY_LIST.map((entry) => entry.family).join(", ")})`,
      );
    }
    const owner = served.get(family);
    if (owner !== undefined) {
      fail(`${where} serves the ${family} family, which ${owner} already serves; pass one module per family`);
    }
    served.set(family, where);
  });
  return [...builtIn, ...extra];
}
