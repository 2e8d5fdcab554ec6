/**
 * A node:http server on 127.0.0.1 for tests that script raw answers (real loopback HTTP, no mocks).
 * Registers its own vitest hooks: started before the file's tests, closed after them, and reset to
 * answering 500 after each test.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll } from "vitest";

export type Handler = (req: IncomingMessage, body: Buffer, res: ServerResponse) => Promise<void> | void;

const unset: Handler = (_req, _body, res) => {
  res.statusCode = 500;
  res.end();
};

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` (available once the file's tests run). */
  url(): string;
  /** Answers the next requests with `handler` (until the test ends). */
  handle(handler: Handler): void;
}

export function useLoopbackServer(): LoopbackServer {
  let server: Server | undefined;
  let baseUrl = "";
  let handler = unset;
  beforeAll(async () => {
    const s = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        Promise.resolve(handler(req, Buffer.concat(chunks), res)).catch(() => res.destroy());
      });
    });
    server = s;
    await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => server?.close(() => resolve()) ?? resolve());
  });
  afterEach(() => {
    handler = unset;
  });
  return {
    url: () => baseUrl,
    handle: (next) => {
      handler = next;
    },
  };
}
