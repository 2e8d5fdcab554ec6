import { answerEventStream, answerJson, startLoopbackServer } from "@theta/loopback-server";

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

export async function startEchoChatServer(): Promise<EchoChatServer> {
  const server = await startLoopbackServer(async (request, response) => {
    const body = JSON.parse(request.body || "{}") as { stream?: boolean; model?: string };
    const token = (request.headers.authorization ?? "").replace(/^Bearer\s+/i, "");
    const { reasoning, content } = answerTexts(token);
    const model = body.model ?? "gpt_oss_120b";
    if (!body.stream) {
      answerJson(response, 200, {
        id: "chatcmpl-echo",
        model,
        choices: [{ index: 0, message: { role: "assistant", content, reasoning }, finish_reason: "stop" }],
        usage: { prompt_tokens: 3, completion_tokens: 30, total_tokens: 33 },
      });
      return;
    }
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
      JSON.stringify({ id: "chatcmpl-echo", model, choices: [{ index: 0, delta, finish_reason: finish }] });
    await answerEventStream(
      response,
      [
        ...pieces(reasoning, 5).map((piece) => chunk({ reasoning: piece })),
        ...pieces(content, 5).map((piece) => chunk({ content: piece })),
        chunk({}, "stop"),
      ],
      { done: true },
    );
  });
  return { baseUrl: server.url, close: () => server.close() };
}
