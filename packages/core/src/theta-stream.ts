/** ThetaStream: the single-consumption async iterable the SDK hands out for streamed results. */
import { ThetaStreamError } from "./errors.js";

type IteratorFactory<T> = () => AsyncIterator<T>;

function toIteratorFactory<T>(factory: () => AsyncIterable<T> | AsyncIterator<T>): IteratorFactory<T> {
  return () => {
    const made = factory();
    if (typeof (made as AsyncIterable<T>)[Symbol.asyncIterator] === "function") {
      return (made as AsyncIterable<T>)[Symbol.asyncIterator]();
    }
    return made as AsyncIterator<T>;
  };
}

const EMPTY_BATCH: readonly never[] = Object.freeze([]);

/**
 * Flattens an iterator of arrays into an iterator of their items. Items of a batch already received
 * are handed out without going back to the source (one settled promise each), which is what keeps
 * per-item overhead low on fast streams.
 */
class FlatIterator<T> implements AsyncIterator<T> {
  readonly #source: AsyncIterator<readonly T[]>;
  #batch: readonly T[] = EMPTY_BATCH;
  #index = 0;
  /** The pull in progress: concurrent `next()` calls wait for it, so items keep their order. */
  #pending: Promise<IteratorResult<T>> | undefined;

  constructor(source: AsyncIterator<readonly T[]>) {
    this.#source = source;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.#index < this.#batch.length) {
      return Promise.resolve({ done: false, value: this.#batch[this.#index++] as T });
    }
    if (this.#pending) {
      const next = (): Promise<IteratorResult<T>> => this.next();
      return this.#pending.then(next, next);
    }
    const pulled = this.#pull();
    this.#pending = pulled;
    const clear = (): void => {
      if (this.#pending === pulled) this.#pending = undefined;
    };
    pulled.then(clear, clear);
    return pulled;
  }

  async #pull(): Promise<IteratorResult<T>> {
    for (;;) {
      const result = await this.#source.next();
      if (result.done) return { done: true, value: undefined };
      const batch = result.value;
      if (batch.length > 0) {
        this.#batch = batch;
        this.#index = 1;
        return { done: false, value: batch[0] as T };
      }
    }
  }

  async return(): Promise<IteratorResult<T>> {
    this.#batch = EMPTY_BATCH;
    this.#index = 0;
    await this.#source.return?.();
    return { done: true, value: undefined };
  }
}

/** An iterator over the items of the arrays `source` yields, in order (empty arrays are skipped). */
export function flattenBatches<T>(source: AsyncIterator<readonly T[]>): AsyncIterator<T> {
  return new FlatIterator<T>(source);
}

/**
 * A single-consumption async iterable over a response stream.
 * - Iterate it once (`for await`); a second iteration throws ThetaStreamError. Use `tee()` to read it twice.
 * - Leaving a `for await` loop early (`break`, `return`, a throw) cancels the underlying body.
 * - `abort()` cancels it from outside; the pending iteration throws ThetaAbortError.
 */
export class ThetaStream<T> implements AsyncIterable<T> {
  readonly controller: AbortController;
  readonly #factory: IteratorFactory<T>;
  #consumed = false;

  constructor(
    factory: () => AsyncIterable<T> | AsyncIterator<T>,
    controller: AbortController = new AbortController(),
  ) {
    this.#factory = toIteratorFactory(factory);
    this.controller = controller;
  }

  /** Wraps an async iterable (factory) into a ThetaStream sharing `controller`. */
  static from<T>(
    factory: () => AsyncIterable<T> | AsyncIterator<T>,
    controller: AbortController = new AbortController(),
  ): ThetaStream<T> {
    return new ThetaStream<T>(factory, controller);
  }

  /**
   * A stream of the items of the arrays `factory` yields, in order (empty arrays are skipped).
   * Producers that parse a whole network chunk at a time yield one array per chunk; consumers still
   * see one item per iteration, without an async hop per item.
   */
  static fromBatches<T>(
    factory: () => AsyncIterable<readonly T[]> | AsyncIterator<readonly T[]>,
    controller: AbortController = new AbortController(),
  ): ThetaStream<T> {
    const make = toIteratorFactory(factory);
    return new ThetaStream<T>(() => new FlatIterator<T>(make()), controller);
  }

  /** True once iteration (or `tee()`/`map()`) has started. */
  get consumed(): boolean {
    return this.#consumed;
  }

  #take(): AsyncIterator<T> {
    if (this.#consumed) {
      throw new ThetaStreamError({
        code: "stream_error",
        message:
          "This stream was already consumed: a ThetaStream can be iterated only once. Call tee() before reading it to get two independent copies.",
      });
    }
    this.#consumed = true;
    return this.#factory();
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this.#take();
  }

  /** Cancels the underlying body; a pending or later read throws ThetaAbortError. */
  abort(reason?: unknown): void {
    this.controller.abort(reason);
  }

  /**
   * Splits the stream into two independent streams; each receives every item (each branch buffers
   * what the other has read ahead). The source is cancelled only once both branches have stopped.
   */
  tee(): [ThetaStream<T>, ThetaStream<T>] {
    const source = this.#take();
    const queues: [Array<Promise<IteratorResult<T>>>, Array<Promise<IteratorResult<T>>>] = [[], []];
    const open = [true, true];
    let sourceFinished = false;
    const makeBranch = (index: 0 | 1): AsyncIterator<T> => {
      const mine = queues[index];
      return {
        next: () => {
          if (!open[index]) return Promise.resolve({ done: true, value: undefined });
          if (mine.length === 0) {
            const result = source.next();
            result.then(
              (r) => {
                if (r.done) sourceFinished = true;
              },
              () => {
                sourceFinished = true;
              },
            );
            for (const [i, queue] of queues.entries()) {
              if (open[i]) queue.push(result);
            }
          }
          return mine.shift() as Promise<IteratorResult<T>>;
        },
        return: async () => {
          open[index] = false;
          mine.length = 0;
          if (!open[0] && !open[1] && !sourceFinished) {
            sourceFinished = true;
            await source.return?.();
          }
          return { done: true, value: undefined };
        },
      };
    };
    return [
      new ThetaStream<T>(() => makeBranch(0), this.controller),
      new ThetaStream<T>(() => makeBranch(1), this.controller),
    ];
  }

  /** A new stream whose items are `fn(item)`; consuming it consumes this one. */
  map<U>(fn: (item: T) => U | Promise<U>): ThetaStream<U> {
    const source = this;
    return new ThetaStream<U>(async function* mapped() {
      for await (const item of source) {
        yield await fn(item);
      }
    }, this.controller);
  }

  /** Reads the whole stream into an array. */
  async toArray(): Promise<T[]> {
    const items: T[] = [];
    for await (const item of this) items.push(item);
    return items;
  }
}
