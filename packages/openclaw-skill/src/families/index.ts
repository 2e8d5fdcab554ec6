/**
 * The built-in family modules, in the order users see them. Adding a family: write its module in
 * `families/<family>/` (whose `index.ts` exports `<family>Module`) and run `pnpm gen:specs`, which
 * lists the folders in `generated/family-modules.ts`; this file names no family. The registry,
 * adapters, diagnostics, setup wizard and generated files pick it up.
 */
import { FAMILY_LIST } from "@theta/core";
import type { CommandResultsOf, FamilyClientsOf } from "../family-module.js";
import { GENERATED_FAMILY_MODULES } from "../generated/family-modules.js";

export * from "../generated/family-exports.js";

/** Where `family` stands in `@theta/core`'s family list (the order users see families in). */
function familyRank(family: string): number {
  return FAMILY_LIST.findIndex((spec) => spec.family === family);
}

export const BUILT_IN_FAMILY_MODULES = Object.freeze(
  [...GENERATED_FAMILY_MODULES].sort((left, right) => familyRank(left.family) - familyRank(right.family)),
);

/** The clients of the built-in modules, by family (the base of `FamilyClients`). */
export type BuiltInFamilyClients = FamilyClientsOf<typeof BUILT_IN_FAMILY_MODULES>;

/** The typed command results of the built-in modules, by command name (the base of `CommandResults`). */
export type BuiltInCommandResults = CommandResultsOf<typeof BUILT_IN_FAMILY_MODULES>;
