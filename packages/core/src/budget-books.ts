import { budgetRefusal } from "./budget-refusal.js";

/**
 * The budget's books and the rules that change them: what is spent, what is reserved, and when a
 * new reservation is admitted. Pure functions over a plain object, so the in-memory ledger and the
 * file ledger apply exactly the same rules.
 *
 * The guarantee (documented in the README, "Budget"):
 * - A reservation is admitted only when spent + reserved + its estimate <= cap, checked and booked
 *   in one step. Estimates alone never take the books past the cap.
 * - Settling books the actual cost. When a call costs more than its estimate, the books can go
 *   over the cap, by exactly the sum of those overruns; while they are over (spent + reserved
 *   above the cap), every new reservation is refused. So the spending that lands past the cap
 *   comes only from calls that were already reserved when the books went over.
 * - The overshoot is reported: `overshootUsd` in every snapshot and settle result, and in the
 *   message of the next refused call.
 */

/** Amounts are compared with this tolerance so that 100 × $0.01 fits a $1 cap. */
export const EPSILON_USD = 1e-9;

/** Rounds away binary floating-point noise (0.1 + 0.2) for display and snapshots: nano-dollar precision. */
export function roundUsd(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

export interface BudgetSnapshot {
  capUsd: number;
  /** Settled costs. */
  spentUsd: number;
  /** Estimates of the calls reserved and not yet settled or released. */
  reservedUsd: number;
  /** What a new reservation may still take: cap - spent - reserved, at least 0. */
  remainingUsd: number;
  /**
   * How far spent + reserved is over the cap (0 when it is not). Above 0 only after calls cost more
   * than their estimates; no reservation is admitted until it is back to 0.
   */
  overshootUsd: number;
  /** Total by which settled costs passed their estimates (the cause of any overshoot). */
  overrunUsd: number;
}

/** What `Reservation.settle()` booked, and the books right after it. */
export interface SettleResult {
  /** The cost booked as spent: the actual cost, or the estimate when none was given (0 after a release). */
  costUsd: number;
  /** How much this cost passed the call's estimate (0 when it did not). */
  overrunUsd: number;
  /** The books after this settle; `books.overshootUsd > 0` means new calls are refused. */
  books: BudgetSnapshot;
}

export interface BookedReservation {
  estimateUsd: number;
  label?: string;
  /** Epoch milliseconds, for dropping reservations a crashed process left behind. */
  createdAt: number;
}

export interface Books {
  spentUsd: number;
  overrunUsd: number;
  reservations: Record<string, BookedReservation>;
}

/** How the books refer to the cap in a refusal. */
export interface CapTerms {
  capUsd: number;
  /** Where the cap was set, named in the refusal's fix ("THETA_MAX_BUDGET_USD", "the --budget flag"). */
  capSource: string;
}

export function emptyBooks(): Books {
  return { spentUsd: 0, overrunUsd: 0, reservations: {} };
}

export function reservedUsd(books: Books): number {
  let total = 0;
  for (const reservation of Object.values(books.reservations)) total += reservation.estimateUsd;
  return total;
}

export function snapshotOf(books: Books, capUsd: number): BudgetSnapshot {
  const reserved = reservedUsd(books);
  const booked = books.spentUsd + reserved;
  return {
    capUsd,
    spentUsd: roundUsd(books.spentUsd),
    reservedUsd: roundUsd(reserved),
    remainingUsd: roundUsd(Math.max(0, capUsd - booked)),
    overshootUsd: roundUsd(Math.max(0, booked - capUsd)),
    overrunUsd: roundUsd(books.overrunUsd),
  };
}

/** Books a reservation of `estimateUsd` under `id`, or throws ThetaBudgetError (books unchanged). */
export function admit(books: Books, cap: CapTerms, id: string, estimateUsd: number, label?: string): void {
  const reserved = reservedUsd(books);
  if (books.spentUsd + reserved + estimateUsd > cap.capUsd + EPSILON_USD) {
    throw budgetRefusal({
      ...cap,
      spentUsd: roundUsd(books.spentUsd),
      reservedUsd: roundUsd(reserved),
      overrunUsd: roundUsd(books.overrunUsd),
      estimateUsd,
      label,
    });
  }
  const entry: BookedReservation = { estimateUsd, createdAt: Date.now() };
  if (label !== undefined) entry.label = label;
  books.reservations[id] = entry;
}

/**
 * Frees reservation `id` and books its cost: `actualUsd`, or the estimate when undefined.
 * `estimateUsd` is the caller's copy of the estimate, used when the books no longer hold the
 * reservation (a file ledger drops reservations older than its time-to-live).
 */
export function settle(
  books: Books,
  capUsd: number,
  id: string,
  estimateUsd: number,
  actualUsd: number | undefined,
): SettleResult {
  const estimate = books.reservations[id]?.estimateUsd ?? estimateUsd;
  delete books.reservations[id];
  const cost = actualUsd ?? estimate;
  const overrun = Math.max(0, cost - estimate);
  books.spentUsd += cost;
  books.overrunUsd += overrun;
  return { costUsd: cost, overrunUsd: roundUsd(overrun), books: snapshotOf(books, capUsd) };
}

/** Frees reservation `id` without spending anything (the call was certainly not charged). */
export function release(books: Books, capUsd: number, id: string): SettleResult {
  delete books.reservations[id];
  return { costUsd: 0, overrunUsd: 0, books: snapshotOf(books, capUsd) };
}

/** Drops reservations older than `ttlMs` (left behind by a process that crashed before settling). */
export function dropExpiredReservations(books: Books, ttlMs: number, now: number): void {
  for (const [id, reservation] of Object.entries(books.reservations)) {
    if (now - reservation.createdAt > ttlMs) delete books.reservations[id];
  }
}
