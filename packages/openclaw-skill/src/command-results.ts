/**
 * The result types of `executeCommand`, by command name. Every command returns a redacted JSON
 * object; the commands listed in `CommandResults` have a typed result. Every other name (including a
 * command of a custom registry) stays `unknown`, as before, so that existing `as` casts keep
 * compiling; read it as a `CommandResult` after checking it is an object. A mutating command under
 * dry-run returns a `DryRunResult` instead (narrow with `if (result.dryRun)`).
 *
 * This file names no command: each built-in family module declares its own results
 * (`families/<family>/command-results.ts`, in its `FamilyModule` type), and a module registered from
 * outside adds its commands by declaration merging:
 *
 * ```ts
 * declare module "@theta/openclaw-skill" {
 *   interface CommandResults { "theta.video.render": VideoRender }
 * }
 * ```
 */

/** What any command returns: a redacted JSON object (its fields are unknown until checked). */
export type CommandResult = { readonly [key: string]: unknown };

import type { BuiltInCommandResults } from "./families/index.js";

/** Typed results by command name (the others are `unknown`: a `CommandResult` once checked). */
export interface CommandResults extends BuiltInCommandResults {}

/** The result type of the command `Name`. */
export type CommandResultOf<Name extends string> = Name extends keyof CommandResults
  ? CommandResults[Name]
  : unknown;
