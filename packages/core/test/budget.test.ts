import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBudgetGuard, failureWasNotCharged, withBudget } from "../src/budget.js";
import {
  ThetaApiError,
  ThetaBudgetError,
  ThetaConnectionError,
  ThetaTimeoutError,
  ThetaValidationError,
} from "../src/errors.js";
import { rejectionOf } from "./support/fixtures.js";

const run = promisify(execFile);
const srcDir = join(dirname(fileURLToPath(import.meta.url)), "..", "src");

async function settleAll<T>(tasks: Array<Promise<T>>) {
  const results = await Promise.allSettled(tasks);
  const ok = results.filter((r) => r.status === "fulfilled").length;
  const reasons = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
  return { ok, reasons };
}

describe("createBudgetGuard (in memory)", () => {
  it("lets exactly 100 of 200 concurrent $0.01 reservations through a $1 cap", async () => {
    const guard = createBudgetGuard({ capUsd: 1 });
    const { ok, reasons } = await settleAll(Array.from({ length: 200 }, () => guard.reserve(0.01, "image")));
    expect(ok).toBe(100);
    expect(reasons).toHaveLength(100);
    expect(reasons.every((r) => ThetaBudgetError.isInstance(r))).toBe(true);
    const snap = await guard.snapshot();
    expect(snap.reservedUsd).toBeCloseTo(1, 9);
    expect(snap.reservedUsd).toBeLessThanOrEqual(1 + 1e-9);
    expect(snap.spentUsd).toBe(0);
    expect(snap.remainingUsd).toBeCloseTo(0, 9);
  });

  it("holds the cap with uneven estimates", async () => {
    const guard = createBudgetGuard({ capUsd: 1 });
    const { ok } = await settleAll(Array.from({ length: 200 }, () => guard.reserve(0.3)));
    expect(ok).toBe(3);
  });

  it("settles (actual or estimate) and releases", async () => {
    const guard = createBudgetGuard({ capUsd: 1 });
    const a = await guard.reserve(0.4);
    const b = await guard.reserve(0.4);
    expect(await guard.snapshot()).toEqual({ capUsd: 1, spentUsd: 0, reservedUsd: 0.8, remainingUsd: 0.2 });
    await expect(guard.reserve(0.3)).rejects.toSatisfy(ThetaBudgetError.isInstance);
    await a.settle(0.1);
    await a.settle(5); // second settle is a no-op
    let snap = await guard.snapshot();
    expect(snap.spentUsd).toBeCloseTo(0.1, 9);
    expect(snap.reservedUsd).toBeCloseTo(0.4, 9);
    await b.release();
    await b.settle(); // after release: no-op
    snap = await guard.snapshot();
    expect(snap.spentUsd).toBeCloseTo(0.1, 9);
    expect(snap.reservedUsd).toBe(0);
    const c = await guard.reserve(0.5);
    await c.settle();
    snap = await guard.snapshot();
    expect(snap.spentUsd).toBeCloseTo(0.6, 9);
    expect(snap.remainingUsd).toBeCloseTo(0.4, 9);
  });

  it("explains the refusal: cap, spent, reserved, estimate and the fix", async () => {
    const guard = createBudgetGuard({ capUsd: 2 });
    await (await guard.reserve(1.25)).settle();
    await guard.reserve(0.5);
    const error = (await rejectionOf(guard.reserve(0.75, "createInferRequest flux"))) as ThetaBudgetError;
    expect(error.code).toBe("budget_exceeded");
    expect(error).toMatchObject({ capUsd: 2, spentUsd: 1.25, reservedUsd: 0.5, estimateUsd: 0.75 });
    expect(error.message).toContain("$2.00");
    expect(error.message).toContain("$1.25");
    expect(error.message).toContain("$0.50");
    expect(error.message).toContain("$0.75");
    expect(error.message).toContain("THETA_MAX_BUDGET_USD");
    expect(error.message).toMatch(/lower the request/);
  });

  it("validates amounts", async () => {
    expect(() => createBudgetGuard({ capUsd: -1 })).toThrow(ThetaValidationError);
    const guard = createBudgetGuard({ capUsd: 1 });
    expect(ThetaValidationError.isInstance(await rejectionOf(guard.reserve(Number.NaN)))).toBe(true);
    const r = await guard.reserve(0.1);
    expect(ThetaValidationError.isInstance(await rejectionOf(r.settle(-2)))).toBe(true);
  });
});

