/** What SKILL.md, the plugin description and the MCP server's instructions say about the on-demand family. */
import type { FamilyGuide } from "../../family-module.js";

export const ondemandGuide: FamilyGuide = {
  offers: "on-demand AI models (chat, image, audio, vision)",
  introduction:
    "Run AI models on Theta EdgeCloud's on-demand API: chat with hosted LLMs (qwen3, gpt_oss_120b, glm_5_3, …), generate images, transcribe audio, caption or question images, and check on long jobs.",
  steps: (tool) => [
    `Pick a model: ${tool("theta.ondemand.listServices")} (free, no token needed). Filter with \`category\`: text, image, audio, video, vision, other. Each entry lists its predictions and input fields.`,
    `Chat or text generation: ${tool("theta.ondemand.chat")} with OpenAI-style \`messages\`; \`service\` defaults to qwen3. It returns the reply, reasoning (if any), tool calls and token usage.`,
    `Anything else (images, speech-to-text, captions): ${tool("theta.ondemand.infer")} with \`service\` and \`input\` (the service's input fields). If the result is not terminal, call ${tool("theta.ondemand.pollUntilDone")} with the \`requestId\` (or ${tool("theta.ondemand.status")} once), or pass \`poll: true\` to infer.`,
    `File inputs (audio, images): ${tool("theta.ondemand.inputPresignedUrls")} gives an \`uploadUrl\` and a \`filename\` per field. The user (or a shell) uploads the file with HTTP PUT to \`uploadUrl\`; then call infer with \`input.<field>\` = \`filename\`. Treat \`uploadUrl\` as a secret.`,
    `A paid call that timed out may still have run: check it with ${tool("theta.ondemand.status")} before running it again.`,
  ],
  instructions: (tool) =>
    `On-demand AI: start with ${tool("list_services")} (free), then ${tool("infer")} or ${tool("theta.ondemand.chat")} (paid). Long jobs: ${tool("get_request_status")} or ${tool("theta.ondemand.pollUntilDone")}.`,
  shellExamples: [
    "theta.ondemand.listServices --category text",
    `theta.ondemand.chat --json '{"messages":[{"role":"user","content":"hi"}]}'`,
  ],
};
