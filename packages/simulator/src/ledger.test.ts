import { describe, expect, it } from "vitest";
import { createManualClock } from "./clock.js";
import { Ledger, type Meter } from "./ledger.js";

/** A meter charging one dollar per second of clock time since `from`. */
function dollarPerSecond(from: number): Meter {
  return { costUsd: (now) => Math.max(0, Math.floor((now - from) / 1000)) };
}

describe("ledger meters", () => {
  it("drain the balance as the clock moves, count against what can be afforded, and settle when stopped", () => {
    const clock = createManualClock(0);
    const ledger = new Ledger(clock, 10);
    const meter = dollarPerSecond(0);
    ledger.addMeter(meter);
    clock.advance(3000);
    expect(ledger.balanceUsd()).toBe(7);
    expect(ledger.spentUsd()).toBe(3);
    expect(ledger.canAfford(7)).toBe(true);
    expect(ledger.canAfford(7.5)).toBe(false);
    ledger.setBalanceUsd(20);
    clock.advance(2000);
    expect(ledger.balanceUsd()).toBe(18);
    ledger.stopMeter(meter);
    clock.advance(60_000);
    expect(ledger.balanceUsd()).toBe(18);
    expect(ledger.spentUsd()).toBe(5);
    ledger.stopMeter(meter);
    expect(ledger.spentUsd()).toBe(5);
  });
});
