import {
  admit,
  type BudgetSnapshot,
  release,
  type SettleResult,
  settle,
  snapshotOf,
} from "./budget-books.js";
import { fileLedgerStore } from "./budget-file-ledger.js";
import { memoryLedgerStore } from "./budget-ledger-store.js";
import {
  ThetaAbortError,
  ThetaApiError,
  ThetaBudgetError,
  ThetaConfigError,
  ThetaConnectionError,
  ThetaDryRunError,
  ThetaValidationError,
} from "./errors.js";

export type { BudgetSnapshot, SettleResult } from "./budget-books.js";

/**
 * Budget guard: a billable call reserves its estimated cost first and settles the actual cost after.
 *
 * What it guarantees (the rules live in budget-books.ts):
 * - a reservation is admitted only when spent + reserved + its estimate <= cap, checked and booked in
 *   one step (in memory: synchronously; in a file ledger: one atomic commit across processes);
 * - when a call settles above its estimate the books can pass the cap, by exactly the sum of those
 *   overruns, and while they are over no reservation is admitted: only calls already reserved when
 *   the books went over can add spending past the cap;
 * - the overshoot is reported: `snapshot().overshootUsd`, the result of `settle()`, and the message
 *   of the next refused call.
 *
 * The ledger lives in memory by default. With `ledgerFile` it is shared by every process on this
 * machine that uses the same path (budget-file-ledger.ts); `node:fs/promises` is loaded only then.
 */
export interface Reservation {
  readonly id: string;
  readonly estimateUsd: number;
  /**
   * Books `actualUsd` (default: the estimate) as spent, frees the reservation and resolves to what was
   * booked and the books after it. Later calls (and a settle after `release`) change nothing and
   * resolve to the first result.
   */
  settle(actualUsd?: number): Promise<SettleResult>;
  /** Frees the reservation without spending anything (the call was not charged). Later calls are no-ops. */
  release(): Promise<void>;
}

export interface BudgetGuard {
  readonly capUsd: number;
  /** Where the cap came from, as named in refusals. */
  readonly capSource: string;
  /** Reserves `estimateUsd`, or throws ThetaBudgetError when spent + reserved + estimate > cap. */
  reserve(estimateUsd: number, label?: string): Promise<Reservation>;
  /** The books now, including `overshootUsd` (how far spent + reserved is over the cap). */
  snapshot(): Promise<BudgetSnapshot>;
}

export interface BudgetGuardOptions {
  capUsd: number;
  /**
   * Where `capUsd` came from, so a refusal says what to raise: `"THETA_MAX_BUDGET_USD"`,
   * `"the --budget flag"`, ... (default `"the capUsd option"`).
   */
  capSource?: string;
  /** Path of a JSON ledger shared by every process on this machine using it (Node only). */
  ledgerFile?: string;
  /**
   * File ledger: a change in flight for longer than this is treated as abandoned by a crashed or
   * paused process; its temporary file is removed and that process redoes its change (default 10 s).
   */
  staleWriteMs?: number;
  /** File ledger: give up a change after losing races to other processes for this long (default 15 s). */
  writeTimeoutMs?: number;
  /** File ledger: reservations older than this are dropped as abandoned (default 1 h). */
  reservationTtlMs?: number;
}

const DEFAULT_CAP_SOURCE = "the capUsd option";

function checkAmount(field: string, value: number): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new ThetaValidationError({
      field,
      message: `${field} must be a non-negative number of US dollars (got ${String(value)})`,
      fix: `Pass a finite ${field} >= 0`,
    });
  }
}

function checkDuration(field: string, value: number | undefined): void {
  if (value === undefined) return;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new ThetaValidationError({
      field,
      message: `${field} must be a positive number of milliseconds (got ${String(value)})`,
      fix: `Pass a finite ${field} > 0, or leave it out for the default`,
    });
  }
}

function checkCapSource(value: string | undefined): void {
  if (value === undefined) return;
  if (typeof value !== "string" || value.trim() === "") {
    throw new ThetaValidationError({
      field: "capSource",
      message: "capSource must name where the cap was set (a non-empty string)",
      fix: 'Pass e.g. capSource: "THETA_MAX_BUDGET_USD", or leave it out',
    });
  }
}

