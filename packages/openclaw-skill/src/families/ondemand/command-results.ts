/**
 * The typed results of the on-demand commands (in the module's type, so `CommandResults` has them and
 * `executeCommand` returns them by name).
 */

import type { ChatView } from "../../chat-view.js";
import type { DryRunResult } from "../../registry.js";
import type { RequestView } from "./requests.js";

/** `theta.ondemand.chat`: the reply, the same fields whether it was streamed or not. */
export type ChatCommandResult = ChatView & { readonly dryRun?: undefined };

/** `theta.ondemand.infer`, `status` and `pollUntilDone`: the request's state, output and cost. */
export type RequestCommandResult = RequestView & { readonly dryRun?: undefined };

export interface OndemandCommandResults {
  "theta.ondemand.chat": ChatCommandResult | DryRunResult;
  "theta.ondemand.infer": RequestCommandResult | DryRunResult;
  "theta.ondemand.status": RequestCommandResult;
  "theta.ondemand.pollUntilDone": RequestCommandResult;
}
