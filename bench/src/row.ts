/** One line of the benchmark table. */
export interface Row {
  name: string;
  sdk: string;
  baseline: string;
  ratio: string;
  /** The baseline against a second copy of itself, measured in the same rounds: the noise floor. */
  control: string;
  target: string;
  /** Whether the target is met; `undefined` for a row that has no target (it is shown for what it tells). */
  pass: boolean | undefined;
  /** How the row was measured, printed under the table (one sentence or two). */
  method?: string;
  /** The control strayed further from 1.00x than NOISY_CONTROL: the run was disturbed. */
  noisy?: boolean;
}

/** How far the A/A control may stray from 1.00x before a run is marked noisy. */
export const NOISY_CONTROL = 0.05;
export const isNoisy = (control: number): boolean => Math.abs(control - 1) > NOISY_CONTROL;
export const formatNumber = (n: number, digits = 2): string => n.toFixed(digits);
