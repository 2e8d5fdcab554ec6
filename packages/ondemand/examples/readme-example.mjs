import { createOndemandClient } from "@theta/ondemand";
import { startSimulator } from "@theta/simulator";

// A local Theta on 127.0.0.1: no account, no cost.
const sim = await startSimulator();
try {
  const theta = createOndemandClient({
    baseUrl: sim.baseUrls.ondemand,
    apiToken: sim.credentials.ondemand.apiToken,
    allowInsecureLoopback: true,
  });

  // 1. The model catalog (public; categories are computed client-side).
  const images = await theta.services.list({ category: "image" });
  console.log("image services:", images.map((s) => s.alias).join(", "));

  // 2. Stream a chat: content and reasoning arrive as separate events.
  const stream = theta.chat.stream({
    model: "gpt_oss_120b",
    messages: [{ role: "user", content: "Say hello in three languages." }],
  });
  for await (const event of stream) {
    if (event.type === "content") process.stdout.write(event.delta);
    if (event.type === "finish") process.stdout.write(`\n[finish: ${event.reason}]\n`);
  }

  // 3. Run an image job: start it, then wait for the result.
  const job = await theta.infer(
    "flux",
    { prompt: "a lighthouse at dawn", width: 512, height: 512 },
    { wait: 0 },
  );
  const done = await theta.requests.waitFor(job.id, { intervalMs: 200 });
  console.log(done.state, done.output?.image_url, `$${done.costUsd}`);
} finally {
  await sim.close();
}
