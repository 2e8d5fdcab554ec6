/**
 * Answers that arrive over time: an event stream and a dripping body. Both stop writing when the
 * client goes away (a test of a client-side timeout leaves no timer behind).
 */
import type { ServerResponse } from "node:http";

export interface DripOptions {
  /** Default 200. */
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Pause before each piece, the first included. */
  readonly everyMs: number;
  /** End the response after the last piece (default true); false leaves it open until the client leaves. */
  readonly end?: boolean;
}

/**
 * Sends the headers, then `pieces` one at a time, `everyMs` apart. A string drips one character at a
 * time. Resolves once the last piece is written or the client went away.
 */
export function dripBody(
  response: ServerResponse,
  pieces: string | readonly string[],
  options: DripOptions,
): Promise<void> {
  const queue = typeof pieces === "string" ? [...pieces] : [...pieces];
  response.writeHead(options.status ?? 200, { ...options.headers });
  // Headers go out now, not with the first piece: a client waiting for them must not wait for the body.
  response.flushHeaders();
  return new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (response.destroyed) {
        clearInterval(timer);
        resolve();
        return;
      }
      const piece = queue.shift();
      if (piece === undefined) {
        clearInterval(timer);
        if (options.end ?? true) response.end();
        resolve();
        return;
      }
      response.write(piece);
    }, options.everyMs);
    response.on("close", () => {
      clearInterval(timer);
      resolve();
    });
  });
}

/** One server-sent event: `data` lines, and optionally an event name and id. */
export interface ServerSentEvent {
  readonly data: string;
  readonly event?: string;
  readonly id?: string;
}

/** The wire form of one event (a string is its data), ending with the blank line. */
export function formatEvent(event: ServerSentEvent | string): string {
  const { data, event: name, id } = typeof event === "string" ? { data: event } : event;
  const fields = [
    ...(id === undefined ? [] : [`id: ${id}`]),
    ...(name === undefined ? [] : [`event: ${name}`]),
    ...data.split("\n").map((line) => `data: ${line}`),
  ];
  return `${fields.join("\n")}\n\n`;
}

export interface EventStreamOptions {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Pause before each event (default 0: one write per event, in one go). */
  readonly everyMs?: number;
  /** Append `data: [DONE]` (the OpenAI-compatible end of stream). Default false. */
  readonly done?: boolean;
  /** End the response after the last event (default true). */
  readonly end?: boolean;
}

/** Answers `text/event-stream` with `events`, one write each. */
export async function answerEventStream(
  response: ServerResponse,
  events: readonly (ServerSentEvent | string)[],
  options: EventStreamOptions = {},
): Promise<void> {
  const frames = [...events.map(formatEvent), ...(options.done ? [formatEvent("[DONE]")] : [])];
  const headers = { "content-type": "text/event-stream", "cache-control": "no-cache", ...options.headers };
  if (options.everyMs === undefined || options.everyMs === 0) {
    response.writeHead(options.status ?? 200, headers);
    for (const frame of frames) response.write(frame);
    if (options.end ?? true) response.end();
    return;
  }
  await dripBody(response, frames, {
    everyMs: options.everyMs,
    headers,
    ...(options.status === undefined ? {} : { status: options.status }),
    ...(options.end === undefined ? {} : { end: options.end }),
  });
}