describe("withBudget", () => {
  it("settles the actual cost on success", async () => {
    const guard = createBudgetGuard({ capUsd: 1 });
    const result = await withBudget(
      guard,
      { estimateUsd: 0.5, label: "x" },
      async () => ({ cost: 0.02 }),
      (r) => r.cost,
    );
    expect(result).toEqual({ cost: 0.02 });
    expect((await guard.snapshot()).spentUsd).toBeCloseTo(0.02, 9);
  });

  it("settles the estimate when the actual cost is unknown", async () => {
    const guard = createBudgetGuard({ capUsd: 1 });
    await withBudget(
      guard,
      { estimateUsd: 0.3 },
      async () => "ok",
      () => undefined,
    );
    expect((await guard.snapshot()).spentUsd).toBeCloseTo(0.3, 9);
  });

  it("releases on definitely-not-charged failures and settles the estimate when the outcome is unknown", async () => {
    const guard = createBudgetGuard({ capUsd: 1 });
    const notSent = new ThetaConnectionError({ outcome: "not_sent" });
    const capacity = new ThetaApiError({ status: 409, serverMessage: "No instances available" });
    const unknown = new ThetaConnectionError({ outcome: "unknown" });
    const timeout = new ThetaTimeoutError({ timeoutMs: 10, phase: "attempt" });
    const fail = (error: unknown) => () => Promise.reject(error);
    await rejectionOf(withBudget(guard, { estimateUsd: 0.2 }, fail(notSent)));
    await rejectionOf(withBudget(guard, { estimateUsd: 0.2 }, fail(capacity)));
    expect(await guard.snapshot()).toMatchObject({ spentUsd: 0, reservedUsd: 0 });
    expect(await rejectionOf(withBudget(guard, { estimateUsd: 0.2 }, fail(unknown)))).toBe(unknown);
    await rejectionOf(withBudget(guard, { estimateUsd: 0.2 }, fail(timeout)));
    const snap = await guard.snapshot();
    expect(snap.spentUsd).toBeCloseTo(0.4, 9);
    expect(snap.reservedUsd).toBe(0);
  });

  it("does not run the call when the budget refuses it, and runs freely without a guard", async () => {
    const guard = createBudgetGuard({ capUsd: 0.1 });
    let ran = false;
    const error = await rejectionOf(
      withBudget(guard, { estimateUsd: 0.2 }, async () => {
        ran = true;
      }),
    );
    expect(ThetaBudgetError.isInstance(error)).toBe(true);
    expect(ran).toBe(false);
    expect(await withBudget(undefined, { estimateUsd: 99 }, async () => 7)).toBe(7);
  });

  it("classifies failures", () => {
    expect(failureWasNotCharged(new ThetaApiError({ status: 503 }))).toBe(true);
    expect(failureWasNotCharged(new ThetaApiError({ status: 502 }))).toBe(false);
    expect(failureWasNotCharged(new Error("?"))).toBe(false);
  });
});

