/** Conformance scenarios of the agents module: every operation, both envelopes, paging and errors. */
import { expect } from "vitest";
import type { Simulator } from "../../index.js";
import { start } from "../simulator-start.js";
import type { Harness, Json } from "./harness.js";
import type { ConformanceScenario } from "./scenario.js";

const BOUNDARY = "conformance-boundary-7f3a";
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;

/** A document upload body, built by hand (the SDK's builder is tested in @theta/agents). */
function upload(projectId: string, filename: string, content: string, metadata?: Json): string {
  const field = (name: string, value: string) =>
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  return (
    field("project_id", projectId) +
    (metadata === undefined ? "" : field("metadata", JSON.stringify(metadata))) +
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${BOUNDARY}--\r\n`
  );
}

function payload(answer: { json: Json }, envelope: "wrapped" | "bare"): Json {
  return (envelope === "wrapped" ? answer.json.body : answer.json) as Json;
}

async function createAgent(harness: Harness, sim: Simulator, name: string): Promise<string> {
  const created = await harness.call(
    sim,
    "createAgent",
    {},
    { body: { name, project_id: sim.credentials.agents.projectId } },
  );
  expect(created.status).toBe(200);
  return (created.json.body as Json).id as string;
}

const SQL_METADATA = {
  query_type: "sql",
  sql_schema: { table_name: "sales", columns: [{ name: "region", type: "TEXT" }] },
  sql_description: "Sales by region",
};

export const agentsScenarios: readonly ConformanceScenario[] = [
  {
    name: "the compiled schemas reject wrong shapes (so the checks can fail)",
    async run(harness) {
      const agent = harness.responseValidator("getAgent", "200", "application/json");
      expect(agent({ status: "success", body: { name: "no id" } })).toBe(false);
      expect(agent({ name: "no id either" })).toBe(false);
      expect(agent({ id: "chatbot_x" })).toBe(true);
      const documents = harness.responseValidator("listDocuments", "200", "application/json");
      expect(documents({ body: { total_documents: 1 } })).toBe(false);
    },
  },
  {
    name: "agents and documents answer in both envelopes",
    async run(harness) {
      for (const envelope of ["wrapped", "bare"] as const) {
        const sim = await start({ agents: { envelope } });
        const projectId = sim.credentials.agents.projectId;
        const created = await harness.call(
          sim,
          "createAgent",
          {},
          {
            body: {
              name: "Sales helper",
              project_id: projectId,
              max_tokens: 500,
              temperature: 0.3,
              warm_up_messages: [{ role: "assistant", content: "Ask me about sales." }],
              settings: {
                "retriever.type": "rerank",
                "agent.tools": { web_search: false, text_to_sql: true },
              },
            },
          },
        );
        const agent = payload(created, envelope);
        const agentId = agent.id as string;
        expect(agent.name).toBe("Sales helper");
        expect(created.json.status).toBe(envelope === "wrapped" ? "success" : undefined);
        const read = await harness.call(
          sim,
          "getAgent",
          { chatbot_id: agentId },
          { query: `?project_id=${projectId}` },
        );
        expect(payload(read, envelope).id).toBe(agentId);
        const updated = await harness.call(
          sim,
          "updateAgent",
          { chatbot_id: agentId },
          { body: { project_id: projectId, warm_up_messages: [{ role: "assistant", content: "Hi!" }] } },
        );
        expect(payload(updated, envelope).warm_up_messages).toEqual([{ role: "assistant", content: "Hi!" }]);
        const listed = await harness.call(
          sim,
          "listAgents",
          {},
          { query: `?project_id=${projectId}&page=0&number=10` },
        );
        expect((payload(listed, envelope).chatbots as Json[]).map((item) => item.id)).toEqual([agentId]);

        const document = await harness.call(
          sim,
          "createDocument",
          { chatbot_id: agentId },
          {
            contentType: MULTIPART,
            body: upload(projectId, "sales.csv", "region,total\nnorth,3\n", SQL_METADATA),
          },
        );
        const documentId = payload(document, envelope).id as string;
        expect(documentId).toMatch(/^doc_/);
        const replaced = await harness.call(
          sim,
          "updateDocument",
          { chatbot_id: agentId, document_id: documentId },
          {
            contentType: MULTIPART,
            body: upload(projectId, "sales.csv", "region,total\nsouth,4\n", SQL_METADATA),
          },
        );
        expect(payload(replaced, envelope).id).toBe(documentId);
        const fetched = await harness.call(
          sim,
          "getDocument",
          { chatbot_id: agentId, document_id: documentId },
          { query: `?project_id=${projectId}` },
        );
        expect(payload(fetched, envelope)).toMatchObject({
          content: "region,total\nsouth,4\n",
          metadata: SQL_METADATA,
        });
        const documents = await harness.call(
          sim,
          "listDocuments",
          { chatbot_id: agentId },
          { query: `?project_id=${projectId}` },
        );
        const page = payload(documents, envelope);
        expect(page).toMatchObject({ total_documents: 1, total_pages: 1 });
        // estimateTokens: ceil(characters / 4) of the content.
        expect((page.documents as Json[])[0]?.embedding_token_count).toBe(
          Math.ceil("region,total\nsouth,4\n".length / 4),
        );
      }
    },
  },
  {
    name: "lists page from 0 with totals",
    async run(harness) {
      const sim = await start();
      const projectId = sim.credentials.agents.projectId;
      const agentId = await createAgent(harness, sim, "Pager");
      for (const name of ["a.txt", "b.txt", "c.txt"]) {
        await harness.call(
          sim,
          "createDocument",
          { chatbot_id: agentId },
          { contentType: MULTIPART, body: upload(projectId, name, name) },
        );
      }
      const last = await harness.call(
        sim,
        "listDocuments",
        { chatbot_id: agentId },
        { query: `?project_id=${projectId}&page=1&number=2` },
      );
      const body = last.json.body as Json;
      expect(body).toMatchObject({ total_documents: 3, total_pages: 2 });
      expect((body.documents as Json[]).length).toBe(1);
      await createAgent(harness, sim, "Second");
      const agents = await harness.call(
        sim,
        "listAgents",
        {},
        { query: `?project_id=${projectId}&page=1&number=1` },
      );
      expect(agents.json.body).toMatchObject({ total_chatbots: 2, total_pages: 2 });
    },
  },
  {
    name: "errors: missing document 404, other project 403, no key 401, too large 413, bad multipart 400",
    async run(harness) {
      const sim = await start({ agents: { maxDocumentBytes: 8 } });
      const projectId = sim.credentials.agents.projectId;
      const agentId = await createAgent(harness, sim, "Errors");
      const missing = await harness.call(
        sim,
        "updateDocument",
        { chatbot_id: agentId, document_id: "doc_gone" },
        { contentType: MULTIPART, body: upload(projectId, "x.txt", "small") },
      );
      expect(missing.status).toBe(404);
      const unknown = await harness.call(
        sim,
        "getDocument",
        { chatbot_id: agentId, document_id: "doc_gone" },
        { query: `?project_id=${projectId}` },
      );
      expect(unknown.status).toBe(404);
      const other = await harness.call(
        sim,
        "getAgent",
        { chatbot_id: agentId },
        { query: "?project_id=prj_other" },
      );
      expect(other.status).toBe(403);
      expect(other.json.message).toBe("You are not allowed to perform this action");
      const anonymous = await harness.call(
        sim,
        "listAgents",
        {},
        { query: `?project_id=${projectId}`, credentials: null },
      );
      expect(anonymous.status).toBe(401);
      const large = await harness.call(
        sim,
        "createDocument",
        { chatbot_id: agentId },
        { contentType: MULTIPART, body: upload(projectId, "big.txt", "more than eight bytes") },
      );
      expect(large.status).toBe(413);
      const broken = await harness.call(
        sim,
        "createDocument",
        { chatbot_id: agentId },
        {
          contentType: MULTIPART,
          body: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nno end`,
        },
      );
      expect(broken.status).toBe(400);
      // An invalid agent body (temperature 9) is refused with 400 too; the harness only sends valid
      // requests, so src/families/agents/routes.test.ts checks that one.
    },
  },
];
