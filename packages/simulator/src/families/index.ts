/**
 * The registry of simulated families: adding a family is adding its module to this list. The server
 * mounts each module's routes under the servers its spec names; the options, credentials and handles
 * of `startSimulator()` and the bin's flags and `export` lines are derived from this list.
 */
import type { CredentialsByFamily, FamilyNameOf, HandlesByFamily, OptionsByFamily } from "./module-types.js";
import { ondemandModule } from "./ondemand/index.js";

export * from "./ondemand/index.js";

/** The simulated families, in the order of `@theta/core`'s family list. */
export const FAMILY_MODULES = [ondemandModule] as const;

/** The families this simulator serves. */
export type SimulatedFamilyName = FamilyNameOf<typeof FAMILY_MODULES>;

/** `options.<family>` of `startSimulator()`. */
export type FamilyOptions = OptionsByFamily<typeof FAMILY_MODULES>;

/** `simulator.credentials`: per family, the credentials it accepts, keyed like `@theta/core`'s. */
export type FamilyCredentials = CredentialsByFamily<typeof FAMILY_MODULES>;

/** `simulator.families`: per family, its state and controls. */
export type FamilyHandles = HandlesByFamily<typeof FAMILY_MODULES>;
