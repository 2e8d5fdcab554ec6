/**
 * What the `theta-simulator` bin prints when it cannot start. A busy port is the common case (a
 * simulator already running, another dev server): the bare `listen EADDRINUSE` names neither the cause
 * in plain words nor the flag that fixes it.
 */

/** The error code Node's `listen` gives for a port already in use. */
const PORT_IN_USE = "EADDRINUSE";

function errorCode(error: unknown): unknown {
  return typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
}

/** One line for stderr (without the `theta-simulator:` prefix) explaining why startup failed. */
export function startupFailureMessage(error: unknown, port: number): string {
  if (errorCode(error) === PORT_IN_USE) {
    return `port ${port} is already in use (another simulator or server is listening there). Stop it, or pick another port with --port N (--port 0 picks a free one).`;
  }
  return error instanceof Error ? error.message : String(error);
}
