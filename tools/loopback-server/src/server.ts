/**
 * A real HTTP server on 127.0.0.1 for tests (never a mocked `fetch`). Every request is recorded
 * (method, path, headers, full body) before the handler runs, so a test can count and inspect what
 * reached the server even when the handler then resets the connection.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** One request as the server received it. */
export interface RecordedRequest {
  readonly method: string;
  /** The request target as sent: path and query string. */
  readonly path: string;
  /** Header names in lower case. */
  readonly headers: IncomingHttpHeaders;
  /** The full body, decoded as UTF-8. */
  readonly body: string;
  /** The full body as received. */
  readonly bytes: Buffer;
}

/** What a handler knows about the exchange besides the recorded request. */
export interface Exchange {
  /** 1 for the first request this server received, 2 for the second, ... */
  readonly index: number;
  /** The raw request (its socket, for tests of connection handling). */
  readonly incoming: IncomingMessage;
}

/** Answers one request. A throw answers 599 with the message (or drops the connection once answering). */
export type LoopbackHandler = (
  request: RecordedRequest,
  response: ServerResponse,
  exchange: Exchange,
) => void | Promise<void>;

export interface LoopbackServer {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  /** Every request received, oldest first. */
  readonly requests: RecordedRequest[];
  /** Answers the next requests with `handler` instead. */
  handle(handler: LoopbackHandler): void;
  /** Drops every open connection and stops listening. */
  close(): Promise<void>;
}

/** The answer of a server nobody scripted: a 500, so that a test forgetting its handler fails. */
export const answerUnscripted: LoopbackHandler = (_request, response) => {
  response.statusCode = 500;
  response.end();
};

function answerHandlerError(response: ServerResponse, error: unknown): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.statusCode = 599;
  response.end(String(error));
}

/** Starts a server on 127.0.0.1 (a free port) answering with `handler`. */
export async function startLoopbackServer(
  handler: LoopbackHandler = answerUnscripted,
): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let current = handler;
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const bytes = Buffer.concat(chunks);
      const recorded: RecordedRequest = {
        method: incoming.method ?? "",
        path: incoming.url ?? "",
        headers: incoming.headers,
        body: bytes.toString("utf8"),
        bytes,
      };
      requests.push(recorded);
      const exchange: Exchange = { index: requests.length, incoming };
      try {
        Promise.resolve(current(recorded, response, exchange)).catch((error: unknown) =>
          answerHandlerError(response, error),
        );
      } catch (error) {
        answerHandlerError(response, error);
      }
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    handle(next) {
      current = next;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      });
      return closing;
    },
  };
}
