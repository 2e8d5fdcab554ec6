import {
  ThetaAbortError,
  ThetaApiError,
  ThetaBudgetError,
  ThetaConfigError,
  ThetaConnectionError,
  ThetaDryRunError,
  ThetaValidationError,
} from "./errors.js";

/**
 * Budget guard: a billable call reserves its estimated cost first and settles the actual cost after,
 * so concurrent calls can never push spending past the cap.
 *
 * The ledger lives in memory by default. With `ledgerFile` it is a JSON file updated under a
 * cross-process lock file (`<ledgerFile>.lock`, created exclusively; a lock older than `staleLockMs`
 * is considered abandoned), written to a temporary file and renamed into place, so the cap holds
 * across processes and runs. `node:fs/promises` is loaded only when `ledgerFile` is set.
 */
export interface BudgetSnapshot {
  capUsd: number;
  spentUsd: number;
  reservedUsd: number;
  remainingUsd: number;
}

export interface Reservation {
  readonly id: string;
  readonly estimateUsd: number;
  /** Books `actualUsd` (default: the estimate) as spent and frees the reservation. Later calls are no-ops. */
  settle(actualUsd?: number): Promise<void>;
  /** Frees the reservation without spending anything (the call was not charged). Later calls are no-ops. */
  release(): Promise<void>;
}

export interface BudgetGuard {
  readonly capUsd: number;
  /** Reserves `estimateUsd`, or throws ThetaBudgetError when spent + reserved + estimate > cap. */
  reserve(estimateUsd: number, label?: string): Promise<Reservation>;
  snapshot(): Promise<BudgetSnapshot>;
}

export interface BudgetGuardOptions {
  capUsd: number;
  /** Path of a JSON ledger shared by every process using it (Node only). */
  ledgerFile?: string;
  /** A lock file older than this is treated as left behind by a crashed process (default 10 s). */
  staleLockMs?: number;
  /** Give up acquiring the ledger lock after this long (default 15 s). */
  lockTimeoutMs?: number;
  /** Reservations in a file ledger older than this are dropped as abandoned (default 1 h). */
  reservationTtlMs?: number;
}

/** Amounts are compared with this tolerance so that 100 × $0.01 fits a $1 cap. */
const EPSILON_USD = 1e-9;

/** Rounds away binary floating-point noise (0.1 + 0.2) for display and snapshots. */
function roundUsd(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

function checkAmount(field: string, value: number): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new ThetaValidationError({
      field,
      message: `${field} must be a non-negative number of US dollars (got ${String(value)})`,
      fix: `Pass a finite ${field} >= 0`,
    });
  }
}

function budgetError(
  capUsd: number,
  spentUsd: number,
  reservedUsd: number,
  estimateUsd: number,
  label?: string,
): ThetaBudgetError {
  const fmt = (v: number): string => `$${v.toFixed(v !== 0 && Math.abs(v) < 0.01 ? 6 : 2)}`;
  const remaining = Math.max(0, capUsd - spentUsd - reservedUsd);
  return new ThetaBudgetError({
    capUsd,
    spentUsd,
    reservedUsd,
    estimateUsd,
    label,
    message:
      `Budget cap exceeded: ${label ?? "this call"} is estimated at ${fmt(estimateUsd)}, but the cap is ${fmt(capUsd)} ` +
      `with ${fmt(spentUsd)} spent and ${fmt(reservedUsd)} reserved (${fmt(remaining)} left); it was not sent. ` +
      "Raise THETA_MAX_BUDGET_USD (the budget cap) or lower the request (fewer tokens, smaller input).",
  });
}

let counter = 0;
function newId(): string {
  counter += 1;
  const random = Math.floor(Math.random() * 0x1_0000_0000)
    .toString(36)
    .padStart(7, "0");
  return `rsv_${Date.now().toString(36)}_${counter.toString(36)}_${random}`;
}

interface LedgerReservation {
  estimateUsd: number;
  label?: string;
  createdAt: number;
}

interface LedgerState {
  version: 1;
  spentUsd: number;
  reservations: Record<string, LedgerReservation>;
}

function emptyLedger(): LedgerState {
  return { version: 1, spentUsd: 0, reservations: {} };
}

function sumReserved(state: LedgerState): number {
  let total = 0;
  for (const r of Object.values(state.reservations)) total += r.estimateUsd;
  return total;
}

/** The ledger storage: `update` runs `fn` atomically against the current state and persists its changes. */
interface LedgerStore {
  update<R>(fn: (state: LedgerState) => R): Promise<R>;
  read(): Promise<LedgerState>;
}

function memoryStore(): LedgerStore {
  const state = emptyLedger();
  return {
    // Synchronous critical section: nothing can interleave between the check and the booking.
    update: <R>(fn: (s: LedgerState) => R) => {
      try {
        return Promise.resolve(fn(state));
      } catch (error) {
        return Promise.reject(error);
      }
    },
    read: () => Promise.resolve(structuredClone(state)),
  };
}

type FsPromises = typeof import("node:fs/promises");

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as Error & { code?: unknown }).code === code;
}

function parseLedger(text: string, ledgerFile: string): LedgerState {
  if (text.trim() === "") return emptyLedger();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new ThetaConfigError({
      variable: "ledgerFile",
      message: `The budget ledger file ${ledgerFile} is not valid JSON. Delete it to start a new ledger, or point ledgerFile at another file.`,
      cause,
    });
  }
  const record = parsed as Partial<LedgerState> | null;
  if (
    record === null ||
    typeof record !== "object" ||
    typeof record.spentUsd !== "number" ||
    typeof record.reservations !== "object" ||
    record.reservations === null
  ) {
    throw new ThetaConfigError({
      variable: "ledgerFile",
      message: `The budget ledger file ${ledgerFile} does not hold a ledger ({version, spentUsd, reservations}). Delete it to start a new ledger, or point ledgerFile at another file.`,
    });
  }
  return { version: 1, spentUsd: record.spentUsd, reservations: { ...record.reservations } };
}

