import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBudgetGuard, type SettleResult } from "./budget.js";
import { ThetaBudgetError } from "./errors.js";
import {
  leftovers,
  type SpenderReport,
  sleep,
  startSpender,
  writeBudgetModules,
} from "./testing/budget-processes.js";
import { rejectionOf } from "./testing/fixtures.js";

let dir: string;
let caseNumber = 0;

/** A fresh directory for one test's ledger, so leftovers are that test's own. */
async function ledgerIn(name: string): Promise<{ home: string; ledgerFile: string }> {
  caseNumber += 1;
  const home = join(dir, `${caseNumber}-${name}`);
  await mkdir(home);
  return { home, ledgerFile: join(home, "budget.json") };
}

async function readCopy(
  ledgerFile: string,
): Promise<{ spentUsd: number; reservations: Record<string, unknown> }> {
  return JSON.parse(await readFile(ledgerFile, "utf8")) as {
    spentUsd: number;
    reservations: Record<string, unknown>;
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "theta-budget-"));
  await writeBudgetModules(dir);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("createBudgetGuard with a ledger file", () => {
  it("persists reservations and spending across guards", async () => {
    const { ledgerFile } = await ledgerIn("same-process");
    const first = createBudgetGuard({ capUsd: 1, ledgerFile });
    const r = await first.reserve(0.25);
    await (await first.reserve(0.5)).settle(0.5);
    const second = createBudgetGuard({ capUsd: 1, ledgerFile });
    expect(await second.snapshot()).toEqual({
      capUsd: 1,
      spentUsd: 0.5,
      reservedUsd: 0.25,
      remainingUsd: 0.25,
      overshootUsd: 0,
      overrunUsd: 0,
    });
    expect(ThetaBudgetError.isInstance(await rejectionOf(second.reserve(0.3)))).toBe(true);
    await r.release();
    await (await second.reserve(0.3)).settle();
    expect((await first.snapshot()).spentUsd).toBeCloseTo(0.8, 9);
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => second.reserve(0.01)));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(20);
  });

  it("never overshoots when two processes share the ledger, and leaves one generation and no temporary file", async () => {
    const { home, ledgerFile } = await ledgerIn("shared");
    const settings = { ledgerFile, capUsd: 0.5, cycles: 40, estimateUsd: 0.01, actualUsd: 0.01 };
    const [a, b] = await Promise.all([
      startSpender(dir, settings).report,
      startSpender(dir, settings).report,
    ]);
    expect(a.admitted + b.admitted).toBe(50);
    expect(a.refused + b.refused).toBe(30);
    const copy = await readCopy(ledgerFile);
    expect(copy.spentUsd).toBeCloseTo(0.5, 9);
    expect(copy.spentUsd).toBeLessThanOrEqual(0.5 + 1e-9);
    expect(Object.keys(copy.reservations)).toHaveLength(0);
    expect(await leftovers(home)).toEqual([]);
    expect((await readdir(`${ledgerFile}.d`)).filter((name) => name.endsWith(".json"))).toHaveLength(1);
  });

  it.each([
    ["reserve", "the paused reservation is re-checked against the new books and refused"],
    ["settle", "the paused settle is redone on top of the other process's spending"],
  ] as const)(
    "a process SIGSTOPped past the stale time in its %s commit cannot overwrite the other's spending: %s",
    async (pauseAt, _outcome) => {
      const { home, ledgerFile } = await ledgerIn(`sigstop-${pauseAt}`);
      const staleWriteMs = 300;
      const capUsd = 0.5;
      // A: one $0.20 call, stopped right before the commit of its reservation (or of its settle).
      const paused = startSpender(dir, {
        ledgerFile,
        capUsd,
        cycles: 1,
        estimateUsd: 0.2,
        actualUsd: 0.2,
        staleWriteMs,
        pauseAt,
      });
      await paused.paused;
      paused.child.kill("SIGSTOP");
      let leftWhileStopped: string[];
      try {
        await sleep(staleWriteMs * 3);
        // B spends while A is stopped; nothing of A's stands in its way.
        const other = await startSpender(dir, {
          ledgerFile,
          capUsd,
          cycles: 10,
          estimateUsd: 0.1,
          actualUsd: 0.1,
          staleWriteMs,
        }).report;
        expect(other.admitted).toBe(pauseAt === "reserve" ? 5 : 3);
        leftWhileStopped = await leftovers(home);
      } finally {
        paused.child.kill("SIGCONT");
      }
      paused.resume();
      const resumed = await paused.report;

      // Recorded spending is what the admitted calls really cost, within the cap.
      const recorded = await createBudgetGuard({ capUsd, ledgerFile }).snapshot();
      const realUsd = resumed.admittedUsd + (pauseAt === "reserve" ? 0.5 : 0.3);
      expect(recorded.spentUsd).toBeCloseTo(realUsd, 9);
      expect(recorded.spentUsd).toBeLessThanOrEqual(capUsd + 1e-9);
      expect(recorded.reservedUsd).toBe(0);
      expect((await readCopy(ledgerFile)).spentUsd).toBeCloseTo(realUsd, 9);
      if (pauseAt === "reserve") {
        expect(resumed.admitted).toBe(0);
        expect(resumed.refusals[0]).toContain("with $0.50 spent");
      } else {
        expect(resumed.admitted).toBe(1);
        expect(resumed.settles[0]?.books).toMatchObject({ spentUsd: 0.5, reservedUsd: 0 });
      }
      // A's temporary file went as abandoned while A was stopped, and nothing is left now.
      expect(leftWhileStopped).toEqual([]);
      expect(await leftovers(home)).toEqual([]);
    },
    40_000,
  );

  it("a change paused for less than the stale time keeps the generation it will link to from being swept", async () => {
    const { home, ledgerFile } = await ledgerIn("paused-not-stale");
    // A: reserved $0.20, then stopped right before committing its settle (which it bases on the books
    // it just read). Nothing is stale: its pending write must stop the other process's sweeps from
    // deleting that generation's successor, or A's late link would land on a freed name and vanish.
    const paused = startSpender(dir, {
      ledgerFile,
      capUsd: 1,
      cycles: 1,
      estimateUsd: 0.2,
      actualUsd: 0.2,
      staleWriteMs: 60_000,
      pauseAt: "settle",
    });
    await paused.paused;
    paused.child.kill("SIGSTOP");
    let other: SpenderReport;
    try {
      other = await startSpender(dir, {
        ledgerFile,
        capUsd: 1,
        cycles: 3,
        estimateUsd: 0.1,
        actualUsd: 0.1,
        staleWriteMs: 60_000,
      }).report;
    } finally {
      paused.child.kill("SIGCONT");
    }
    paused.resume();
    const resumed = await paused.report;
    expect(other.admitted).toBe(3);
    expect(resumed.admitted).toBe(1);
    const recorded = await createBudgetGuard({ capUsd: 1, ledgerFile }).snapshot();
    expect(recorded).toMatchObject({ spentUsd: 0.5, reservedUsd: 0 });
    expect(await leftovers(home)).toEqual([]);
  }, 40_000);

  it("a process killed (SIGKILL) in the middle of a change leaves nothing that blocks or stays behind", async () => {
    const { home, ledgerFile } = await ledgerIn("sigkill");
    const killed = startSpender(dir, {
      ledgerFile,
      capUsd: 1,
      cycles: 1,
      estimateUsd: 0.2,
      actualUsd: 0.2,
      pauseAt: "reserve",
    });
    await killed.paused;
    killed.child.kill("SIGKILL");
    await killed.exited;
    expect((await leftovers(home)).length).toBeGreaterThan(0);

    // The next process removes what the dead one left at once (its process is gone), not after a
    // stale time (a minute here).
    const next = await startSpender(dir, {
      ledgerFile,
      capUsd: 1,
      cycles: 1,
      estimateUsd: 0.3,
      actualUsd: 0.3,
      staleWriteMs: 60_000,
    }).report;
    expect(next.admitted).toBe(1);
    expect(await leftovers(home)).toEqual([]);
    const recorded = await createBudgetGuard({ capUsd: 1, ledgerFile }).snapshot();
    expect(recorded).toMatchObject({ spentUsd: 0.3, reservedUsd: 0 });
  }, 40_000);

  it("across processes: nothing is admitted once calls that cost 500x their estimate put the books over", async () => {
    const { home, ledgerFile } = await ledgerIn("overshoot");
    const capUsd = 1;
    const estimateUsd = 0.01;
    const actualUsd = 5;
    const settings = { ledgerFile, capUsd, cycles: 150, estimateUsd, actualUsd };
    const reports = await Promise.all([
      startSpender(dir, settings).report,
      startSpender(dir, settings).report,
    ]);
    const admitted = reports.reduce((total, report) => total + report.admitted, 0);
    const settles = reports.flatMap((report) => report.settles);
    expect(admitted).toBeGreaterThan(0);
    expect(admitted).toBeLessThanOrEqual(100);
    expect(settles).toHaveLength(admitted);

    // Spending only grows here, so the settle that saw the least spending is the first one: it put the
    // books over. Everything spent after it is the calls reserved at that moment, and nothing else.
    const first = settles.reduce((a: SettleResult, b: SettleResult) =>
      b.books.spentUsd < a.books.spentUsd ? b : a,
    );
    expect(first.books.overshootUsd).toBeGreaterThan(0);
    const inFlightThen = Math.round(first.books.reservedUsd / estimateUsd);
    const recorded = await createBudgetGuard({ capUsd, ledgerFile }).snapshot();
    expect(recorded.spentUsd).toBe(first.books.spentUsd + inFlightThen * actualUsd);
    expect(admitted).toBe(1 + inFlightThen);
    expect(recorded).toMatchObject({
      spentUsd: admitted * actualUsd,
      reservedUsd: 0,
      overshootUsd: admitted * actualUsd - capUsd,
    });
    // Any process's next call is refused, saying how far over the books are.
    const next = (await rejectionOf(createBudgetGuard({ capUsd, ledgerFile }).reserve(estimateUsd))) as Error;
    expect(next.message).toContain(
      `the books are already $${(admitted * actualUsd - capUsd).toFixed(2)} over the cap`,
    );
    expect(await leftovers(home)).toEqual([]);
  }, 60_000);

  it("starts from an existing ledger file when its directory is missing", async () => {
    const { ledgerFile } = await ledgerIn("seed");
    await writeFile(ledgerFile, JSON.stringify({ version: 1, spentUsd: 0.75, reservations: {} }));
    const guard = createBudgetGuard({ capUsd: 1, ledgerFile });
    expect((await guard.snapshot()).spentUsd).toBe(0.75);
    await (await guard.reserve(0.25)).settle();
    expect(ThetaBudgetError.isInstance(await rejectionOf(guard.reserve(0.01)))).toBe(true);
    expect((await readCopy(ledgerFile)).spentUsd).toBe(1);
  });

  it("reports a corrupt ledger with the fix", async () => {
    const { ledgerFile } = await ledgerIn("corrupt");
    await writeFile(ledgerFile, "not json");
    const error = await rejectionOf(createBudgetGuard({ capUsd: 1, ledgerFile }).reserve(0.1));
    expect((error as Error).message).toMatch(/not valid JSON/);
    expect((error as Error).message).toMatch(/Delete it/);
  });

  it("validates the file ledger's durations", () => {
    expect(() => createBudgetGuard({ capUsd: 1, ledgerFile: "x.json", staleWriteMs: 0 })).toThrow(
      /staleWriteMs/,
    );
    expect(() => createBudgetGuard({ capUsd: 1, ledgerFile: "x.json", writeTimeoutMs: Number.NaN })).toThrow(
      /writeTimeoutMs/,
    );
  });
});
