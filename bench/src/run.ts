/**
 * Benchmarks, measured side by side in one run: `pnpm bench`.
 * Not tests: they print figures and ratios against targets; nothing here asserts timing.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { createOndemandClient } from "@theta/ondemand";
import { startSimulator } from "@theta/simulator";
import { createParser } from "eventsource-parser";
import { median, sideBySide } from "./stats.js";

interface Row {
  name: string;
  sdk: string;
  baseline: string;
  ratio: string;
  target: string;
  pass: boolean;
}

const rows: Row[] = [];
const fmt = (n: number, digits = 2) => n.toFixed(digits);

/** Blocks of 200 calls made by each side before the measured rounds of the catalog benchmark. */
const SERVICES_WARMUP_BLOCKS = 10;

/** Streams read by each side before the measured rounds of the chat benchmark. */
const CHAT_WARMUP_STREAMS = 10;

async function benchServicesList(): Promise<void> {
  const sim = await startSimulator({ quiet: true });
  try {
    const client = createOndemandClient({
      baseUrl: sim.baseUrls.ondemand,
      allowInsecureLoopback: true,
      env: {},
    });
    const url = `${sim.baseUrls.ondemand}/service/list`;
    const calls = 200;
    const sdk = async () => {
      for (let i = 0; i < calls; i++) await client.services.list();
    };
    const raw = async () => {
      for (let i = 0; i < calls; i++) {
        const res = await fetch(url, { headers: { accept: "application/json" } });
        await res.json();
      }
    };
    // Warm both sides up before measuring: per-call times keep falling for the first few thousand
    // calls (JIT of undici, node:http and the simulator), on both sides; one block each left that
    // warm-up inside the 10 measured rounds.
    for (let i = 0; i < SERVICES_WARMUP_BLOCKS; i++) {
      await sdk();
      await raw();
    }
    const t = await sideBySide(10, sdk, raw);
    const perCallSdk = median(t.a) / calls;
    const perCallRaw = median(t.b) / calls;
    const ratio = perCallSdk / perCallRaw;
    rows.push({
      name: "services.list() vs fetch+json (latency per call)",
      sdk: `${fmt(perCallSdk, 3)} ms`,
      baseline: `${fmt(perCallRaw, 3)} ms`,
      ratio: `${fmt(ratio)}x`,
      target: "<= 1.10x",
      pass: ratio <= 1.1,
    });
  } finally {
    await sim.close();
  }
}

function recordedChatStream(events: number): Uint8Array {
  const lines: string[] = [];
  const base = {
    id: "chatcmpl-bench",
    object: "chat.completion.chunk",
    created: 1767225600,
    model: "gpt-oss-120b",
  };
  for (let i = 0; i < events; i++) {
    const delta = i === 0 ? { role: "assistant", content: "" } : { content: `tok${i % 97} ` };
    lines.push(
      `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`,
    );
  }
  lines.push(
    `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })}\n\n`,
  );
  lines.push(
    `data: ${JSON.stringify({ ...base, choices: [], usage: { prompt_tokens: 12, completion_tokens: events, total_tokens: events + 12 } })}\n\n`,
  );
  lines.push("data: [DONE]\n\n");
  return new TextEncoder().encode(lines.join(""));
}

async function benchChatStream(): Promise<void> {
  const bytes = recordedChatStream(2000);
  // Serve the recorded bytes in 16 KiB writes, as a real server would flush them.
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      for (let o = 0; o < bytes.length; o += 16_384) res.write(bytes.subarray(o, o + 16_384));
      res.end();
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
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
    const raw = async () => {
      const res = await fetch(`${base}/infer_request/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer bench-token" },
        body: JSON.stringify({ ...request, stream: true }),
      });
      const parser = createParser({
        onEvent(event) {
          if (event.data === "[DONE]") return;
          const chunk = JSON.parse(event.data) as { choices: { delta?: { content?: string } }[] };
          rawChars += chunk.choices[0]?.delta?.content?.length ?? 0;
        },
      });
      const decoder = new TextDecoder();
      for await (const part of res.body as unknown as AsyncIterable<Uint8Array>) {
        parser.feed(decoder.decode(part, { stream: true }));
      }
    };
    await sdk();
    await raw();
    if (sdkChars !== rawChars)
      throw new Error(`chat.stream saw ${sdkChars} characters, raw parser ${rawChars}`);
    // Warm both sides up before measuring: one stream each left the JIT warm-up (rounds several
    // times slower than the steady state, on both sides) inside the 20 measured rounds.
    for (let i = 0; i < CHAT_WARMUP_STREAMS; i++) {
      await sdk();
      await raw();
    }
    const t = await sideBySide(20, sdk, raw);
    const sdkEventsPerSec = 2000 / (median(t.a) / 1000);
    const rawEventsPerSec = 2000 / (median(t.b) / 1000);
    const ratio = sdkEventsPerSec / rawEventsPerSec;
    rows.push({
      name: "chat.stream() vs eventsource-parser+JSON.parse (2 000 events, throughput)",
      sdk: `${Math.round(sdkEventsPerSec)} ev/s`,
      baseline: `${Math.round(rawEventsPerSec)} ev/s`,
      ratio: `${fmt(ratio)}x`,
      target: ">= 0.90x",
      pass: ratio >= 0.9,
    });
  } finally {
    server.close();
  }
}

async function benchUpload(totalBytes: number): Promise<void> {
  // The simulator runs in its own process so that only the client's memory is measured here.
  const require = createRequire(import.meta.url);
  const simPkg = require.resolve("@theta/simulator/package.json");
  const bin = new URL("./dist/bin.js", `file://${simPkg}`).pathname;
  const child = spawn(process.execPath, [bin, "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    let out = "";
    const baseUrl = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding("utf8");
      child.stdout.on("data", (d: string) => {
        out += d;
        const m = out.match(/https?:\/\/127\.0\.0\.1:\d+\/ondemand/);
        if (m) resolve(m[0]);
      });
      child.once("exit", (code) => reject(new Error(`simulator exited early (${code}): ${out}`)));
    });
    const client = createOndemandClient({
      baseUrl,
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
      target: "< 64 MiB",
      pass: growthMiB < 64,
    });
  } finally {
    child.kill("SIGTERM");
  }
}

function print(): void {
  const header = ["benchmark", "sdk", "baseline", "ratio", "target", "result"];
  const body = rows.map((r) => [r.name, r.sdk, r.baseline, r.ratio, r.target, r.pass ? "meets" : "MISSES"]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
  console.log(`\nCommand: pnpm bench   (node ${process.version}, ${process.platform}/${process.arch})\n`);
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of body) console.log(line(row));
}

const uploadBytes = Number(process.env.BENCH_UPLOAD_BYTES ?? 1024 ** 3);
await benchServicesList();
await benchChatStream();
await benchUpload(uploadBytes);
print();
