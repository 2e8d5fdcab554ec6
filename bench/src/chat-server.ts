/**
 * A server answering every request with the same recorded-shape chat stream (`node chat-server.js
 * EVENTS`): EVENTS `chat.completion.chunk` events as gpt_oss_120b sends them, a finish chunk, a usage
 * chunk and `data: [DONE]`, written in 16 KiB pieces as a real server would flush them. Prints its
 * base URL on stdout.
 */
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

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

const events = Number(process.argv[2] ?? 2000);
if (!Number.isInteger(events) || events < 1) {
  console.error("usage: chat-server.js EVENTS (a whole number >= 1)");
  process.exit(2);
}
const bytes = recordedChatStream(events);
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
console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
process.on("SIGTERM", () => {
  server.close();
  process.exit(0);
});
