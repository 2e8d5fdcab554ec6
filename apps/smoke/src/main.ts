#!/usr/bin/env node
import { createBudgetGuard, redactText } from "@theta/core";
import { type Simulator, startSimulator } from "@theta/simulator";
import type { CheckRow } from "./check-row.js";
import { SMOKE_FAMILIES } from "./families/index.js";
import { familiesReadyForLive } from "./live-credentials.js";
import { HELP, readSettings, SmokeUsageError } from "./settings.js";
import { renderTable } from "./table.js";

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(HELP);
    return 0;
  }
  const settings = readSettings(argv, process.env);
  const budget = createBudgetGuard({ capUsd: settings.maxBudgetUsd, capSource: "THETA_MAX_BUDGET_USD" });
  let simulator: Simulator | undefined;
  const progress = (line: string) => process.stderr.write(`  … ${line}\n`);
  try {
    if (!settings.live) simulator = await startSimulator({ quiet: true });
    const rows: CheckRow[] = [];
    const record = (row: CheckRow) => {
      rows.push(row);
      process.stderr.write(
        `${row.ok ? "✔" : "✘"} ${row.service} ${row.check}: ${row.state} (${row.detail})\n`,
      );
    };
    const note = (line: string) => process.stderr.write(`${line}\n`);
    const families = settings.live ? familiesReadyForLive(SMOKE_FAMILIES, process.env, note) : SMOKE_FAMILIES;
    for (const family of families) {
      await family.run({ settings, budget, ...(simulator ? { simulator } : {}), note, progress, record });
    }
    const snapshot = await budget.snapshot();
    if (settings.json) {
      process.stdout.write(`${JSON.stringify({ rows, budget: snapshot }, null, 2)}\n`);
    } else {
      process.stdout.write(`\n${renderTable(rows)}\n\n`);
      process.stdout.write(
        `Total spend $${snapshot.spentUsd.toFixed(4)} of $${snapshot.capUsd.toFixed(2)} cap; ` +
          `${rows.filter((r) => r.ok).length}/${rows.length} checks passed.\n`,
      );
    }
    return rows.every((r) => r.ok) ? 0 : 1;
  } finally {
    await simulator?.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`smoke: ${redactText(message)}\n`);
    process.exitCode = error instanceof SmokeUsageError ? 2 : 1;
  },
);
