/** Misbehaving answers: connections reset before or during the answer, and headers that come late. */
import type { ServerResponse } from "node:http";

/** Drops the connection without any answer (the request body was already read in full). */
export function resetBeforeHeaders(response: ServerResponse): void {
  response.socket?.destroy();
}

export interface ResetMidBodyOptions {
  /** Default 200. */
  readonly status?: number;
  /** Default: JSON with a `content-length` larger than what is sent, so the body is visibly cut. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Delay between the partial body and the reset (default 20 ms: the client has read the headers). */
  readonly afterMs?: number;
}

/** Sends the headers and `partialBody`, then drops the connection. */
export function resetMidBody(
  response: ServerResponse,
  partialBody: string,
  options: ResetMidBodyOptions = {},
): void {
  response.writeHead(
    options.status ?? 200,
    options.headers ?? {
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(partialBody) + 1000),
    },
  );
  response.write(partialBody);
  setTimeout(() => response.socket?.destroy(), options.afterMs ?? 20);
}

/**
 * Waits `delayMs` before answering with `answer` (nothing is sent meanwhile, not even the status
 * line); skips the answer when the client went away first.
 */
export function answerAfter(
  response: ServerResponse,
  delayMs: number,
  answer: (response: ServerResponse) => void | Promise<void>,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      if (response.destroyed || response.socket?.destroyed) {
        resolve();
        return;
      }
      Promise.resolve(answer(response)).then(resolve, reject);
    }, delayMs);
    response.on("close", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
