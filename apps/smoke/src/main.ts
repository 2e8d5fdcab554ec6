#!/usr/bin/env node
import { createBudgetGuard, redactText } from "@theta/core";
import { createOndemandClient } from "@theta/ondemand";
import { type Simulator, startSimulator } from "@theta/simulator";
import { type CheckRow, runCatalogCheck, runServiceCheck } from "./checks.js";
import { HELP, readSettings, SmokeUsageError } from "./settings.js";
import { renderTable } from "./table.js";

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(HELP);
    return 0;
  }
  const settings = readSettings(argv, process.env);
  const budget = createBudgetGuard({ capUsd: settings.maxBudgetUsd });
  let simulator: Simulator | undefined;
  const progress = (line: string) => process.stderr.write(`  … ${line}\n`);
  try {
    let client: ReturnType<typeof createOndemandClient>;
    if (settings.live) {
      client = createOndemandClient({ budget });
      process.stderr.write(`Target: ${client.baseUrl} (live), cap $${settings.maxBudgetUsd.toFixed(2)}\n`);
    } else {
      simulator = await startSimulator({ quiet: true });
      client = createOndemandClient({
        baseUrl: simulator.baseUrls.ondemand,
        apiToken: simulator.tokens.ondemand,
        allowInsecureLoopback: true,
        budget,
        env: {},
      });
      process.stderr.write(
        `Target: built-in simulator at ${simulator.baseUrls.ondemand}, cap $${settings.maxBudgetUsd.toFixed(2)}\n`,
      );
    }
    const rows: CheckRow[] = [];
    const record = (row: CheckRow) => {
      rows.push(row);
      process.stderr.write(
        `${row.ok ? "✔" : "✘"} ${row.service} ${row.check}: ${row.state} (${row.detail})\n`,
      );
    };
    record(await runCatalogCheck(client, budget));
    for (const service of settings.services) {
      progress(`${service}: starting`);
      record(await runServiceCheck(client, budget, service, settings, progress));
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
