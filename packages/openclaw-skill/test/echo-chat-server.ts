import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A loopback chat server that echoes the caller's bearer token back, raw and base64-encoded, in
 * both the reasoning and the content of its answer (streamed in small pieces that split the token).
 * An adapter must never show any of it.
 */
export interface EchoChatServer {
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** Every spelling of `token` the server echoes (none may reach any output). */
export function echoedForms(token: string): string[] {
  const base64 = Buffer.from(token).toString("base64");
  return [
    token,
    base64,
    base64.replace(/=+$/, ""),
    Buffer.from(token).toString("base64url"),
    Buffer.from(`user:${token}`).toString("base64"),
  ];
}

function answerTexts(token: string): { reasoning: string; content: string } {
  const [raw, base64, unpadded, base64Url, basic] = echoedForms(token);
  return {
    reasoning: `The caller sent ${raw} (base64 ${base64}); I will repeat it.`,
    content: `Your token is ${raw}. Encoded: ${unpadded} and ${base64Url}; as a credential ${basic} done.`,
  };
}

function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let index = 0; index < text.length; index += size) out.push(text.slice(index, index + size));
  return out;
}

async function readBody(request: IncomingMessage): Promise<string> {
  let text = "";
  for await (const chunk of request) text += String(chunk);
  return text;
}

export async function startEchoChatServer(): Promise<EchoChatServer> {
  const server = createServer(async (request, response) => {
    const body = JSON.parse((await readBody(request)) || "{}") as { stream?: boolean; model?: string };
    const token = (request.headers.authorization ?? "").replace(/^Bearer\s+/i, "");
    const { reasoning, content } = answerTexts(token);
    const model = body.model ?? "gpt_oss_120b";
    if (!body.stream) {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(
        JSON.stringify({
          id: "chatcmpl-echo",
          model,
          choices: [{ index: 0, message: { role: "assistant", content, reasoning }, finish_reason: "stop" }],
          usage: { prompt_tokens: 3, completion_tokens: 30, total_tokens: 33 },
        }),
      );
      return;
    }
    response.writeHead(200, { "content-type": "text/event-stream" });
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
      `data: ${JSON.stringify({ id: "chatcmpl-echo", model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    for (const piece of pieces(reasoning, 5)) response.write(chunk({ reasoning: piece }));
    for (const piece of pieces(content, 5)) response.write(chunk({ content: piece }));
    response.write(chunk({}, "stop"));
    response.end("data: [DONE]\n\n");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
