import { describe, expect, it } from "vitest";
import { createBudgetGuard, failureWasNotCharged, type SettleResult, withBudget } from "./budget.js";
import {
  ThetaApiError,
  ThetaBudgetError,
  ThetaConnectionError,
  ThetaTimeoutError,
  ThetaValidationError,
} from "./errors.js";
import { rejectionOf } from "./testing/fixtures.js";

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
    expect(await guard.snapshot()).toEqual({
      capUsd: 1,
      spentUsd: 0,
      reservedUsd: 0.8,
      remainingUsd: 0.2,
      overshootUsd: 0,
      overrunUsd: 0,
    });
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
    expect(error.message).toBe(
      "Budget cap exceeded: createInferRequest flux is estimated at $0.75, but the cap is $2.00 with $1.25 spent " +
        "and $0.50 reserved ($0.25 left); it was not sent. To allow it, raise the cap (set by the capUsd option) " +
        "or lower the request (fewer tokens, smaller input).",
    );
  });

  it("shows exact figures, never rounded to cents", async () => {
    const guard = createBudgetGuard({ capUsd: 0.0149 });
    await (await guard.reserve(0.005)).settle();
    await guard.reserve(0.0039);
    const error = (await rejectionOf(guard.reserve(0.0061, "flux"))) as ThetaBudgetError;
    expect(error.message).toContain(
      "flux is estimated at $0.0061, but the cap is $0.0149 with $0.005 spent and $0.0039 reserved ($0.006 left)",
    );
    // Float noise is not a figure: 0.1 + 0.2 is shown as $0.30.
    const noisy = createBudgetGuard({ capUsd: 0.35 });
    await (await noisy.reserve(0.1)).settle();
    await (await noisy.reserve(0.2)).settle();
    expect(((await rejectionOf(noisy.reserve(0.1))) as Error).message).toContain("$0.30 spent");
  });

  it("names where the cap came from in the fix", async () => {
    const message = async (capSource?: string): Promise<string> => {
      const guard = createBudgetGuard({ capUsd: 0.01, ...(capSource === undefined ? {} : { capSource }) });
      return ((await rejectionOf(guard.reserve(0.02))) as Error).message;
    };
    expect(await message()).toContain("raise the cap (set by the capUsd option)");
    const flag = await message("the --budget flag");
    expect(flag).toContain("raise the cap (set by the --budget flag)");
    expect(flag).not.toContain("THETA_MAX_BUDGET_USD");
    expect(await message("THETA_MAX_BUDGET_USD")).toContain("raise the cap (set by THETA_MAX_BUDGET_USD)");
    expect(createBudgetGuard({ capUsd: 1, capSource: "the --budget flag" }).capSource).toBe(
      "the --budget flag",
    );
    expect(() => createBudgetGuard({ capUsd: 1, capSource: " " })).toThrow(ThetaValidationError);
  });

  it("validates amounts", async () => {
    expect(() => createBudgetGuard({ capUsd: -1 })).toThrow(ThetaValidationError);
    const guard = createBudgetGuard({ capUsd: 1 });
    expect(ThetaValidationError.isInstance(await rejectionOf(guard.reserve(Number.NaN)))).toBe(true);
    const r = await guard.reserve(0.1);
    expect(ThetaValidationError.isInstance(await rejectionOf(r.settle(-2)))).toBe(true);
  });
});

