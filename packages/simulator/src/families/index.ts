/**
 * The registry of simulated families. Adding a family is adding its folder `src/families/<family>/`
 * (whose `index.ts` exports `<family>Module`) and running `pnpm gen:specs`, which lists the folders in
 * `src/generated/family-modules.ts`; this file names no family. The server mounts each module's routes
 * under the servers its spec names; the options, credentials and handles of `startSimulator()` and the
 * bin's flags and `export` lines are derived from this list.
 */
import { FAMILY_LIST } from "@theta/core";
import { GENERATED_FAMILY_MODULES } from "../generated/family-modules.js";
import type { CredentialsByFamily, FamilyNameOf, HandlesByFamily, OptionsByFamily } from "./module-types.js";

export * from "../generated/family-exports.js";

/** Where `family` stands in `@theta/core`'s family list (the order users see families in). */
function familyRank(family: string): number {
  return FAMILY_LIST.findIndex((spec) => spec.family === family);
}

/** The simulated families, in the order of `@theta/core`'s family list. */
export const FAMILY_MODULES = Object.freeze(
  [...GENERATED_FAMILY_MODULES].sort((left, right) => familyRank(left.family) - familyRank(right.family)),
);

/** The families this simulator serves. */
export type SimulatedFamilyName = FamilyNameOf<typeof FAMILY_MODULES>;

/** `options.<family>` of `startSimulator()`. */
export type FamilyOptions = OptionsByFamily<typeof FAMILY_MODULES>;

/** `simulator.credentials`: per family, the credentials it accepts, keyed like `@theta/core`'s. */
export type FamilyCredentials = CredentialsByFamily<typeof FAMILY_MODULES>;

/** `simulator.families`: per family, its state and controls. */
export type FamilyHandles = HandlesByFamily<typeof FAMILY_MODULES>;
