import { describe, expect, it } from "vitest";
import { ThetaAbortError, ThetaValidationError } from "./errors.js";
import { abortableSleep, type PollProgress, poll } from "./poll.js";
import { rejectionOf } from "./testing/fixtures.js";

/** A manual clock: `sleep` advances it and records the delays. */
function fakeTime() {
  let now = 1_000_000;
  const delays: number[] = [];
  return {
    delays,
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
    sleep: async (ms: number) => {
      delays.push(ms);
      now += ms;
    },
  };
}

describe("poll", () => {
  it("backs off exponentially between intervalMs and maxIntervalMs until done", async () => {
    const time = fakeTime();
    const progress: PollProgress<string>[] = [];
    const states = ["pending", "pending", "processing", "processing", "processing", "success"];
    const result = await poll({
      load: async (attempt) => states[attempt - 1] as string,
      isDone: (v) => v === "success",
      timeoutMs: 60_000,
      intervalMs: 1000,
      maxIntervalMs: 3000,
      backoffFactor: 2,
      onProgress: (p) => progress.push(p),
      now: time.now,
      sleep: time.sleep,
    });
    expect(result).toEqual({ value: "success", attempts: 6, elapsedMs: 12_000, terminal: "done" });
    expect(time.delays).toEqual([1000, 2000, 3000, 3000, 3000]);
    expect(progress.map((p) => p.attempt)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(progress[0]).toEqual({ attempt: 1, elapsedMs: 0, value: "pending", nextDelayMs: 1000 });
    expect(progress[5]).toEqual({ attempt: 6, elapsedMs: 12_000, value: "success", nextDelayMs: undefined });
  });

  it("uses the default factor 1.5 and never exceeds maxIntervalMs", async () => {
    const time = fakeTime();
    await poll({
      load: async (attempt) => attempt,
      isDone: (v) => v === 6,
      timeoutMs: 60_000,
      intervalMs: 1000,
      maxIntervalMs: 2500,
      now: time.now,
      sleep: time.sleep,
    });
    expect(time.delays).toEqual([1000, 1500, 2250, 2500, 2500]);
  });

  it("returns terminal 'timeout' with the last value at the deadline, after a final attempt", async () => {
    const time = fakeTime();
    const result = await poll({
      load: async (attempt) => ({ state: "pending", attempt }),
      isDone: () => false,
      timeoutMs: 2500,
      intervalMs: 1000,
      now: time.now,
      sleep: time.sleep,
    });
    expect(result.terminal).toBe("timeout");
    expect(result.value).toEqual({ state: "pending", attempt: 4 });
    expect(result.elapsedMs).toBe(2500);
    expect(time.delays).toEqual([1000, 1000, 500]);
  });

  it("stops at maxAttempts", async () => {
    const time = fakeTime();
    const result = await poll({
      load: async () => "pending",
      isDone: () => false,
      timeoutMs: 60_000,
      intervalMs: 10,
      maxAttempts: 3,
      now: time.now,
      sleep: time.sleep,
    });
    expect(result).toMatchObject({ terminal: "max-attempts", attempts: 3, value: "pending" });
  });

  it("throws ThetaAbortError when the signal aborts (before, during load, during sleep)", async () => {
    const before = new AbortController();
    before.abort();
    let loads = 0;
    const error = await rejectionOf(
      poll({
        load: async () => {
          loads += 1;
          return 1;
        },
        isDone: () => false,
        timeoutMs: 1000,
        intervalMs: 10,
        signal: before.signal,
      }),
    );
    expect(ThetaAbortError.isInstance(error)).toBe(true);
    expect(loads).toBe(0);

    const during = new AbortController();
    const error2 = await rejectionOf(
      poll({
        load: async (_attempt, signal) => {
          during.abort();
          throw signal?.reason ?? new Error("no signal");
        },
        isDone: () => false,
        timeoutMs: 1000,
        intervalMs: 10,
        signal: during.signal,
      }),
    );
    expect(ThetaAbortError.isInstance(error2)).toBe(true);

    const sleeping = new AbortController();
    const error3 = await rejectionOf(
      poll({
        load: async () => "pending",
        isDone: () => false,
        timeoutMs: 60_000,
        intervalMs: 60_000,
        signal: sleeping.signal,
        onProgress: () => setTimeout(() => sleeping.abort(), 5),
      }),
    );
    expect(ThetaAbortError.isInstance(error3)).toBe(true);
  });

  it("propagates load errors unchanged", async () => {
    const boom = new Error("load failed");
    expect(
      await rejectionOf(
        poll({
          load: async () => {
            throw boom;
          },
          isDone: () => true,
          timeoutMs: 10,
          intervalMs: 1,
        }),
      ),
    ).toBe(boom);
  });

  it("validates its numbers", async () => {
    const error = await rejectionOf(
      poll({ load: async () => 1, isDone: () => true, timeoutMs: -1, intervalMs: 10 }),
    );
    expect(ThetaValidationError.isInstance(error)).toBe(true);
    expect((error as ThetaValidationError).field).toBe("timeoutMs");
    const factor = await rejectionOf(
      poll({ load: async () => 1, isDone: () => true, timeoutMs: 1, intervalMs: 1, backoffFactor: 0.5 }),
    );
    expect((factor as ThetaValidationError).field).toBe("backoffFactor");
  });
});

describe("abortableSleep", () => {
  it("resolves, and rejects with ThetaAbortError on abort", async () => {
    await abortableSleep(1);
    const controller = new AbortController();
    const pending = rejectionOf(abortableSleep(60_000, controller.signal));
    controller.abort();
    expect(ThetaAbortError.isInstance(await pending)).toBe(true);
  });
});
