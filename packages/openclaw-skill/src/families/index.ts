/**
 * The built-in family modules, in the order users see them. Adding a family: write its module in
 * `families/<family>/` and add it here; the registry, adapters, diagnostics, setup wizard and
 * generated files pick it up.
 */
import type { FamilyClientsOf } from "../family-module.js";
import { agentsModule } from "./agents/index.js";
import { controllerModule } from "./controller/index.js";
import { DEFAULT_CHAT_SERVICE, ONDEMAND_PROBE_REQUEST_ID, ondemandModule } from "./ondemand/index.js";

export const BUILT_IN_FAMILY_MODULES = [ondemandModule, controllerModule, agentsModule] as const;

/** The clients of the built-in modules, by family (the base of `FamilyClients`). */
export type BuiltInFamilyClients = FamilyClientsOf<typeof BUILT_IN_FAMILY_MODULES>;

export { DEFAULT_CHAT_SERVICE, ONDEMAND_PROBE_REQUEST_ID };
