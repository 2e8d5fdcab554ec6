/** Attempt timeouts, all served by one shared timer. */

const monotonicNow: () => number =
  typeof performance !== "undefined" && typeof performance.now === "function"
    ? () => performance.now()
    : () => Date.now();

export interface Deadline {
  readonly at: number;
  readonly fire: () => void;
}

/**
 * Attempt timeouts, all served by one timer: adding or removing a deadline is a set operation, and
 * the timer is re-armed only when an earlier deadline comes in or when it fires (setting and
 * clearing a timer per request costs more than the rest of a small request's bookkeeping). The
 * timer never keeps a process alive (e.g. for a body nobody reads).
 */
class Deadlines {
  readonly #pending = new Set<Deadline>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerAt = Number.POSITIVE_INFINITY;

  add(ms: number, fire: () => void): Deadline {
    const deadline: Deadline = { at: monotonicNow() + ms, fire };
    this.#pending.add(deadline);
    if (deadline.at < this.#timerAt) this.#arm(deadline.at);
    return deadline;
  }

  /** Forgets a deadline (idempotent); the timer is left as is and re-arms itself when it fires. */
  remove(deadline: Deadline): void {
    this.#pending.delete(deadline);
  }

  #arm(at: number): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = setTimeout(() => this.#run(), Math.max(0, at - monotonicNow()));
    (this.#timer as { unref?: () => void }).unref?.();
  }

  #run(): void {
    this.#timer = undefined;
    this.#timerAt = Number.POSITIVE_INFINITY;
    if (this.#pending.size === 0) return;
    // Timers may fire up to a millisecond before the monotonic clock says so.
    const now = monotonicNow() + 1;
    let next = Number.POSITIVE_INFINITY;
    const due: Deadline[] = [];
    for (const deadline of this.#pending) {
      if (deadline.at <= now) due.push(deadline);
      else if (deadline.at < next) next = deadline.at;
    }
    for (const deadline of due) this.#pending.delete(deadline);
    if (next !== Number.POSITIVE_INFINITY) this.#arm(next);
    for (const deadline of due) deadline.fire();
  }
}

export const deadlines = new Deadlines();
