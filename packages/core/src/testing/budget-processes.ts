import { type ChildProcess, spawn } from "node:child_process";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import type { SettleResult } from "../budget.js";

/**
 * Real processes sharing one budget ledger: the tests spawn plain Node scripts that use JavaScript
 * copies of the budget module (and of everything it imports), so the ledger is exercised across
 * process boundaries exactly as users run it.
 */

const srcDir = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Transpiles `src/budget.ts` and every module it imports (relatively) into `dir`. */
export async function writeBudgetModules(dir: string): Promise<void> {
  const pending = ["budget"];
  const written = new Set<string>();
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (written.has(name)) continue;
    written.add(name);
    const source = await readFile(join(srcDir, `${name}.ts`), "utf8");
    const output = ts.transpileModule(source, {
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: true,
      },
    }).outputText;
    for (const match of output.matchAll(/from "\.\/([\w-]+)\.js"/g)) pending.push(match[1] as string);
    await writeFile(join(dir, `${name}.js`), output);
  }
  await writeFile(join(dir, "spender.mjs"), SPENDER_SCRIPT);
}

/**
 * The child: `cycles` concurrent reserve → settle cycles against the ledger, then one JSON line with
 * what it was admitted and what each settle returned. With `pauseAt`, it stops right before the
 * first link or rename onto the ledger's paths in that step of its first cycle (the moment a change
 * would become visible), prints "paused" and waits for "resume" on stdin: the test stops it there
 * with SIGSTOP, or kills it.
 */
const SPENDER_SCRIPT = `import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import { createInterface } from "node:readline";
import { createBudgetGuard } from "./budget.js";

const settings = JSON.parse(process.argv[2]);
const lines = createInterface({ input: process.stdin });
let resume = () => undefined;
lines.on("line", (line) => {
  if (line === "resume") resume();
});

let armed = false;
for (const name of ["link", "rename"]) {
  const real = fs.promises[name];
  fs.promises[name] = async (from, to) => {
    if (armed && String(to).startsWith(settings.ledgerFile)) {
      armed = false;
      await new Promise((resolve) => {
        resume = resolve;
        process.stdout.write("paused\\n");
      });
    }
    return real(from, to);
  };
}
syncBuiltinESMExports();

const guard = createBudgetGuard({
  capUsd: settings.capUsd,
  ledgerFile: settings.ledgerFile,
  ...(settings.staleWriteMs === undefined ? {} : { staleWriteMs: settings.staleWriteMs }),
});
const report = { admitted: 0, admittedUsd: 0, refused: 0, settles: [], refusals: [] };
await Promise.all(
  Array.from({ length: settings.cycles }, async (_, index) => {
    if (index === 0 && settings.pauseAt === "reserve") armed = true;
    let reservation;
    try {
      reservation = await guard.reserve(settings.estimateUsd, "cycle " + index);
    } catch (error) {
      if (error?.code !== "budget_exceeded") throw error;
      report.refused += 1;
      report.refusals.push(error.message);
      return;
    }
    report.admitted += 1;
    report.admittedUsd += settings.actualUsd;
    if (index === 0 && settings.pauseAt === "settle") armed = true;
    report.settles.push(await reservation.settle(settings.actualUsd));
  }),
);
process.stdout.write(JSON.stringify(report) + "\\n");
lines.close();
`;

export interface SpenderSettings {
  ledgerFile: string;
  capUsd: number;
  cycles: number;
  estimateUsd: number;
  actualUsd: number;
  staleWriteMs?: number;
  pauseAt?: "reserve" | "settle";
}

export interface SpenderReport {
  admitted: number;
  /** What the admitted calls really cost (each cycle's actual). */
  admittedUsd: number;
  refused: number;
  settles: SettleResult[];
  refusals: string[];
}

export interface Spender {
  readonly child: ChildProcess;
  /** Resolves when the child stopped at its pause point. */
  readonly paused: Promise<void>;
  resume(): void;
  /** The child's report; rejects when it exits without one. */
  readonly report: Promise<SpenderReport>;
  readonly exited: Promise<void>;
}

export function startSpender(dir: string, settings: SpenderSettings): Spender {
  const child = spawn(process.execPath, [join(dir, "spender.mjs"), JSON.stringify(settings)], {
    cwd: dir,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let markPaused: () => void = () => undefined;
  const paused = new Promise<void>((resolve) => {
    markPaused = resolve;
  });
  let lastLine = "";
  createInterface({ input: child.stdout as NonNullable<ChildProcess["stdout"]> }).on("line", (line) => {
    if (line === "paused") markPaused();
    else lastLine = line;
  });
  const exited = new Promise<void>((resolve) => child.on("close", () => resolve()));
  const report = exited.then(() => {
    if (lastLine === "")
      throw new Error(`spender exited (${child.exitCode ?? child.signalCode}) without a report: ${stderr}`);
    return JSON.parse(lastLine) as SpenderReport;
  });
  report.catch(() => undefined);
  return { child, paused, resume: () => child.stdin?.write("resume\n"), report, exited };
}

/** Files under `dir` (recursively) that a finished ledger must not leave: temporary files and locks. */
export async function leftovers(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.filter((name) => name.endsWith(".tmp") || name.endsWith(".lock")).sort();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