function fileStore(ledgerFile: string, options: BudgetGuardOptions): LedgerStore {
  const lockPath = `${ledgerFile}.lock`;
  const staleLockMs = options.staleLockMs ?? 10_000;
  const lockTimeoutMs = options.lockTimeoutMs ?? 15_000;
  const ttlMs = options.reservationTtlMs ?? 3_600_000;
  let fsPromise: Promise<FsPromises> | undefined;
  const fs = (): Promise<FsPromises> => {
    fsPromise ??= import("node:fs/promises");
    return fsPromise;
  };
  // Serializes this process's own updates so they queue instead of spinning on the lock file.
  let chain: Promise<unknown> = Promise.resolve();

  const readState = async (f: FsPromises): Promise<LedgerState> => {
    try {
      return parseLedger(await f.readFile(ledgerFile, "utf8"), ledgerFile);
    } catch (error) {
      if (isErrno(error, "ENOENT")) return emptyLedger();
      throw error;
    }
  };

  const acquire = async (f: FsPromises): Promise<void> => {
    const deadline = Date.now() + lockTimeoutMs;
    for (;;) {
      try {
        const handle = await f.open(lockPath, "wx");
        await handle.writeFile(JSON.stringify({ pid: globalThis.process?.pid, at: Date.now() }));
        await handle.close();
        return;
      } catch (error) {
        if (!isErrno(error, "EEXIST")) throw error;
      }
      try {
        const info = await f.stat(lockPath);
        if (Date.now() - info.mtimeMs > staleLockMs) {
          await f.unlink(lockPath).catch(() => undefined);
          continue;
        }
      } catch (error) {
        if (isErrno(error, "ENOENT")) continue;
        throw error;
      }
      if (Date.now() > deadline) {
        throw new ThetaConfigError({
          variable: "ledgerFile",
          message: `Could not lock the budget ledger ${ledgerFile} within ${lockTimeoutMs} ms (another process holds ${lockPath}). Retry; if no other process is running, delete ${lockPath}.`,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 2 + Math.random() * 8));
    }
  };

  const locked = async <R>(fn: (f: FsPromises) => Promise<R>): Promise<R> => {
    const run = chain.then(async () => {
      const f = await fs();
      await acquire(f);
      try {
        return await fn(f);
      } finally {
        await f.unlink(lockPath).catch(() => undefined);
      }
    });
    chain = run.catch(() => undefined);
    return run;
  };

  return {
    update: <R>(fn: (s: LedgerState) => R) =>
      locked(async (f) => {
        const state = await readState(f);
        const now = Date.now();
        for (const [id, r] of Object.entries(state.reservations)) {
          if (now - r.createdAt > ttlMs) delete state.reservations[id];
        }
        const before = JSON.stringify(state);
        const result = fn(state);
        const after = JSON.stringify(state);
        if (after !== before) {
          const temp = `${ledgerFile}.${globalThis.process?.pid ?? 0}.${newId()}.tmp`;
          await f.writeFile(temp, after, "utf8");
          await f.rename(temp, ledgerFile);
        }
        return result;
      }),
    read: async () => readState(await fs()),
  };
}

/** Creates a budget guard with a cap in US dollars. */
export function createBudgetGuard(options: BudgetGuardOptions): BudgetGuard {
  const { capUsd } = options;
  checkAmount("capUsd", capUsd);
  const store = options.ledgerFile ? fileStore(options.ledgerFile, options) : memoryStore();

  const makeReservation = (id: string, estimateUsd: number): Reservation => {
    let closed = false;
    return {
      id,
      estimateUsd,
      settle: async (actualUsd?: number) => {
        if (actualUsd !== undefined) checkAmount("actualUsd", actualUsd);
        if (closed) return;
        closed = true;
        await store.update((state) => {
          const entry = state.reservations[id];
          delete state.reservations[id];
          state.spentUsd += actualUsd ?? entry?.estimateUsd ?? estimateUsd;
        });
      },
      release: async () => {
        if (closed) return;
        closed = true;
        await store.update((state) => {
          delete state.reservations[id];
        });
      },
    };
  };

  return {
    capUsd,
    reserve: async (estimateUsd: number, label?: string) => {
      checkAmount("estimateUsd", estimateUsd);
      const id = newId();
      await store.update((state) => {
        const reservedUsd = sumReserved(state);
        if (state.spentUsd + reservedUsd + estimateUsd > capUsd + EPSILON_USD) {
          throw budgetError(capUsd, roundUsd(state.spentUsd), roundUsd(reservedUsd), estimateUsd, label);
        }
        const entry: LedgerReservation = { estimateUsd, createdAt: Date.now() };
        if (label !== undefined) entry.label = label;
        state.reservations[id] = entry;
      });
      return makeReservation(id, estimateUsd);
    },
    snapshot: async () => {
      const state = await store.read();
      const reservedUsd = sumReserved(state);
      return {
        capUsd,
        spentUsd: roundUsd(state.spentUsd),
        reservedUsd: roundUsd(reservedUsd),
        remainingUsd: roundUsd(Math.max(0, capUsd - state.spentUsd - reservedUsd)),
      };
    },
  };
}

/**
 * True when the failure proves the server did not charge for the call: nothing was sent, or the
 * server answered with a client error / "busy" status (4xx, 503) without doing the work.
 */
export function failureWasNotCharged(error: unknown): boolean {
  if (ThetaConnectionError.isInstance(error)) return error.outcome === "not_sent";
  if (ThetaApiError.isInstance(error)) return error.status < 500 || error.status === 503;
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
