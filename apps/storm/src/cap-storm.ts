/**
 * The spend cap under concurrency when the server reports far more than the estimate: 1 000 job
 * creations estimated at $0.01 each, 20 at a time, against answers reporting $5 each, on a $1 cap.
 * The guard's books are followed from outside (every reservation and settlement, in order) to find
 * admissions made while the books were over the cap.
 */
import { type BudgetGuard, createBudgetGuard, ThetaBudgetError } from "@theta/core";
import { createOndemandClient } from "@theta/ondemand";
import type { HostileServer } from "./hostile-server.js";

export interface CapOutcome {
  readonly calls: number;
  readonly admitted: number;
  readonly refused: number;
  readonly otherErrors: number;
  readonly spentUsd: number;
  readonly capUsd: number;
  /** How far spending passed the cap, as the guard reports it (snapshot().overshootUsd). */
  readonly overshootUsd: number;
  /**
   * The documented bound on that overshoot here: at most CONCURRENCY calls are in flight when the
   * books pass the cap, each costing REPORTED_USD.
   */
  readonly overshootBoundUsd: number;
  /** Admissions while settled spending plus outstanding reservations was already past the cap. */
  readonly admittedWhileOver: number;
}

const CALLS = 1000;
const CONCURRENCY = 20;
const CAP_USD = 1;
const REPORTED_USD = 5;
const EPSILON_USD = 1e-9;

export async function runCapStorm(server: HostileServer): Promise<CapOutcome> {
  const guard = createBudgetGuard({ capUsd: CAP_USD });
  const books = { spent: 0, reserved: 0, admitted: 0, admittedWhileOver: 0 };
  const watched: BudgetGuard = {
    capUsd: guard.capUsd,
    capSource: guard.capSource,
    snapshot: () => guard.snapshot(),
    async reserve(estimateUsd, label) {
      const reservation = await guard.reserve(estimateUsd, label);
      if (books.spent + books.reserved > CAP_USD + EPSILON_USD) books.admittedWhileOver++;
      books.admitted++;
      books.reserved += estimateUsd;
      let open = true;
      const close = () => {
        const wasOpen = open;
        open = false;
        if (wasOpen) books.reserved -= estimateUsd;
        return wasOpen;
      };
      return {
        id: reservation.id,
        estimateUsd: reservation.estimateUsd,
        async settle(actualUsd) {
          const outcome = await reservation.settle(actualUsd);
          if (close()) books.spent += actualUsd ?? estimateUsd;
          return outcome;
        },
        async release() {
          await reservation.release();
          close();
        },
      };
    },
  };
  server.reportedCostUsd = REPORTED_USD;
  const client = createOndemandClient({
    baseUrl: `${server.url}/ok`,
    apiToken: "storm-cap-token-0123456789",
    allowInsecureLoopback: true,
    maxRetries: 0,
    budget: watched,
    env: {},
  });
  let next = 0;
  let refused = 0;
  let otherErrors = 0;
  const worker = async (): Promise<void> => {
    while (next < CALLS) {
      const index = next++;
      try {
        await client.infer("flux", { prompt: `cap-${index}` });
      } catch (error) {
        if (ThetaBudgetError.isInstance(error)) refused++;
        else otherErrors++;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  server.reportedCostUsd = 0.01;
  const snapshot = await guard.snapshot();
  return {
    calls: CALLS,
    admitted: books.admitted,
    refused,
    otherErrors,
    spentUsd: snapshot.spentUsd,
    capUsd: CAP_USD,
    overshootUsd: snapshot.overshootUsd,
    overshootBoundUsd: CONCURRENCY * REPORTED_USD - CAP_USD,
    admittedWhileOver: books.admittedWhileOver,
  };
}
