/**
 * The file ledger across processes, with a writer paused past the stale time: three spenders share
 * one ledger; one is stopped (SIGSTOP) for three stale periods at a time while the others spend, then
 * resumed. Real spending (what each process was admitted and settled) must equal what the ledger
 * recorded, never pass the cap, and nothing may be left behind in the ledger's folder.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createBudgetGuard } from "@theta/core";

export interface LedgerOutcome {
  readonly processes: number;
  readonly pauses: number;
  readonly admittedUsd: number;
  readonly recordedUsd: number;
  readonly capUsd: number;
  readonly leftovers: readonly string[];
}

const CAP_USD = 1;
const STALE_WRITE_MS = 150;
const SPENDERS = 3;
const CYCLES = 60;

/** One spender: reserves $0.01 and settles it, CYCLES times, then prints what it was admitted. */
function spenderScript(coreUrl: string, ledgerFile: string): string {
  return `
const { createBudgetGuard, ThetaBudgetError } = await import(${JSON.stringify(coreUrl)});
const guard = createBudgetGuard({ capUsd: ${CAP_USD}, ledgerFile: ${JSON.stringify(ledgerFile)}, staleWriteMs: ${STALE_WRITE_MS}, writeTimeoutMs: 30000 });
let admitted = 0;
for (let i = 0; i < ${CYCLES}; i++) {
  try {
    const reservation = await guard.reserve(0.01, "ledger-storm");
    await reservation.settle(0.01);
    admitted += 0.01;
  } catch (error) {
    if (!ThetaBudgetError.isInstance(error)) throw error;
  }
}
process.stdout.write(JSON.stringify({ admitted }) + "\\n");
`;
}

export async function runLedgerStorm(): Promise<LedgerOutcome> {
  const folder = mkdtempSync(join(tmpdir(), "theta-ledger-storm-"));
  const ledgerFile = join(folder, "budget.json");
  const require = createRequire(import.meta.url);
  const coreUrl = pathToFileURL(require.resolve("@theta/core")).href;
  try {
    const children = Array.from({ length: SPENDERS }, () =>
      spawn(process.execPath, ["--input-type=module", "-e", spenderScript(coreUrl, ledgerFile)], {
        stdio: ["ignore", "pipe", "inherit"],
      }),
    );
    const outputs = children.map(
      (child) =>
        new Promise<number>((resolve, reject) => {
          let text = "";
          child.stdout.setEncoding("utf8");
          child.stdout.on("data", (chunk: string) => {
            text += chunk;
          });
          child.on("close", (code) => {
            if (code !== 0) reject(new Error(`a ledger spender exited with ${code}`));
            else resolve((JSON.parse(text) as { admitted: number }).admitted);
          });
        }),
    );
    // Pause the first spender again and again, each time for three stale periods.
    const paused = children[0];
    let pauses = 0;
    let running = true;
    void outputs[0]?.finally(() => {
      running = false;
    });
    while (running && pauses < 8) {
      await new Promise((resolve) => setTimeout(resolve, 40));
      if (!running || !paused) break;
      paused.kill("SIGSTOP");
      pauses++;
      await new Promise((resolve) => setTimeout(resolve, STALE_WRITE_MS * 3));
      paused.kill("SIGCONT");
    }
    const admitted = (await Promise.all(outputs)).reduce((sum, value) => sum + value, 0);
    const guard = createBudgetGuard({ capUsd: CAP_USD, ledgerFile, staleWriteMs: STALE_WRITE_MS });
    const recorded = (await guard.snapshot()).spentUsd;
    const leftovers = [
      ...readdirSync(folder).filter((name) => name.endsWith(".tmp") || name.endsWith(".lock")),
      ...readdirSync(`${ledgerFile}.d`).filter((name) => !/^\d+\.json$/.test(name)),
    ];
    return {
      processes: SPENDERS,
      pauses,
      admittedUsd: Math.round(admitted * 100) / 100,
      recordedUsd: Math.round(recorded * 100) / 100,
      capUsd: CAP_USD,
      leftovers,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
