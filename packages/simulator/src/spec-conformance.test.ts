/**
 * Conformance with the specs, for every spec and every registered family module, with no spec named
 * here: each generated table matches its spec; each module serves exactly the operations of its spec
 * (at their method, path and server, with their auth); and each module's scenarios get an answer from
 * every operation of its spec, validated against the spec's schemas.
 */
import { describe, expect, it } from "vitest";
import { type AnyFamilyModule, FAMILY_MODULES, type SpecTable, STORAGE_HOST } from "./index.js";
import { createHarness, loadSpecs } from "./testing/conformance/harness.js";
import { CONFORMANCE_SCENARIOS } from "./testing/conformance/index.js";
import { start } from "./testing/simulator-start.js";

const SPECS = loadSpecs();
const MODULES: readonly AnyFamilyModule[] = FAMILY_MODULES;

describe("generated simulator tables", () => {
  it("there are specs to check", () => {
    expect(SPECS.size).toBeGreaterThan(0);
  });

  for (const spec of SPECS.values()) {
    it(`src/generated/${spec.api}.ts matches specs/${spec.api}.yaml (run pnpm gen:specs when it does not)`, async () => {
      const generated = (await import(`../src/generated/${spec.api}.ts`)) as Record<string, SpecTable>;
      const [table] = Object.values(generated);
      expect(table?.api).toBe(spec.api);
      const expected = Object.fromEntries(
        [...spec.operations.values()].map((operation) => [
          operation.operationId,
          {
            method: operation.method,
            path: operation.path,
            server: operation.server,
            public: operation.public,
          },
        ]),
      );
      expect(table?.operations).toEqual(expected);
    });
  }
});

describe.each(MODULES.map((module) => [module.family, module] as const))(
  "the %s module",
  (family, module) => {
    const spec = SPECS.get(module.spec.api);
    const scenarios = CONFORMANCE_SCENARIOS[family as keyof typeof CONFORMANCE_SCENARIOS] ?? [];

    it("has a spec and conformance scenarios", () => {
      expect(spec, `specs/${module.spec.api}.yaml is missing`).toBeDefined();
      expect(scenarios.length, `test/conformance has no scenarios for ${family}`).toBeGreaterThan(0);
    });

    it("serves every operation of its spec, and nothing its spec does not have", async () => {
      const sim = await start();
      const served = sim.routes.filter((route) => route.family === family);
      expect(served.length).toBeGreaterThan(0);
      for (const route of served) {
        const operation = spec?.operations.get(route.operationId);
        expect(
          operation,
          `${family} serves ${route.operationId}, which its spec does not have`,
        ).toBeDefined();
        expect(route).toEqual({
          server: operation?.server,
          method: operation?.method,
          path: operation?.path,
          operationId: route.operationId,
          family,
          public: operation?.public,
        });
      }
      for (const operation of spec?.operations.values() ?? []) {
        const byModule = served.some((route) => route.operationId === operation.operationId);
        // An operation sent to a URL the API hands out (a presigned upload) is served by the storage host.
        const byStorage = sim.routes.some(
          (route) =>
            route.server === STORAGE_HOST &&
            route.operationId === operation.operationId &&
            route.method === operation.method,
        );
        expect(byModule || byStorage, `${family} has no handler for ${operation.operationId}`).toBe(true);
      }
    });

    if (!spec) return;
    const harness = createHarness(spec, family);
    for (const scenario of scenarios) it(scenario.name, () => scenario.run(harness));

    // Runs after the scenarios (tests of a file run in order).
    it("answered every operation of its spec in the scenarios above", () => {
      const silent = [...spec.operations.keys()].filter((operationId) => !harness.answered.has(operationId));
      expect(silent, `operations of specs/${spec.api}.yaml no scenario called`).toEqual([]);
    });
  },
);
