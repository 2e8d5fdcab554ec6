import { ThetaConfigError, ThetaDryRunError, ThetaValidationError } from "@theta/core";
import { describe, expect, it } from "vitest";
import { createAgentsClient } from "./client.js";
import { simulatedAgents } from "./testing/simulated-agents.js";

describe("agents", () => {
  it("create, get, update and list in both envelopes, to the same result", async () => {
    const seen = [];
    for (const envelope of ["wrapped", "bare"] as const) {
      const { client } = await simulatedAgents({ agents: { envelope } });
      const created = await client.agents.create({
        name: "Sales helper",
        max_tokens: 400,
        temperature: 0.2,
        system_prompt: "Answer from the sales table.",
        warm_up_messages: [{ role: "assistant", content: "Ask me about sales." }],
        settings: { "retriever.type": "rerank", "agent.tools": { web_search: false, text_to_sql: true } },
      });
      expect(created.id).toMatch(/^chatbot_/);
      const updated = await client.agents.update(created.id, {
        warm_up_messages: [{ role: "assistant", content: "Hello!" }],
      });
      expect(updated).toMatchObject({
        name: "Sales helper",
        warm_up_messages: [{ role: "assistant", content: "Hello!" }],
      });
      const read = await client.agents.get(created.id);
      const page = await client.agents.list();
      expect(page.items.map((agent) => agent.id)).toEqual([created.id]);
      seen.push({
        read: { ...read, id: "x", knowledge_base_id: "x", created_at: "x" },
        totals: [page.totalItems, page.totalPages],
      });
    }
    expect(seen[0]).toEqual(seen[1]);
    expect(seen[0]?.totals).toEqual([1, 1]);
  });

  it("walk the pages of agents", async () => {
    const { client } = await simulatedAgents();
    for (const name of ["one", "two", "three"]) await client.agents.create({ name });
    const names = [];
    for await (const page of client.agents.pages({ number: 2 }))
      names.push(page.items.map((agent) => agent.name));
    expect(names).toEqual([["one", "two"], ["three"]]);
  });

  it("refuse bad fields before any request, naming each one", async () => {
    const { simulator, client } = await simulatedAgents();
    const before = simulator.state.requests();
    const error = await client.agents
      .create({
        name: " ",
        max_tokens: 0,
        temperature: 2.5,
        warm_up_messages: [{ role: "bot" as "user", content: "x" }],
      })
      .catch((caught: unknown) => caught);
    expect(ThetaValidationError.isInstance(error)).toBe(true);
    expect((error as ThetaValidationError).issues.map((issue) => issue.field)).toEqual([
      "name",
      "max_tokens",
      "temperature",
      "warm_up_messages[0].role",
    ]);
    const settings = await client.agents
      .update("chatbot_x", { settings: { "agent.tools": { web_search: "yes" as unknown as boolean } } })
      .catch((caught: unknown) => caught);
    expect((settings as ThetaValidationError).field).toBe('settings["agent.tools"].web_search');
    const paging = await client.agents.list({ page: -1 }).catch((caught: unknown) => caught);
    expect((paging as ThetaValidationError).field).toBe("page");
    expect(simulator.state.requests()).toBe(before);
  });

  it("need the project key and a well-formed project id, before any request", async () => {
    expect(() => createAgentsClient({ projectId: "project-1", env: {} })).toThrow(/projectId/);
    const client = createAgentsClient({
      env: { THETA_EC_PROJECT_ID: "prj_abc" },
      baseUrl: "https://controller.thetaedgecloud.com",
    });
    const error = await client.agents.get("chatbot_x").catch((caught: unknown) => caught);
    expect(ThetaConfigError.isInstance(error)).toBe(true);
    expect(String(error)).toContain("THETA_EC_API_KEY");
  });

  it("plan create under dry-run without a key", async () => {
    const client = createAgentsClient({ env: { THETA_EC_PROJECT_ID: "prj_abc" }, dryRun: true });
    const error = await client.agents.create({ name: "Planned" }).catch((caught: unknown) => caught);
    expect(ThetaDryRunError.isInstance(error)).toBe(true);
    expect((error as ThetaDryRunError).plan).toMatchObject({
      operationId: "createAgent",
      body: { name: "Planned", project_id: "prj_abc" },
    });
  });
});
