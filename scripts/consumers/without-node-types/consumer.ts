// Uses each SDK package the way a browser or worker project would, with only DOM and ES types.
import { createAgentsClient } from "@theta/agents";
import { createControllerClient } from "@theta/controller";
import { createBudgetGuard } from "@theta/core";
import { createOndemandClient } from "@theta/ondemand";

const budget = createBudgetGuard({ capUsd: 1 });
const ondemand = createOndemandClient({ apiToken: "token", budget });
const controller = createControllerClient({ apiKey: "key", projectId: "prj_example" });
const agents = createAgentsClient({ apiKey: "key", projectId: "prj_example" });

export async function run(file: Blob): Promise<string> {
  const { filename } = await ondemand.uploads.upload("whisper", "audio_filename", file);
  const reply = await ondemand.chat.create({
    model: "qwen3",
    messages: [{ role: "user", content: filename }],
  });
  const deployments = await controller.deployments.list();
  const page = await agents.agents.list();
  return `${deployments.length} deployments, ${JSON.stringify(page).length} bytes of agents; ${reply.content}`;
}
