import type { ManualClock, SimulatorClock } from "./types.js";

export const realClock: SimulatorClock = { now: () => Date.now() };

/** Creates a clock that starts at `startMs` (default: now) and only moves when told to. */
export function createManualClock(startMs: number = Date.now()): ManualClock {
  let current = startMs;
  return {
    now: () => current,
    advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0)
        throw new RangeError("advance(ms): ms must be a finite number >= 0");
      current += ms;
    },
    set(epochMs: number) {
      if (!Number.isFinite(epochMs)) throw new RangeError("set(epochMs): epochMs must be a finite number");
      current = epochMs;
    },
  };
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
