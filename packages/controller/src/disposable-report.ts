/** What `validateDisposable` reports: every step, the balance delta, the cleanup; never a secret. */
import type { ProbeOutcome, ReadinessProbe, ReadyReport } from "./inference-ready.js";

export type DisposableStep =
  | "balance-before"
  | "create"
  | "ready"
  | "chat"
  | "delete"
  | "verify-gone"
  | "balance-after";

export interface DisposableStepRecord {
  readonly step: DisposableStep;
  readonly ok: boolean;
  readonly elapsedMs: number;
  /** The error's message (redacted), when the step failed. */
  readonly error?: string;
}

/** The deployment, as addressed for a hand deletion. */
export interface DisposableDeployment {
  readonly shard?: string;
  readonly suffix?: string;
  readonly name?: string;
  readonly endpoint?: string;
  readonly templateName?: string;
  readonly machineType?: string;
}

export interface DisposableReport {
  /** True when every step passed and the deployment is verified gone. */
  readonly ok: boolean;
  readonly probe: ReadinessProbe;
  /** Undefined when the create did not answer. */
  readonly deployment?: DisposableDeployment;
  /**
   * The endpoint's Basic Auth user name, and whether it was generated; the password is never reported.
   * The family list marks the user name a secret, so once a client has sent it the report shows it as
   * `[REDACTED]` too. (Not under a key named `auth`: the redactor masks such keys whole.)
   */
  readonly user: { readonly name: string; readonly generated: boolean };
  readonly balanceBefore?: number;
  readonly balanceAfter?: number;
  /** `balanceAfter - balanceBefore` (negative: spent), when both were read. */
  readonly balanceDelta?: number;
  readonly ready?: ReadyReport;
  /** What the probes saw before the failure, when readiness failed. */
  readonly readyOutcomes?: readonly ProbeOutcome[];
  readonly chat?: {
    readonly model: string;
    readonly content: string;
    readonly finishReason: string;
  };
  readonly cleanup: {
    readonly deleted: boolean;
    readonly verifiedGone: boolean;
    readonly error?: string;
  };
  /** Present when the deployment may still exist: delete it by hand (it bills by the hour). */
  readonly leftover?: DisposableDeployment;
  readonly steps: readonly DisposableStepRecord[];
}
