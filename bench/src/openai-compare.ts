/**
 * The user's alternative, side by side: the `openai` package pointed at the same OpenAI-compatible
 * route as `chat.create()` / `chat.stream()`. Non-stream latency on the simulator's route (delays at
 * zero), stream throughput on the recorded-shape 2 000-event stream. Both clients keep their defaults
 * except retries (off on both, so a slow answer is never repeated inside a measured round).
 */
import { createOndemandClient } from "@theta/ondemand";
import OpenAI from "openai";
import { formatNumber, isNoisy, type Row } from "./row.js";
import { startChatServerProcess, startFastSimulatorProcess } from "./servers.js";
import { interleaved, median } from "./stats.js";

const LATENCY_WARMUP_CALLS = 300;
/** A multiple of the 6 orders. */
const LATENCY_ROUNDS = 1200;
const STREAM_EVENTS = 2000;
const STREAM_WARMUP = 10;
const STREAM_ROUNDS = 60;

const MESSAGES = [{ role: "user" as const, content: "Say hi." }];

export async function benchOpenaiLatency(): Promise<Row> {
  const simulator = await startFastSimulatorProcess();
  try {
    const sdkClient = createOndemandClient({
      baseUrl: simulator.url,
      apiToken: "bench-token",
      allowInsecureLoopback: true,
      maxRetries: 0,
      env: {},
    });
    const openai = new OpenAI({
      apiKey: "bench-token",
      baseURL: `${simulator.url}/infer_request`,
      maxRetries: 0,
    });
    const openaiAgain = new OpenAI({
      apiKey: "bench-token",
      baseURL: `${simulator.url}/infer_request`,
      maxRetries: 0,
    });
    const request = { model: "gpt_oss_120b", messages: MESSAGES, max_tokens: 16 };
    const sdk = async () => {
      await sdkClient.chat.create(request);
    };
    // `stream: false` is required: without it the route answers SSE, which openai returns as a string.
    const viaOpenai = async () => {
      await openai.chat.completions.create({ ...request, stream: false });
    };
    const viaOpenaiAgain = async () => {
      await openaiAgain.chat.completions.create({ ...request, stream: false });
    };
    for (let i = 0; i < LATENCY_WARMUP_CALLS; i++) {
      await sdk();
      await viaOpenai();
      await viaOpenaiAgain();
    }
    const [a, b, c] = await interleaved(LATENCY_ROUNDS, [sdk, viaOpenai, viaOpenaiAgain]);
    const ratio = median(a!) / median(b!);
    const control = median(c!) / median(b!);
    return {
      name: "chat.create() vs openai chat.completions.create (simulator route, latency per call)",
      sdk: `${formatNumber(median(a!), 3)} ms`,
      baseline: `${formatNumber(median(b!), 3)} ms`,
      ratio: `${formatNumber(ratio)}x`,
      control: `${formatNumber(control)}x`,
      target: "<= 1.10x",
      pass: ratio <= 1.1,
      noisy: isNoisy(control),
    };
  } finally {
    simulator.close();
  }
}

export async function benchOpenaiStream(): Promise<Row> {
  const server = await startChatServerProcess(STREAM_EVENTS);
  try {
    const sdkClient = createOndemandClient({
      baseUrl: server.url,
      apiToken: "bench-token",
      allowInsecureLoopback: true,
      maxRetries: 0,
      env: {},
    });
    const openai = new OpenAI({
      apiKey: "bench-token",
      baseURL: `${server.url}/infer_request`,
      maxRetries: 0,
    });
    const openaiAgain = new OpenAI({
      apiKey: "bench-token",
      baseURL: `${server.url}/infer_request`,
      maxRetries: 0,
    });
    const request = { model: "gpt_oss_120b", messages: MESSAGES };
    const counts = { sdk: 0, openai: 0, control: 0 };
    const sdk = async () => {
      for await (const event of sdkClient.chat.stream(request)) {
        if (event.type === "content") counts.sdk += event.delta.length;
      }
    };
    const readOpenai = async (client: OpenAI): Promise<number> => {
      let characters = 0;
      const stream = await client.chat.completions.create({ ...request, stream: true });
      for await (const chunk of stream) characters += chunk.choices[0]?.delta?.content?.length ?? 0;
      return characters;
    };
    const viaOpenai = async () => {
      counts.openai += await readOpenai(openai);
    };
    const viaOpenaiAgain = async () => {
      counts.control += await readOpenai(openaiAgain);
    };
    await sdk();
    await viaOpenai();
    if (counts.sdk !== counts.openai) {
      throw new Error(`chat.stream saw ${counts.sdk} characters, openai ${counts.openai}`);
    }
    for (let i = 0; i < STREAM_WARMUP; i++) {
      await sdk();
      await viaOpenai();
      await viaOpenaiAgain();
    }
    const [a, b, c] = await interleaved(STREAM_ROUNDS, [sdk, viaOpenai, viaOpenaiAgain]);
    const sdkEventsPerSecond = STREAM_EVENTS / (median(a!) / 1000);
    const openaiEventsPerSecond = STREAM_EVENTS / (median(b!) / 1000);
    const ratio = sdkEventsPerSecond / openaiEventsPerSecond;
    const control = median(b!) / median(c!);
    return {
      name: "chat.stream() vs openai stream (2 000 events, throughput)",
      sdk: `${Math.round(sdkEventsPerSecond)} ev/s`,
      baseline: `${Math.round(openaiEventsPerSecond)} ev/s`,
      ratio: `${formatNumber(ratio)}x`,
      control: `${formatNumber(control)}x`,
      target: ">= 1.00x",
      pass: ratio >= 1,
      noisy: isNoisy(control),
    };
  } finally {
    server.close();
  }
}
