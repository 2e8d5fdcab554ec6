import { ThetaAbortError, ThetaValidationError } from "./errors.js";

/** What `poll()` reports after every attempt. */
export interface PollProgress<T> {
  /** 1-based attempt number. */
  readonly attempt: number;
  /** Milliseconds since polling started. */
  readonly elapsedMs: number;
  /** The value loaded by this attempt. */
  readonly value: T;
  /** Delay before the next attempt; `undefined` when this attempt was the last one. */
  readonly nextDelayMs: number | undefined;
}

export interface PollOptions<T> {
  /** Loads the current state. Errors it throws end the polling and propagate unchanged. */
  load: (attempt: number, signal?: AbortSignal) => Promise<T>;
  /** `true` when `value` is terminal. */
  isDone: (value: T) => boolean;
  /** Overall deadline in milliseconds; when reached, `poll()` resolves with terminal `"timeout"`. */
  timeoutMs: number;
  /** First delay between attempts. */
  intervalMs: number;
  /** Upper bound of the delay between attempts (default: `intervalMs`, i.e. no backoff). */
  maxIntervalMs?: number;
  /** Growth of the delay after each attempt (default 1.5). */
  backoffFactor?: number;
  /** Stop after this many attempts (terminal `"max-attempts"`). */
  maxAttempts?: number;
  onProgress?: (progress: PollProgress<T>) => void;
  signal?: AbortSignal;
  /** Injected for tests; default is a timer that rejects with ThetaAbortError when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Injected for tests; default `Date.now`. */
  now?: () => number;
}

export interface PollResult<T> {
  /** The last loaded value (`undefined` only when nothing was loaded). */
  value: T | undefined;
  attempts: number;
  elapsedMs: number;
  terminal: "done" | "timeout" | "max-attempts";
}

function abortError(signal: AbortSignal | undefined): ThetaAbortError {
  const reason: unknown = signal?.reason;
  if (ThetaAbortError.isInstance(reason)) return reason;
  return new ThetaAbortError({
    message: "Polling was aborted by the caller's AbortSignal; no further status requests were sent.",
    cause: reason,
  });
}

/** A timer that resolves after `ms`, or rejects with ThetaAbortError as soon as `signal` aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function checkPositive(name: string, value: number | undefined, allowZero: boolean): void {
  if (value === undefined) return;
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    const kind = allowZero ? "non-negative" : "positive";
    throw new ThetaValidationError({
      field: name,
      message: `poll(): ${name} must be a ${kind} finite number`,
      fix: `Pass a ${kind} finite number for ${name}`,
    });
  }
}

/**
 * Polls `load` until `isDone`, the deadline, `maxAttempts`, or an abort.
 * The delay between attempts starts at `intervalMs` and grows by `backoffFactor` up to `maxIntervalMs`;
 * the last delay is shortened so that one final attempt happens at the deadline.
 */
export async function poll<T>(options: PollOptions<T>): Promise<PollResult<T>> {
  const { load, isDone, timeoutMs, intervalMs, signal, onProgress } = options;
  checkPositive("timeoutMs", timeoutMs, true);
  checkPositive("intervalMs", intervalMs, true);
  checkPositive("maxIntervalMs", options.maxIntervalMs, true);
  checkPositive("maxAttempts", options.maxAttempts, false);
  const factor = options.backoffFactor ?? 1.5;
  if (!Number.isFinite(factor) || factor < 1) {
    throw new ThetaValidationError({
      field: "backoffFactor",
      message: "poll(): backoffFactor must be a number >= 1",
      fix: "Pass backoffFactor >= 1 (1 keeps a constant interval)",
    });
  }
  const maxInterval = Math.max(intervalMs, options.maxIntervalMs ?? intervalMs);
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  const start = now();
  let interval = intervalMs;
  let value: T | undefined;
  let attempt = 0;

  for (;;) {
    if (signal?.aborted) throw abortError(signal);
    attempt += 1;
    try {
      value = await load(attempt, signal);
    } catch (error) {
      if (signal?.aborted) throw abortError(signal);
      throw error;
    }
    const elapsedMs = now() - start;
    if (isDone(value)) {
      onProgress?.({ attempt, elapsedMs, value, nextDelayMs: undefined });
      return { value, attempts: attempt, elapsedMs, terminal: "done" };
    }
    if (options.maxAttempts !== undefined && attempt >= options.maxAttempts) {
      onProgress?.({ attempt, elapsedMs, value, nextDelayMs: undefined });
      return { value, attempts: attempt, elapsedMs, terminal: "max-attempts" };
    }
    const remaining = timeoutMs - elapsedMs;
    if (remaining <= 0) {
      onProgress?.({ attempt, elapsedMs, value, nextDelayMs: undefined });
      return { value, attempts: attempt, elapsedMs, terminal: "timeout" };
    }
    const delay = Math.min(interval, remaining);
    onProgress?.({ attempt, elapsedMs, value, nextDelayMs: delay });
    try {
      await sleep(delay, signal);
    } catch (error) {
      if (signal?.aborted) throw abortError(signal);
      throw error;
    }
    interval = Math.min(maxInterval, interval * factor);
  }
}
