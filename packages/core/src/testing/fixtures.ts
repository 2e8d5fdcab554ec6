import type { LoopbackServer } from "@theta/loopback-server";
import type { HttpSettings } from "../http-settings.js";
import type { Logger } from "../logger.js";
import type { OperationsTable } from "../operations.js";
import { createTransport, type TransportOptions } from "../transport.js";

/** A small operations table shaped like the on-demand API's. */
export const OPERATIONS: OperationsTable = {
  listServices: {
    operationId: "listServices",
    method: "GET",
    path: "/service/list",
    // As in the spec: the catalog is the one operation that needs no token.
    public: true,
    mutating: false,
    billable: false,
    idempotent: true,
  },
  getInferRequest: {
    operationId: "getInferRequest",
    method: "GET",
    path: "/infer_request/{id}",
    mutating: false,
    billable: false,
    idempotent: true,
  },
  createInferRequest: {
    operationId: "createInferRequest",
    method: "POST",
    path: "/infer_request/{alias}",
    mutating: true,
    billable: true,
    idempotent: false,
    // As in the spec: a chat service may answer a job creation with an event stream.
    stream: true,
  },
  createPrediction: {
    operationId: "createPrediction",
    method: "POST",
    path: "/infer_request/{alias}/{prediction}",
    mutating: true,
    billable: true,
    idempotent: false,
  },
  chatCompletions: {
    operationId: "chatCompletions",
    method: "POST",
    path: "/infer_request/chat/completions",
    mutating: true,
    billable: true,
    idempotent: false,
    stream: true,
    timeoutMs: 120_000,
  },
  putSettings: {
    operationId: "putSettings",
    method: "PUT",
    path: "/settings/{name}",
    mutating: true,
    billable: false,
    idempotent: true,
  },
  createNote: {
    operationId: "createNote",
    method: "POST",
    path: "/notes",
    mutating: true,
    billable: false,
    idempotent: false,
  },
  getDocument: {
    operationId: "getDocument",
    method: "GET",
    path: "/documents/{id}.json",
    mutating: false,
    billable: false,
    idempotent: true,
  },
  quickRead: {
    operationId: "quickRead",
    method: "GET",
    path: "/quick",
    mutating: false,
    billable: false,
    idempotent: true,
    retry: { maxRetries: 0 },
  },
};

export const TOKEN = "tok_fixture_0123456789abcdef";

export interface RecordedLog {
  level: string;
  message: string;
  data: unknown;
}

export function recordingLogger(): Logger & { lines: RecordedLog[] } {
  const lines: RecordedLog[] = [];
  const push =
    (level: string) =>
    (message: string, data?: unknown): void => {
      lines.push({ level, message, data });
    };
  return { lines, debug: push("debug"), info: push("info"), warn: push("warn"), error: push("error") };
}

export function makeTransport(
  server: LoopbackServer,
  options: Partial<TransportOptions> = {},
  http: Partial<HttpSettings> = {},
) {
  const delays: number[] = [];
  const logger = recordingLogger();
  const transport = createTransport({
    family: "ondemand",
    baseUrl: `${server.url}/ondemand`,
    operations: OPERATIONS,
    http: { timeoutMs: 5000, maxRetries: 2, retryBackoffMs: 100, dryRun: false, ...http },
    allowInsecureLoopback: true,
    random: () => 0.5,
    sleep: async (ms) => {
      delays.push(ms);
    },
    headers: () => ({ authorization: `Bearer ${TOKEN}` }),
    logger,
    ...options,
  });
  return { transport, delays, logger, base: `${server.url}/ondemand` };
}

/** Resolves with the rejection reason of `promise`; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject, but it resolved");
}

export function postJson(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  };
}
