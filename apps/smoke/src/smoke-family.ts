/**
 * A family's smoke checks: one module per API family (`families/<family>/`), registered in
 * `families/index.ts`. The runner starts the simulator once (or targets the live service), then asks
 * each module for its rows.
 */
import type { BudgetGuard, FamilyName } from "@theta/core";
import type { Simulator } from "@theta/simulator";
import type { CheckRow, Progress } from "./check-row.js";
import type { SmokeSettings } from "./settings.js";

export interface SmokeRun {
  readonly settings: SmokeSettings;
  /** The one spend guard every family's billable checks share. */
  readonly budget: BudgetGuard;
  /** The built-in simulator; undefined in live mode. */
  readonly simulator?: Simulator;
  /** Writes one line to stderr (the target of a family, a warning). */
  readonly note: (line: string) => void;
  readonly progress: Progress;
  /** Adds a row to the table (and prints it as it lands). */
  readonly record: (row: CheckRow) => void;
}

export interface SmokeFamily {
  readonly family: FamilyName;
  run(run: SmokeRun): Promise<void>;
}
