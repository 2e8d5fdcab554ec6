import { ThetaBudgetError } from "./errors.js";

/**
 * Dollars with every significant digit down to the nano-dollar and at least two decimals:
 * `$2.00`, `$0.50`, `$0.005`, `$0.0149`. Figures are never rounded to cents, so an estimate, a cap
 * and what is left that differ can be told apart ($0.006 vs $0.005, not "$0.01" twice).
 */
export function formatUsd(value: number): string {
  const rounded = Math.round(value * 1e9) / 1e9;
  const [whole, fraction = ""] = Math.abs(rounded).toFixed(9).split(".");
  const decimals = fraction.replace(/0+$/, "").padEnd(2, "0");
  return `${rounded < 0 ? "-" : ""}$${whole}.${decimals}`;
}

export interface BudgetRefusalFigures {
  capUsd: number;
  /** Where the cap was set ("THETA_MAX_BUDGET_USD", "the --budget flag", "the capUsd option"). */
  capSource: string;
  spentUsd: number;
  reservedUsd: number;
  /** Total by which settled costs passed their estimates. */
  overrunUsd: number;
  estimateUsd: number;
  label?: string;
}

/** The error for a reservation the cap does not admit: every figure exact, and how to raise the cap. */
export function budgetRefusal(figures: BudgetRefusalFigures): ThetaBudgetError {
  const { capUsd, capSource, spentUsd, reservedUsd, overrunUsd, estimateUsd, label } = figures;
  const booked = spentUsd + reservedUsd;
  const standing =
    booked > capUsd
      ? `: the books are already ${formatUsd(booked - capUsd)} over the cap, because settled calls cost ` +
        `${formatUsd(overrunUsd)} more than their estimates, and no call is admitted until they are back under it`
      : ` (${formatUsd(capUsd - booked)} left)`;
  return new ThetaBudgetError({
    capUsd,
    spentUsd,
    reservedUsd,
    estimateUsd,
    label,
    message:
      `Budget cap exceeded: ${label ?? "this call"} is estimated at ${formatUsd(estimateUsd)}, but the cap is ` +
      `${formatUsd(capUsd)} with ${formatUsd(spentUsd)} spent and ${formatUsd(reservedUsd)} reserved${standing}; ` +
      `it was not sent. To allow it, raise the cap (set by ${capSource}) or lower the request ` +
      "(fewer tokens, smaller input).",
  });
}
