/**
 * What `startSimulator()` derives from a list of family modules: the type of `options.<family>`, of
 * `simulator.credentials.<family>` and of `simulator.families.<family>`, per module of the list. The
 * built-in list (`FAMILY_MODULES`) and the extra modules a caller passes (`options.modules`) are typed
 * by the same rules.
 */
import type { FamilyName } from "@theta/core";
import type { AnyFamilyModule, FamilyModule } from "./module.js";

type OptionsOf<Module> =
  Module extends FamilyModule<FamilyName, infer Options, infer _Credentials, infer _Handle> ? Options : never;
type CredentialsOf<Module> =
  Module extends FamilyModule<FamilyName, infer _Options, infer Credentials, infer _Handle>
    ? Credentials
    : never;
type HandleOf<Module> =
  Module extends FamilyModule<FamilyName, infer _Options, infer _Credentials, infer Handle> ? Handle : never;

/** The family names of a module list. */
export type FamilyNameOf<Modules extends readonly AnyFamilyModule[]> = Modules[number]["family"];

/** `options.<family>` of each module of the list (all optional). */
export type OptionsByFamily<Modules extends readonly AnyFamilyModule[]> = {
  [Module in Modules[number] as Module["family"]]?: OptionsOf<Module>;
};

/** The credentials each module of the list hands out, by family. */
export type CredentialsByFamily<Modules extends readonly AnyFamilyModule[]> = {
  readonly [Module in Modules[number] as Module["family"]]: CredentialsOf<Module>;
};

/** The handle (state and controls) of each module of the list, by family. */
export type HandlesByFamily<Modules extends readonly AnyFamilyModule[]> = {
  readonly [Module in Modules[number] as Module["family"]]: HandleOf<Module>;
};

/**
 * `Map` when `Modules` is a tuple (the modules are known, e.g. `modules: [videoModule]`), else its
 * `Partial`: a list typed only as an array (`SimulatorOptions["modules"]`) may serve any family or none.
 */
export type KnownEntries<Modules extends readonly AnyFamilyModule[], Map> = number extends Modules["length"]
  ? Partial<Map>
  : Map;
