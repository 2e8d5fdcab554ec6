/**
 * The client each family module makes, by family name: what `RunContext.client(family)` returns.
 * The built-in modules' entries are derived from their list (`families/index.ts`), so this file names
 * no family. A module registered from outside adds its entry by declaration merging:
 *
 * ```ts
 * declare module "@theta/openclaw-skill" {
 *   interface FamilyClients { video: VideoClient }
 * }
 * ```
 */
import type { BuiltInFamilyClients } from "./families/index.js";

/** An interface (not a type alias) so that modules can merge into it. */
export interface FamilyClients extends BuiltInFamilyClients {}