describe("createBudgetGuard with a ledger file", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "theta-budget-"));
    // Child processes run plain Node: give them JavaScript copies of the budget module and its imports.
    for (const name of ["budget", "errors", "redact"]) {
      const source = await readFile(join(srcDir, `${name}.ts`), "utf8");
      const output = ts.transpileModule(source, {
        compilerOptions: {
          module: ts.ModuleKind.ESNext,
          target: ts.ScriptTarget.ES2022,
          verbatimModuleSyntax: true,
        },
      });
      await writeFile(join(dir, `${name}.js`), output.outputText);
    }
    await writeFile(
      join(dir, "worker.mjs"),
      `import { createBudgetGuard } from "./budget.js";
const [ledgerFile, count, estimate, cap] = process.argv.slice(2);
const guard = createBudgetGuard({ capUsd: Number(cap), ledgerFile });
let ok = 0;
let refused = 0;
await Promise.all(Array.from({ length: Number(count) }, async (_, i) => {
  try {
    const reservation = await guard.reserve(Number(estimate), "worker " + i);
    ok += 1;
    await reservation.settle();
  } catch (error) {
    if (error && error.code === "budget_exceeded") refused += 1;
    else throw error;
  }
}));
process.stdout.write(JSON.stringify({ ok, refused }));
`,
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("persists reservations and spending across guards", async () => {
    const ledgerFile = join(dir, "same-process.json");
    const first = createBudgetGuard({ capUsd: 1, ledgerFile });
    const r = await first.reserve(0.25);
    await (await first.reserve(0.5)).settle(0.5);
    const second = createBudgetGuard({ capUsd: 1, ledgerFile });
    expect(await second.snapshot()).toEqual({
      capUsd: 1,
      spentUsd: 0.5,
      reservedUsd: 0.25,
      remainingUsd: 0.25,
    });
    expect(ThetaBudgetError.isInstance(await rejectionOf(second.reserve(0.3)))).toBe(true);
    await r.release();
    await (await second.reserve(0.3)).settle();
    expect((await first.snapshot()).spentUsd).toBeCloseTo(0.8, 9);
    const { ok } = await settleAll(Array.from({ length: 50 }, () => second.reserve(0.01)));
    expect(ok).toBe(20);
  });

  it("never overshoots when two processes share the ledger", async () => {
    const ledgerFile = join(dir, "shared.json");
    const worker = join(dir, "worker.mjs");
    const args = [worker, ledgerFile, "40", "0.01", "0.5"];
    const [a, b] = await Promise.all([
      run(process.execPath, args, { cwd: dir }),
      run(process.execPath, args, { cwd: dir }),
    ]);
    const ra = JSON.parse(a.stdout) as { ok: number; refused: number };
    const rb = JSON.parse(b.stdout) as { ok: number; refused: number };
    expect(ra.ok + rb.ok).toBe(50);
    expect(ra.refused + rb.refused).toBe(30);
    const ledger = JSON.parse(await readFile(ledgerFile, "utf8")) as {
      spentUsd: number;
      reservations: Record<string, unknown>;
    };
    expect(ledger.spentUsd).toBeCloseTo(0.5, 9);
    expect(ledger.spentUsd).toBeLessThanOrEqual(0.5 + 1e-9);
    expect(Object.keys(ledger.reservations)).toHaveLength(0);
  });

  it("recovers from a stale lock left by a crashed process", async () => {
    const ledgerFile = join(dir, "stale.json");
    await writeFile(`${ledgerFile}.lock`, "{}");
    const { utimes } = await import("node:fs/promises");
    const old = new Date(Date.now() - 60_000);
    await utimes(`${ledgerFile}.lock`, old, old);
    const guard = createBudgetGuard({ capUsd: 1, ledgerFile, staleLockMs: 1000 });
    await (await guard.reserve(0.1)).settle();
    expect((await guard.snapshot()).spentUsd).toBeCloseTo(0.1, 9);
  });

  it("reports a corrupt ledger with the fix", async () => {
    const ledgerFile = join(dir, "corrupt.json");
    await writeFile(ledgerFile, "not json");
    const error = await rejectionOf(createBudgetGuard({ capUsd: 1, ledgerFile }).reserve(0.1));
    expect((error as Error).message).toMatch(/not valid JSON/);
    expect((error as Error).message).toMatch(/Delete it/);
  });
});
