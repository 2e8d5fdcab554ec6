/**
 * Benchmarks, measured side by side in one run: `pnpm bench`.
 * Not tests: they print figures and ratios against targets; nothing here asserts timing.
 */
import { createOndemandClient } from "@theta/ondemand";
import { createParser } from "eventsource-parser";
import { benchColdImports } from "./cold-import.js";
import { benchMcp } from "./mcp-compare.js";
import { benchOpenaiLatency, benchOpenaiStream } from "./openai-compare.js";
import { benchOperationCall } from "./operation-call-compare.js";
import { formatNumber as fmt, isNoisy, type Row } from "./row.js";
import { startChatServerProcess, startSimulatorProcess } from "./servers.js";
import { bootstrapRatio, interleaved, median } from "./stats.js";

const rows: Row[] = [];

/** Calls of `services.list()` (and of its baseline) made by each side before the measured rounds. */
const SERVICES_WARMUP_CALLS = 2000;
/**
 * Measured rounds of the catalog benchmark (a multiple of the 6 orders), one call per side in each:
 * interleaving single calls puts the three sides milliseconds apart, so machine drift hits them alike.
 */
const SERVICES_ROUNDS = 6000;

/** Streams read by each side before the measured rounds of the chat benchmark. */
const CHAT_WARMUP_STREAMS = 10;
/** Measured rounds of the chat benchmark (one stream per side each; a multiple of the 6 orders). */
const CHAT_ROUNDS = 102;

async function benchServicesList(): Promise<void> {
  const sim = await startSimulatorProcess();
  try {
    const client = createOndemandClient({ baseUrl: sim.url, allowInsecureLoopback: true, env: {} });
    const url = `${sim.url}/service/list`;
    const sdk = async () => {
      await client.services.list();
    };
    const raw = async () => {
      const res = await fetch(url, { headers: { accept: "application/json" } });
      await res.json();
    };
    // The same baseline again, as a separate function: its ratio to `raw` is the noise floor.
    const rawAgain = async () => {
      const res = await fetch(url, { headers: { accept: "application/json" } });
      await res.json();
    };
    // Warm every side up first: per-call times keep falling for the first few thousand calls (JIT
    // of undici, node:http and the simulator), on every side.
    for (let i = 0; i < SERVICES_WARMUP_CALLS; i++) {
      await sdk();
      await raw();
      await rawAgain();
    }
    const [a, b, c] = await interleaved(SERVICES_ROUNDS, [sdk, raw, rawAgain]);
    const perCallSdk = median(a!);
    const perCallRaw = median(b!);
    const ratio = perCallSdk / perCallRaw;
    const control = median(c!) / median(b!);
    const [low, high] = bootstrapRatio(a!, b!);
    rows.push({
      name: "services.list() vs fetch+json (latency per call)",
      sdk: `${fmt(perCallSdk, 3)} ms`,
      baseline: `${fmt(perCallRaw, 3)} ms`,
      ratio: `${fmt(ratio)}x (${fmt(low)}-${fmt(high)})`,
      control: `${fmt(control)}x`,
      target: "<= 1.10x",
      pass: ratio <= 1.1,
      noisy: isNoisy(control),
    });
  } finally {
    sim.close();
  }
}

/** Events of the recorded-shape chat stream. */
const CHAT_EVENTS = 2000;

