import { afterEach } from "vitest";
import { type Simulator, type SimulatorOptions, startSimulator } from "../index.js";

const running: Simulator[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

/** Starts a quiet simulator with fast timings; closed after each test. */
export async function start(options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator({
    seed: 1234,
    ...options,
    timing: {
      jobMs: 60,
      pendingMs: 20,
      videoJobMs: 100,
      chatTokenDelayMs: 0,
      firstTokenDelayMs: 0,
      ...options.timing,
    },
  });
  running.push(sim);
  return sim;
}

export type Json = Record<string, unknown>;

export function auth(sim: Simulator, token = sim.credentials.ondemand.apiToken): Record<string, string> {
  return { authorization: `Bearer ${token}`, "content-type": "application/json" };
}

export async function post(
  sim: Simulator,
  path: string,
  body: unknown,
  headers: Record<string, string> = auth(sim),
): Promise<Response> {
  return fetch(`${sim.baseUrls.ondemand}${path}`, {
    method: "POST",
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

export async function get(
  sim: Simulator,
  path: string,
  headers: Record<string, string> = auth(sim),
): Promise<Response> {
  return fetch(`${sim.baseUrls.ondemand}${path}`, { headers });
}

export async function json(response: Response): Promise<Json> {
  const text = await response.text();
  return JSON.parse(text) as Json;
}

/** `body.infer_requests[0]` of a job envelope. */
export async function inferRequest(response: Response): Promise<Json> {
  const envelope = await json(response);
  const body = envelope.body as { infer_requests: Json[] };
  const first = body.infer_requests[0];
  if (!first) throw new Error("no infer request in the answer");
  return first;
}

export interface ParsedSse {
  /** Parsed JSON of each `data:` line except `[DONE]`. */
  events: Json[];
  done: boolean;
  raw: string;
}

/** Reads a whole SSE body and parses its `data:` lines. Non-JSON data lines throw. */
export async function readSse(response: Response): Promise<ParsedSse> {
  const raw = await response.text();
  const events: Json[] = [];
  let done = false;
  for (const block of raw.split("\n\n")) {
    const line = block.trim();
    if (!line) continue;
    if (!line.startsWith("data: ")) throw new Error(`unexpected SSE line: ${line.slice(0, 40)}`);
    const data = line.slice("data: ".length);
    if (data === "[DONE]") {
      done = true;
      continue;
    }
    events.push(JSON.parse(data) as Json);
  }
  return { events, done, raw };
}

interface Choice {
  delta?: Record<string, unknown>;
  finish_reason?: string | null;
}

/** Joins the deltas of a chat stream. */
export function collect(events: Json[]): {
  content: string;
  reasoning: string;
  reasoningContent: string;
  finishReasons: string[];
  usage?: Json;
  toolCalls: { id?: string; name?: string; arguments: string }[];
} {
  let content = "";
  let reasoning = "";
  let reasoningContent = "";
  const finishReasons: string[] = [];
  let usage: Json | undefined;
  const toolCalls: { id?: string; name?: string; arguments: string }[] = [];
  for (const event of events) {
    if (event.usage) usage = event.usage as Json;
    for (const choice of (event.choices as Choice[]) ?? []) {
      const delta = choice.delta ?? {};
      if (typeof delta.content === "string") content += delta.content;
      if (typeof delta.reasoning === "string") reasoning += delta.reasoning;
      if (typeof delta.reasoning_content === "string") reasoningContent += delta.reasoning_content;
      if (Array.isArray(delta.tool_calls)) {
        for (const call of delta.tool_calls as {
          index: number;
          id?: string;
          function?: { name?: string; arguments?: string };
        }[]) {
          let slot = toolCalls[call.index];
          if (!slot) {
            slot = { arguments: "" };
            toolCalls[call.index] = slot;
          }
          if (call.id) slot.id = call.id;
          if (call.function?.name) slot.name = call.function.name;
          if (call.function?.arguments) slot.arguments += call.function.arguments;
        }
      }
      if (choice.finish_reason) finishReasons.push(choice.finish_reason);
    }
  }
  return { content, reasoning, reasoningContent, finishReasons, ...(usage ? { usage } : {}), toolCalls };
}
