import type { Harness } from "./harness.js";

/**
 * One conformance scenario of a family: it drives operations through the harness, which validates
 * every answer against the family's spec; the scenario adds the family's own expectations (statuses,
 * shapes its options select).
 */
export interface ConformanceScenario {
  readonly name: string;
  run(harness: Harness): Promise<void>;
}