/** A small deterministic generator, so the interleavings below are the same on every run. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 0x1_0000_0000;
  };
}

async function yieldTimes(count: number): Promise<void> {
  for (let index = 0; index < count; index += 1) await new Promise((resolve) => setImmediate(resolve));
}

describe("createBudgetGuard: calls that cost more than estimated", () => {
  it("1000 concurrent cycles at 500x their estimate: nothing is admitted once the books are over, and the overshoot is reported", async () => {
    const capUsd = 1;
    const estimateUsd = 0.01;
    const actualUsd = 5;
    const guard = createBudgetGuard({ capUsd });
    const random = seededRandom(42);
    const settles: SettleResult[] = [];
    const refusals: ThetaBudgetError[] = [];
    let admitted = 0;
    await Promise.all(
      Array.from({ length: 1000 }, async (_, index) => {
        await yieldTimes(Math.floor(random() * 40));
        let reservation: Awaited<ReturnType<typeof guard.reserve>>;
        try {
          reservation = await guard.reserve(estimateUsd, `cycle ${index}`);
        } catch (error) {
          if (!ThetaBudgetError.isInstance(error)) throw error;
          refusals.push(error);
          return;
        }
        admitted += 1;
        await yieldTimes(Math.floor(random() * 40));
        settles.push(await reservation.settle(actualUsd));
      }),
    );

    // Reservations never pass the cap: at most 100 of $0.01 fit in $1.
    expect(admitted).toBeGreaterThan(0);
    expect(admitted).toBeLessThanOrEqual(100);
    expect(admitted + refusals.length).toBe(1000);
    for (const result of settles) expect(result).toMatchObject({ costUsd: 5, overrunUsd: 4.99 });

    // The first settle puts the books over the cap (and they stay over: every cost is 500x).
    const first = settles[0] as SettleResult;
    expect(first.books.overshootUsd).toBeGreaterThan(0);
    // The bound, exactly: spending = what was spent then + the actual cost of every call reserved then.
    // Any reservation admitted after that moment would add $5 more.
    const inFlightThen = Math.round(first.books.reservedUsd / estimateUsd);
    const snapshot = await guard.snapshot();
    expect(snapshot.spentUsd).toBe(first.books.spentUsd + inFlightThen * actualUsd);
    expect(admitted).toBe(1 + inFlightThen);
    expect(snapshot).toEqual({
      capUsd,
      spentUsd: admitted * actualUsd,
      reservedUsd: 0,
      remainingUsd: 0,
      overshootUsd: admitted * actualUsd - capUsd,
      overrunUsd: Math.round(admitted * (actualUsd - estimateUsd) * 100) / 100,
    });
    // Each settle reports the books after it; the last one sees the final overshoot.
    expect((settles.at(-1) as SettleResult).books.overshootUsd).toBe(snapshot.overshootUsd);

    // The next refused call says the books are over the cap, by how much, and why.
    const next = (await rejectionOf(guard.reserve(estimateUsd, "next"))) as ThetaBudgetError;
    const over = (admitted * actualUsd - capUsd).toFixed(2);
    const overrun = (admitted * (actualUsd - estimateUsd)).toFixed(2);
    expect(next.message).toContain(
      `the books are already $${over} over the cap, because settled calls cost $${overrun} more than their estimates, ` +
        "and no call is admitted until they are back under it; it was not sent",
    );
    expect(refusals.some((error) => error.message.includes("over the cap"))).toBe(true);
  });

  it("admits again once the books are back under the cap", async () => {
    const guard = createBudgetGuard({ capUsd: 1 });
    const expensive = await guard.reserve(0.6);
    const cheap = await guard.reserve(0.4);
    const over = await expensive.settle(0.9);
    expect(over).toEqual({
      costUsd: 0.9,
      overrunUsd: 0.3,
      books: {
        capUsd: 1,
        spentUsd: 0.9,
        reservedUsd: 0.4,
        remainingUsd: 0,
        overshootUsd: 0.3,
        overrunUsd: 0.3,
      },
    });
    expect(ThetaBudgetError.isInstance(await rejectionOf(guard.reserve(0)))).toBe(true);
    const under = await cheap.settle(0);
    expect(under.books).toMatchObject({ spentUsd: 0.9, reservedUsd: 0, remainingUsd: 0.1, overshootUsd: 0 });
    await (await guard.reserve(0.1)).settle();
    expect(ThetaBudgetError.isInstance(await rejectionOf(guard.reserve(0.01)))).toBe(true);
  });

  it("settle resolves to the first outcome when called again or after a release", async () => {
    const guard = createBudgetGuard({ capUsd: 1 });
    const settled = await guard.reserve(0.2);
    const first = await settled.settle(0.3);
    expect(await settled.settle(0.9)).toEqual(first);
    const released = await guard.reserve(0.2);
    await released.release();
    expect(await released.settle(0.5)).toMatchObject({ costUsd: 0, overrunUsd: 0 });
    expect((await guard.snapshot()).spentUsd).toBeCloseTo(0.3, 9);
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
    expect(failureWasNotCharged(new ThetaApiError({ status: 409 }))).toBe(true);
  });

  it("keeps a call charged when its 2xx answer could not be read (too large, not the expected shape)", () => {
    expect(failureWasNotCharged(new ThetaApiError({ status: 200, code: "response_too_large" }))).toBe(false);
    expect(failureWasNotCharged(new ThetaApiError({ status: 200, code: "api_error" }))).toBe(false);
  });
});
