/** The request options of a controller call made for a command: the caller's abort signal, if any. */
import type { RunContext } from "../../command.js";

export function signalOption(runContext: RunContext): { signal?: AbortSignal } {
  return runContext.signal ? { signal: runContext.signal } : {};
}
