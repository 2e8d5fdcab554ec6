/** What the conformance scenarios cannot send (they send only requests their spec allows). */
import { describe, expect, it } from "vitest";
import { start } from "../../testing/simulator-start.js";

describe("the agents routes", () => {
  it("refuse an agent whose fields are out of range, naming the field", async () => {
    const sim = await start();
    const { apiKey, projectId } = sim.credentials.agents;
    const answer = await fetch(`${sim.baseUrls.controller}/chatbot`, {
      method: "POST",
      headers: { "x-api-key": apiKey, "content-type": "application/json" },
      body: JSON.stringify({ name: "T", project_id: projectId, temperature: 9 }),
    });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { message: string }).message).toMatch(/temperature/);
  });

  it("refuse a document that is not multipart with 415", async () => {
    const sim = await start();
    const { apiKey } = sim.credentials.agents;
    const answer = await fetch(`${sim.baseUrls.controller}/chatbot/chatbot_x/document`, {
      method: "POST",
      headers: { "x-api-key": apiKey, "content-type": "application/json" },
      body: "{}",
    });
    expect(answer.status).toBe(415);
  });
});
