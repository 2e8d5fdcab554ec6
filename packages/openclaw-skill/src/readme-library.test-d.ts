/**
 * The README's library example, compiled by `tsc --noEmit` (`pnpm typecheck`); never executed.
 * `readme-library.test.ts` checks that the README shows exactly this code, so the README's example
 * is the one that typechecks.
 */
import { expectTypeOf } from "vitest";
import type { CommandResult, DryRunResult } from "./index.js";
import { executeCommand, listCommands } from "./index.js";

export async function readmeLibraryExample(): Promise<void> {
  // README example start
  console.log(listCommands().map((command) => `${command.name} ${command.billable ? "(paid)" : ""}`));

  const reply = await executeCommand(
    "theta.ondemand.chat",
    { messages: [{ role: "user", content: "hi" }] },
    {
      env: process.env, // default
      // getSecret: (name) => vault.read(name),    // asked with env names; wins over env
      // dryRun: true, maxBudgetUsd: 2, signal, onProgress: (event) => {}, baseUrls: { ondemand }
    },
  );
  if (reply.dryRun) console.log(reply.plan);
  else console.log(reply.content, reply.costUsd);
  // README example end

  if (!reply.dryRun) {
    expectTypeOf(reply.content).toEqualTypeOf<string>();
    expectTypeOf(reply.costUsd).toEqualTypeOf<number | undefined>();
  } else {
    expectTypeOf(reply).toEqualTypeOf<DryRunResult>();
  }
  const status = await executeCommand("theta.ondemand.status", { requestId: "infr_rqst_1" });
  expectTypeOf(status.state).toEqualTypeOf<string>();
  // A command without a typed result stays unknown (a CommandResult once checked).
  const health = await executeCommand("theta.health");
  expectTypeOf(health).toEqualTypeOf<unknown>();
  if (typeof health === "object" && health !== null) {
    const checked: CommandResult = health as CommandResult;
    expectTypeOf(checked.anything).toEqualTypeOf<unknown>();
  }
}
