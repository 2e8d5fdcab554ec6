/** The error of a disposable validation that failed, carrying its report (and any leftover deployment). */
import { ThetaError, type ThetaErrorCode } from "@theta/core";
import type { DisposableReport } from "./disposable-report.js";

export class DisposableValidationError extends ThetaError {
  /** The redacted report up to the failure, with the cleanup's outcome. */
  readonly report: DisposableReport;

  constructor(message: string, report: DisposableReport, cause: unknown) {
    const code: ThetaErrorCode = ThetaError.isInstance(cause) ? cause.code : "api_error";
    super(message, { code, cause });
    this.report = report;
  }

  protected override details(): Record<string, unknown> {
    return { report: this.report };
  }
}

Object.defineProperty(DisposableValidationError.prototype, "name", {
  value: "DisposableValidationError",
  enumerable: false,
  writable: true,
});
