/**
 * Every scenario against every call path of the library: the catalog (an idempotent GET), a request's
 * status (GET), a job creation and a chat (billable POSTs), a streamed chat. Each call ends as a
 * success, a typed error, or a defect: an untyped error, a hang (still running at its deadline plus a
 * grace period), or a secret in what it returned or threw.
 */
import { ThetaError } from "@theta/core";
import { createOndemandClient, type OndemandClient } from "@theta/ondemand";
import type { HostileServer } from "./hostile-server.js";
import { ATTEMPT_TIMEOUT_MS, MAX_RESPONSE_BYTES, SCENARIOS, type Scenario } from "./scenarios.js";

export interface CallOutcome {
  readonly scenario: Scenario;
  readonly path: string;
  readonly kind: "ok" | "typed" | "untyped" | "hang";
  readonly detail: string;
  /** The canary secret appeared in the result or the error. */
  readonly leaked: boolean;
}

/** Each call is aborted by its caller after this long (long `Retry-After` waits end here)... */
const CALL_DEADLINE_MS = 6000;
/** ...and counts as a hang when it has not settled this long after that. */
const HANG_GRACE_MS = 5000;
const REPEATS = 2;
const CONCURRENCY = 16;

type CallPath = (client: OndemandClient, marker: string, signal: AbortSignal) => Promise<unknown>;

const CALL_PATHS: Readonly<Record<string, CallPath>> = {
  "services.list": (client, _marker, signal) => client.services.list({ signal }),
  "requests.get": (client, _marker, signal) => client.requests.get("infr_rqst_storm", { signal }),
  infer: (client, marker, signal) => client.infer("flux", { prompt: marker }, { signal }),
  "chat.create": (client, marker, signal) =>
    client.chat.create({ model: "gpt_oss_120b", messages: [{ role: "user", content: marker }] }, { signal }),
  "chat.stream": async (client, marker, signal) => {
    const events: unknown[] = [];
    const stream = client.chat.stream(
      { model: "gpt_oss_120b", messages: [{ role: "user", content: marker }] },
      { signal },
    );
    for await (const event of stream) events.push(event);
    return events;
  },
};

function textOf(value: unknown): string {
  try {
    if (value instanceof Error)
      return `${value.name} ${value.message} ${value.stack ?? ""} ${JSON.stringify(value)}`;
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

async function runOne(
  client: OndemandClient,
  scenario: Scenario,
  path: string,
  call: CallPath,
  marker: string,
  canary: string,
): Promise<CallOutcome> {
  const signal = AbortSignal.timeout(CALL_DEADLINE_MS);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<"hang">((resolve) => {
    timer = setTimeout(() => resolve("hang"), CALL_DEADLINE_MS + HANG_GRACE_MS);
  });
  try {
    const settled = await Promise.race([
      call(client, marker, signal).then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      ),
      hang,
    ]);
    if (settled === "hang") return { scenario, path, kind: "hang", detail: "did not settle", leaked: false };
    if ("error" in settled) {
      const error: unknown = settled.error;
      const leaked = textOf(error).includes(canary);
      if (ThetaError.isInstance(error)) {
        const code = (error as { code?: string }).code ?? "";
        return { scenario, path, kind: "typed", detail: `${error.name}:${code}`, leaked };
      }
      return { scenario, path, kind: "untyped", detail: textOf(error).slice(0, 300), leaked };
    }
    return { scenario, path, kind: "ok", detail: "", leaked: textOf(settled.value).includes(canary) };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `tasks` with at most `limit` at a time. */
async function pool<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await (tasks[index] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

export async function runLibraryStorm(server: HostileServer, canary: string): Promise<CallOutcome[]> {
  const tasks: (() => Promise<CallOutcome>)[] = [];
  let counter = 0;
  for (const scenario of SCENARIOS) {
    const client = createOndemandClient({
      baseUrl: `${server.url}/${scenario}`,
      apiToken: canary,
      allowInsecureLoopback: true,
      timeoutMs: ATTEMPT_TIMEOUT_MS,
      maxRetries: 2,
      retryBackoffMs: 25,
      maxResponseBytes: MAX_RESPONSE_BYTES,
      env: {},
    });
    for (let repeat = 0; repeat < REPEATS; repeat++) {
      for (const [path, call] of Object.entries(CALL_PATHS)) {
        const marker = `storm-${counter++}`;
        tasks.push(() => runOne(client, scenario, path, call, marker, canary));
      }
    }
  }
  return pool(tasks, CONCURRENCY);
}