let counter = 0;
function newId(): string {
  counter += 1;
  const random = Math.floor(Math.random() * 0x1_0000_0000)
    .toString(36)
    .padStart(7, "0");
  return `rsv_${Date.now().toString(36)}_${counter.toString(36)}_${random}`;
}

/** Creates a budget guard with a cap in US dollars. */
export function createBudgetGuard(options: BudgetGuardOptions): BudgetGuard {
  const { capUsd } = options;
  checkAmount("capUsd", capUsd);
  checkCapSource(options.capSource);
  checkDuration("staleWriteMs", options.staleWriteMs);
  checkDuration("writeTimeoutMs", options.writeTimeoutMs);
  checkDuration("reservationTtlMs", options.reservationTtlMs);
  const cap = { capUsd, capSource: options.capSource ?? DEFAULT_CAP_SOURCE };
  const store = options.ledgerFile
    ? fileLedgerStore(options.ledgerFile, {
        staleWriteMs: options.staleWriteMs ?? 10_000,
        writeTimeoutMs: options.writeTimeoutMs ?? 15_000,
        reservationTtlMs: options.reservationTtlMs ?? 3_600_000,
      })
    : memoryLedgerStore();

  const makeReservation = (id: string, estimateUsd: number): Reservation => {
    // The first settle or release decides; later calls get its outcome.
    let closing: Promise<SettleResult> | undefined;
    return {
      id,
      estimateUsd,
      settle: async (actualUsd?: number) => {
        if (actualUsd !== undefined) checkAmount("actualUsd", actualUsd);
        closing ??= store.update((books) => settle(books, capUsd, id, estimateUsd, actualUsd));
        return closing;
      },
      release: async () => {
        closing ??= store.update((books) => release(books, capUsd, id));
        await closing;
      },
    };
  };

  return {
    capUsd,
    capSource: cap.capSource,
    reserve: async (estimateUsd: number, label?: string) => {
      checkAmount("estimateUsd", estimateUsd);
      const id = newId();
      await store.update((books) => admit(books, cap, id, estimateUsd, label));
      return makeReservation(id, estimateUsd);
    },
    snapshot: async () => snapshotOf(await store.read(), capUsd),
  };
}

/**
 * True when the failure proves the server did not charge for the call: nothing was sent, or the
 * server answered with a client error / "busy" status (4xx, 503) without doing the work.
 */
export function failureWasNotCharged(error: unknown): boolean {
  if (ThetaConnectionError.isInstance(error)) return error.outcome === "not_sent";
  // A 4xx or a 503 means the server took nothing; a failure on a 2xx answer (too large, not the
  // expected shape) comes after the work ran and was charged.
  if (ThetaApiError.isInstance(error))
    return (error.status >= 400 && error.status < 500) || error.status === 503;
  if (ThetaDryRunError.isInstance(error)) return true;
  if (ThetaValidationError.isInstance(error) || ThetaConfigError.isInstance(error)) return true;
  if (ThetaBudgetError.isInstance(error)) return true;
  // Timeouts, aborts, broken streams and unknown errors may come after the server started the work.
  if (ThetaAbortError.isInstance(error)) return false;
  return false;
}

/**
 * Runs a billable call under the budget guard: reserves `estimateUsd`, runs `run`, then settles the
 * actual cost (`actualUsd(result)`, or the estimate when it returns undefined). On failure the
 * reservation is released when the call was definitely not charged (not sent, 4xx, 503), and settled
 * at the estimate when the outcome is unknown. Without a guard, just runs `run`.
 */
export async function withBudget<T>(
  guard: BudgetGuard | undefined,
  request: { estimateUsd: number; label?: string },
  run: () => Promise<T>,
  actualUsd: (result: T) => number | undefined = () => undefined,
): Promise<T> {
  if (!guard) return run();
  const reservation = await guard.reserve(request.estimateUsd, request.label);
  let result: T;
  try {
    result = await run();
  } catch (error) {
    if (failureWasNotCharged(error)) await reservation.release();
    else await reservation.settle();
    throw error;
  }
  let actual: number | undefined;
  try {
    const value = actualUsd(result);
    actual = typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
  } catch {
    actual = undefined;
  }
  await reservation.settle(actual);
  return result;
}
