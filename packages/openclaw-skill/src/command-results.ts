/**
 * The result types of `executeCommand`, by command name. Every command returns a redacted JSON
 * object; the commands listed in `CommandResults` have a typed result. Every other name (including a
 * command of a custom registry) stays `unknown`, as before, so that existing `as` casts keep
 * compiling; read it as a `CommandResult` after checking it is an object. A mutating command under
 * dry-run returns a `DryRunResult` instead (narrow with `if (result.dryRun)`).
 */
import type { ChatView } from "./families/ondemand/chat.js";
import type { RequestView } from "./families/ondemand/requests.js";
import type { DryRunResult } from "./registry.js";

/** What any command returns: a redacted JSON object (its fields are unknown until checked). */
export type CommandResult = { readonly [key: string]: unknown };

/** `theta.ondemand.chat`: the reply, the same fields whether it was streamed or not. */
export type ChatCommandResult = ChatView & { readonly dryRun?: undefined };

/** `theta.ondemand.infer`, `status` and `pollUntilDone`: the request's state, output and cost. */
export type RequestCommandResult = RequestView & { readonly dryRun?: undefined };

/** Typed results of built-in commands (the others are `unknown`: a `CommandResult` once checked). */
export interface CommandResults {
  "theta.ondemand.chat": ChatCommandResult | DryRunResult;
  "theta.ondemand.infer": RequestCommandResult | DryRunResult;
  "theta.ondemand.status": RequestCommandResult;
  "theta.ondemand.pollUntilDone": RequestCommandResult;
}

/** The result type of the command `Name`. */
export type CommandResultOf<Name extends string> = Name extends keyof CommandResults
  ? CommandResults[Name]
  : unknown;
