import type { DedicatedEndpoints } from "./dedicated-endpoints.js";
import type { Ledger } from "./ledger.js";
import type { Rng } from "./random.js";
import type { Storage } from "./storage.js";
import type { SimulatorClock, SimulatorTiming } from "./types.js";

/** What every family module shares: settings, clock, ids, money and storage. */
export interface SimulatorCore {
  /** `http://127.0.0.1:PORT` (known once listening). */
  readonly url: string;
  readonly seed: number;
  readonly clock: SimulatorClock;
  readonly timing: SimulatorTiming;
  /** Sequential ids (deterministic for a given seed and request order). */
  readonly rng: Rng;
  readonly ledger: Ledger;
  /** The presigned-upload host (`/storage`): upload slots and generated outputs. */
  readonly storage: Storage;
  /** The project every request is billed to. */
  readonly projectId: string;
  /**
   * The project's key (`x-api-key`): one key for the families that share the controller's
   * credentials (controller, agents), so the printed `THETA_EC_API_KEY` is the same for all of them.
   */
  readonly projectKey: string;
  /** The organization the project belongs to (its balance is the ledger's). */
  readonly orgId: string;
  /** Dedicated endpoints: registered by the controller module's deployments, served by the inference module. */
  readonly endpoints: DedicatedEndpoints;
}
