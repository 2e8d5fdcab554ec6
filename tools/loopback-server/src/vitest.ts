/**
 * `@theta/loopback-server/vitest`: one loopback server per test file, with vitest hooks. A subpath of
 * its own so that code outside vitest (the storm app, scripts) imports the server without vitest.
 */
import { afterAll, afterEach, beforeAll } from "vitest";
import {
  answerUnscripted,
  type LoopbackHandler,
  type LoopbackServer,
  type RecordedRequest,
  startLoopbackServer,
} from "./server.js";

export interface LoopbackServerHooks {
  /** `http://127.0.0.1:PORT` (known once the file's tests run). */
  url(): string;
  /** Answers the next requests with `handler`, until the test ends. */
  handle(handler: LoopbackHandler): void;
  /** The requests received during the current test. */
  requests(): readonly RecordedRequest[];
}

/**
 * Starts a server before the file's tests and closes it after them; after each test it forgets the
 * requests and answers 500 again, so one test's script never answers another's requests.
 */
export function useLoopbackServer(): LoopbackServerHooks {
  let server: LoopbackServer | undefined;
  const started = (): LoopbackServer => {
    if (!server) throw new Error("useLoopbackServer: the server starts in beforeAll; use it inside a test");
    return server;
  };
  beforeAll(async () => {
    server = await startLoopbackServer();
  });
  afterAll(async () => {
    await server?.close();
  });
  afterEach(() => {
    server?.handle(answerUnscripted);
    server?.requests.splice(0);
  });
  return {
    url: () => started().url,
    handle: (handler) => started().handle(handler),
    requests: () => started().requests,
  };
}
