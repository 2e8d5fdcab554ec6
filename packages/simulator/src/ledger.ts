import { roundUsd } from "./prices.js";
import type { SimulatorClock } from "./types.js";

export interface Reservation {
  readonly amountUsd: number;
  /** Clock time at which the reservation settles by itself (Infinity: settled explicitly). */
  dueAt: number;
  /** Whether settling charges the amount (false: released, e.g. a job that will fail). */
  charge: boolean;
}

/**
 * A charge that grows with time by itself (a deployment billed by the hour): what it has cost up to a
 * clock time. The ledger reads it whenever the balance is read, so nothing has to tick.
 */
export interface Meter {
  costUsd(now: number): number;
}

/** Balance bookkeeping. Work in flight is reserved so concurrent requests cannot overdraw. */
export class Ledger {
  private startUsd: number;
  private spent = 0;
  private readonly open = new Set<Reservation>();
  private readonly meters = new Set<Meter>();

  constructor(
    private readonly clock: SimulatorClock,
    startUsd: number,
  ) {
    this.startUsd = startUsd;
  }

  private settleDue(): void {
    const now = this.clock.now();
    for (const r of this.open) {
      if (r.dueAt <= now) {
        this.open.delete(r);
        if (r.charge) this.spent = roundUsd(this.spent + r.amountUsd);
      }
    }
  }

  private reserved(): number {
    let total = 0;
    for (const r of this.open) if (r.charge) total += r.amountUsd;
    return total;
  }

  private metered(): number {
    const now = this.clock.now();
    let total = 0;
    for (const meter of this.meters) total += meter.costUsd(now);
    return total;
  }

  /** Everything charged so far: settled amounts and what the meters have run up. */
  private charged(): number {
    return roundUsd(this.spent + this.metered());
  }

  balanceUsd(): number {
    this.settleDue();
    return roundUsd(this.startUsd - this.charged());
  }

  spentUsd(): number {
    this.settleDue();
    return this.charged();
  }

  setBalanceUsd(balanceUsd: number): void {
    this.settleDue();
    this.startUsd = balanceUsd + this.charged();
  }

  /** Starts charging `meter`: every balance read counts its cost until `stopMeter` settles it. */
  addMeter(meter: Meter): void {
    this.meters.add(meter);
  }

  /** Settles what `meter` has run up and stops reading it. */
  stopMeter(meter: Meter): void {
    if (!this.meters.delete(meter)) return;
    this.spent = roundUsd(this.spent + meter.costUsd(this.clock.now()));
  }

  /** Whether `amountUsd` fits in the balance minus what is reserved. */
  canAfford(amountUsd: number): boolean {
    if (amountUsd <= 0) return true;
    this.settleDue();
    return this.startUsd - this.charged() - this.reserved() >= amountUsd - 1e-12;
  }

  reserve(amountUsd: number, dueAt: number, charge = true): Reservation {
    const r: Reservation = { amountUsd, dueAt, charge };
    this.open.add(r);
    return r;
  }

  /** Settles now, charging `actualUsd` (default: the reserved amount). */
  settle(r: Reservation, actualUsd: number = r.amountUsd): void {
    if (!this.open.delete(r)) return;
    this.spent = roundUsd(this.spent + actualUsd);
  }

  release(r: Reservation): void {
    this.open.delete(r);
  }
}
