/** One row of the smoke table: what was checked, how it ended, what it cost. */
export interface CheckRow {
  /** The service or resource checked, e.g. `flux` or `(catalog)`. */
  service: string;
  check: string;
  state: string;
  latencyMs: number;
  costUsd: number;
  totalSpendUsd: number;
  ok: boolean;
  detail: string;
}

/** A progress line while a check runs (stderr). */
export type Progress = (line: string) => void;
