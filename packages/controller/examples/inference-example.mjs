import { createInferenceClient } from "@theta/controller";

// The endpoint and its Basic Auth come from THETA_INFERENCE_ENDPOINT and THETA_INFERENCE_AUTH_USER /
// THETA_INFERENCE_AUTH_PASS (or THETA_INFERENCE_AUTH_TOKEN); the model from THETA_INFERENCE_MODEL,
// else the first one the endpoint lists.
const endpoint = createInferenceClient();

// 1. A new deployment answers 404, 502, 503 or 401 for minutes while it warms up: wait until it serves.
const ready = await endpoint.ready({
  probe: "openai",
  timeoutMs: 15 * 60_000,
  intervalMs: 10_000,
  onProgress: ({ attempt, outcome }) => console.log(`probe ${attempt}: ${outcome}`),
});
console.log(`ready after ${ready.attempts} probe(s)`);

// 2. The models it serves.
const models = await endpoint.models();
console.log("models:", models.map((model) => model.id).join(", "));

// 3. One answer, then the same question streamed (tokens as they arrive, then the same result).
const question = { messages: [{ role: "user", content: "Say hello in five words." }], max_tokens: 32 };
const answer = await endpoint.chat.create(question);
console.log(`answer: ${answer.content} (${answer.finishReason})`);
const streamed = await endpoint.chat.stream(question).result({
  onEvent: (event) => {
    if (event.type === "content") process.stdout.write(event.delta);
  },
});
console.log(`\nstreamed: ${streamed.usage?.total_tokens} tokens, finish ${streamed.finishReason}`);
