/** What SKILL.md, the plugin description and the MCP server's instructions say about a dedicated endpoint. */
import type { FamilyGuide } from "../../family-module.js";

export const inferenceGuide: FamilyGuide = {
  offers: "chat with your own dedicated model endpoint",
  brief: "endpoint chat",
  introduction:
    "Talk to one of your own dedicated deployments (an OpenAI-compatible vLLM template such as DeepSeek R1 Distill Qwen 7B or gpt-oss-20b): wait until it serves, list its models and chat with it. Set THETA_INFERENCE_ENDPOINT and the deployment's Basic Auth (THETA_INFERENCE_AUTH_USER / _PASS) or a token.",
  steps: (tool) => [
    `A new deployment warms up for minutes (404, 502, 503, 401 answers): ${tool("theta.inference.ready")} polls until it serves (\`probe\` gradio for Gradio templates; raise \`timeoutMs\` for a cold start).`,
    `${tool("theta.inference.models")} lists the model ids it serves; ${tool("theta.inference.chat")} takes \`messages\` or a \`prompt\`, as the on-demand chat does. Calls are free: the deployment bills by the hour until deleted.`,
  ],
  instructions: (tool) =>
    `Dedicated endpoint: ${tool("theta.inference.ready")}, then ${tool("theta.inference.models")} and ${tool("theta.inference.chat")} (the deployment bills by the hour, not per call).`,
  shellExamples: ["theta.inference.ready --timeoutMs 900000", "theta.inference.chat --prompt 'Say hi'"],
};
