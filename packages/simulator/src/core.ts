import type { Ledger } from "./ledger.js";
import type { Rng } from "./random.js";
import type { Storage } from "./storage.js";
import type { CostShape, ErrorField, PresignedShape, SimulatorClock, SimulatorTiming } from "./types.js";

/** What every family module shares: settings, clock, ids, money and storage. */
export interface SimCore {
  /** `http://127.0.0.1:PORT` (known once listening). */
  readonly url: string;
  readonly seed: number;
  readonly clock: SimulatorClock;
  readonly timing: SimulatorTiming;
  readonly presignedShape: PresignedShape;
  readonly costShape: CostShape;
  readonly errorField: ErrorField;
  /** Sequential ids (deterministic for a given seed and request order). */
  readonly rng: Rng;
  readonly ledger: Ledger;
  readonly storage: Storage;
  /** Concurrent instances per service alias; absent = unlimited. */
  readonly capacity: Map<string, number>;
  /** The project every request is billed to. */
  readonly projectId: string;
}