async function benchChatStream(): Promise<void> {
  const server = await startChatServerProcess(CHAT_EVENTS);
  const base = server.url;
  try {
    const client = createOndemandClient({
      baseUrl: base,
      apiToken: "bench-token",
      allowInsecureLoopback: true,
      env: {},
    });
    const request = { model: "gpt_oss_120b", messages: [{ role: "user" as const, content: "hi" }] };
    let sdkChars = 0;
    let rawChars = 0;
    const sdk = async () => {
      for await (const event of client.chat.stream(request)) {
        if (event.type === "content") sdkChars += event.delta.length;
      }
    };
    /** The baseline: one stream through fetch + eventsource-parser + JSON.parse; its content length. */
    const rawStream = async (): Promise<number> => {
      let chars = 0;
      const res = await fetch(`${base}/infer_request/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer bench-token" },
        body: JSON.stringify({ ...request, stream: true }),
      });
      const parser = createParser({
        onEvent(event) {
          if (event.data === "[DONE]") return;
          const chunk = JSON.parse(event.data) as { choices: { delta?: { content?: string } }[] };
          chars += chunk.choices[0]?.delta?.content?.length ?? 0;
        },
      });
      const decoder = new TextDecoder();
      for await (const part of res.body as unknown as AsyncIterable<Uint8Array>) {
        parser.feed(decoder.decode(part, { stream: true }));
      }
      return chars;
    };
    const raw = async () => {
      rawChars += await rawStream();
    };
    // The same baseline again: its ratio to `raw` is the noise floor.
    let controlChars = 0;
    const rawAgain = async () => {
      controlChars += await rawStream();
    };
    await sdk();
    await raw();
    if (sdkChars !== rawChars)
      throw new Error(`chat.stream saw ${sdkChars} characters, raw parser ${rawChars}`);
    // Warm every side up first: the first streams run several times slower (JIT), on every side.
    for (let i = 0; i < CHAT_WARMUP_STREAMS; i++) {
      await sdk();
      await raw();
      await rawAgain();
    }
    const [a, b, c] = await interleaved(CHAT_ROUNDS, [sdk, raw, rawAgain]);
    if (controlChars === 0) throw new Error("the control stream carried no content");
    const sdkEventsPerSec = CHAT_EVENTS / (median(a!) / 1000);
    const rawEventsPerSec = CHAT_EVENTS / (median(b!) / 1000);
    const ratio = sdkEventsPerSec / rawEventsPerSec;
    const control = median(b!) / median(c!);
    rows.push({
      name: "chat.stream() vs eventsource-parser+JSON.parse (2 000 events, throughput)",
      sdk: `${Math.round(sdkEventsPerSec)} ev/s`,
      baseline: `${Math.round(rawEventsPerSec)} ev/s`,
      ratio: `${fmt(ratio)}x`,
      control: `${fmt(control)}x`,
      target: ">= 0.90x",
      pass: ratio >= 0.9,
      noisy: isNoisy(control),
    });
  } finally {
    server.close();
  }
}

async function benchUpload(totalBytes: number): Promise<void> {
  // The simulator runs in its own process so that only the client's memory is measured here.
  const sim = await startSimulatorProcess();
  try {
    const client = createOndemandClient({
      baseUrl: sim.url,
      apiToken: "bench-token",
      allowInsecureLoopback: true,
      env: {},
    });
    const urls = await client.uploads.urls("whisper", ["audio_filename"]);
    const target = urls.audio_filename;
    if (!target) throw new Error("no presigned URL for audio_filename");
    const chunk = new Uint8Array(1024 * 1024).fill(7);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= totalBytes) {
          controller.close();
          return;
        }
        const n = Math.min(chunk.length, totalBytes - sent);
        sent += n;
        controller.enqueue(n === chunk.length ? chunk : chunk.subarray(0, n));
      },
    });
    globalThis.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    const t0 = performance.now();
    await client.uploads.put(target.url, body, { size: totalBytes });
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    const growthMiB = (peak - before) / (1024 * 1024);
    rows.push({
      name: `uploads.put() streaming ${fmt(totalBytes / 1024 ** 3)} GiB (peak RSS growth)`,
      sdk: `${fmt(growthMiB, 1)} MiB`,
      baseline: `${fmt(totalBytes / 1024 ** 2 / seconds, 0)} MiB/s`,
      ratio: `${fmt(growthMiB / 64)}x of cap`,
      control: "-",
      target: "< 64 MiB",
      pass: growthMiB < 64,
    });
  } finally {
    sim.close();
  }
}

function print(): void {
  const header = ["benchmark", "sdk", "baseline", "ratio", "A/A", "target", "result"];
  const body = rows.map((r) => [
    r.name,
    r.sdk,
    r.baseline,
    r.ratio,
    r.control,
    r.target,
    `${r.pass === undefined ? "-" : r.pass ? "meets" : "MISSES"}${r.noisy ? " (noisy run: A/A off 1.00x)" : ""}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
  console.log(`\nCommand: pnpm bench   (node ${process.version}, ${process.platform}/${process.arch})\n`);
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of body) console.log(line(row));
  const methods = rows.filter((row) => row.method !== undefined);
  if (methods.length > 0) console.log("");
  for (const row of methods) console.log(`${row.name}: ${row.method}`);
}

const uploadBytes = Number(process.env.BENCH_UPLOAD_BYTES ?? 1024 ** 3);
/** `BENCH_ONLY=catalog,chat,upload,openai,imports,operation-call,mcp` (any of them) runs only those; the default runs all. */
const BENCHMARKS = ["catalog", "chat", "upload", "openai", "imports", "operation-call", "mcp"];
const only = new Set(process.env.BENCH_ONLY?.split(",").map((s) => s.trim()) ?? BENCHMARKS);
for (const name of only) {
  if (!BENCHMARKS.includes(name))
    throw new Error(`BENCH_ONLY: unknown benchmark "${name}" (use ${BENCHMARKS.join(", ")})`);
}
if (only.has("catalog")) await benchServicesList();
if (only.has("chat")) await benchChatStream();
if (only.has("upload")) await benchUpload(uploadBytes);
if (only.has("openai")) rows.push(await benchOpenaiLatency(), await benchOpenaiStream());
if (only.has("operation-call")) rows.push(await benchOperationCall());
if (only.has("imports")) rows.push(...benchColdImports());
if (only.has("mcp")) rows.push(...(await benchMcp()));
print();
