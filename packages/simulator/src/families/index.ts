/**
 * The registry of simulated families: adding a family is adding its module to this list. The server
 * mounts each module's routes under the servers its spec names; the options, credentials and handles
 * of `startSimulator()` and the bin's flags and `export` lines are derived from this list.
 */
import type { FamilyName } from "@theta/core";
import { agentsModule } from "./agents/index.js";
import { controllerModule } from "./controller/index.js";
import { inferenceModule } from "./inference/index.js";
import type { FamilyModule } from "./module.js";
import { ondemandModule } from "./ondemand/index.js";

export * from "./agents/index.js";
export * from "./controller/index.js";
export * from "./inference/index.js";
export * from "./ondemand/index.js";

/** The simulated families, in the order of `@theta/core`'s family list. */
export const FAMILY_MODULES = [ondemandModule, controllerModule, agentsModule, inferenceModule] as const;

type RegisteredModule = (typeof FAMILY_MODULES)[number];
type ModuleOf<Family> = Extract<RegisteredModule, { family: Family }>;
type OptionsOf<Module> =
  Module extends FamilyModule<FamilyName, infer Options, infer _Credentials, infer _Handle> ? Options : never;
type CredentialsOf<Module> =
  Module extends FamilyModule<FamilyName, infer _Options, infer Credentials, infer _Handle>
    ? Credentials
    : never;
type HandleOf<Module> =
  Module extends FamilyModule<FamilyName, infer _Options, infer _Credentials, infer Handle> ? Handle : never;

/** The families this simulator serves. */
export type SimulatedFamilyName = RegisteredModule["family"];

/** `options.<family>` of `startSimulator()`. */
export type FamilyOptions = { [Family in SimulatedFamilyName]?: OptionsOf<ModuleOf<Family>> };

/** `simulator.credentials`: per family, the credentials it accepts, keyed like `@theta/core`'s. */
export type FamilyCredentials = { readonly [Family in SimulatedFamilyName]: CredentialsOf<ModuleOf<Family>> };

/** `simulator.families`: per family, its state and controls. */
export type FamilyHandles = { readonly [Family in SimulatedFamilyName]: HandleOf<ModuleOf<Family>> };
