import { Readable } from "node:stream";
import { ThetaApiError, ThetaDryRunError, ThetaValidationError } from "@theta/core";
import { describe, expect, it } from "vitest";
import { REDACTED_CONTENT } from "./documents.js";
import { simulatedAgents } from "./testing/simulated-agents.js";

const BINARY = new Uint8Array([...Array.from({ length: 256 }, (_, index) => index), 13, 10, 45, 45]);
const SQL_METADATA = {
  query_type: "sql" as const,
  sql_schema: {
    table_name: "sales",
    columns: [
      { name: "region", type: "TEXT" },
      { name: "total", type: "INTEGER" },
    ],
  },
  sql_description: "Sales totals by region",
};

describe("documents", () => {
  it("upload binary content under a non-ASCII filename; the simulator stores the exact bytes", async () => {
    const { simulator, client } = await simulatedAgents();
    const agent = await client.agents.create({ name: "Bytes" });
    const { id } = await client.documents.create(agent.id, {
      content: BINARY,
      filename: 'Übersicht "Q1" 数据.bin',
      contentType: "application/octet-stream",
      metadata: { query_type: "text", description: "binary" },
    });
    const [stored] = simulator.families.agents.documents(agent.id) ?? [];
    expect(stored?.id).toBe(id);
    expect(stored?.filename).toBe('Übersicht "Q1" 数据.bin');
    expect(stored?.contentType).toBe("application/octet-stream");
    expect(Buffer.compare(Buffer.from(stored?.content ?? []), Buffer.from(BINARY))).toBe(0);
    expect(stored?.metadata).toEqual({ query_type: "text", description: "binary" });
  });

  it("stream a CSV from a Node stream with SQL metadata, then read it back", async () => {
    const { simulator, client } = await simulatedAgents();
    const agent = await client.agents.create({ name: "Sales" });
    const csv = "region,total\nnorth,3\nsouth,4\n";
    const { id } = await client.documents.create(agent.id, {
      content: Readable.from([Buffer.from(csv.slice(0, 7)), Buffer.from(csv.slice(7))]),
      filename: "sales.csv",
      metadata: SQL_METADATA,
    });
    const document = await client.documents.get(agent.id, id);
    expect(document).toMatchObject({ id, content: csv, metadata: SQL_METADATA });
    expect(simulator.families.agents.documents(agent.id)?.[0]?.contentType).toBe("text/csv");
    const page = await client.documents.list(agent.id);
    expect(page.items[0]).toMatchObject({ id, embedding_token_count: Math.ceil(csv.length / 4) });
    expect(page).toMatchObject({ page: 0, totalItems: 1, totalPages: 1 });
  });

  it("walk pages across the list, one request per page", async () => {
    const { simulator, client } = await simulatedAgents();
    const agent = await client.agents.create({ name: "Pages" });
    const ids: string[] = [];
    for (const name of ["a", "b", "c", "d", "e"]) {
      ids.push((await client.documents.create(agent.id, { content: name, filename: `${name}.txt` })).id);
    }
    const before = simulator.state.requestCount("listDocuments");
    const pages = [];
    for await (const page of client.documents.pages(agent.id, { number: 2 })) pages.push(page);
    expect(pages.map((page) => page.page)).toEqual([0, 1, 2]);
    expect(pages.flatMap((page) => page.items.map((item) => item.id))).toEqual(ids);
    expect(pages[0]).toMatchObject({ totalItems: 5, totalPages: 3 });
    expect(simulator.state.requestCount("listDocuments") - before).toBe(3);
  });

  it("upsert re-creates a document the agent no longer has (404), for replayable and streamed content", async () => {
    const { simulator, client } = await simulatedAgents();
    const agent = await client.agents.create({ name: "Upsert" });
    const first = await client.documents.create(agent.id, { content: "v1", filename: "notes.txt" });
    const replaced = await client.documents.upsert(agent.id, first.id, {
      content: "v2",
      filename: "notes.txt",
    });
    expect(replaced).toEqual({ id: first.id, created: false });

    simulator.families.agents.removeDocument(agent.id, first.id);
    await expect(
      client.documents.update(agent.id, first.id, { content: "v3", filename: "notes.txt" }),
    ).rejects.toSatisfy((error: unknown) => ThetaApiError.isInstance(error) && error.status === 404);
    const again = await client.documents.upsert(agent.id, first.id, { content: "v3", filename: "notes.txt" });
    expect(again.created).toBe(true);
    expect(again.id).not.toBe(first.id);
    expect((await client.documents.get(agent.id, again.id)).content).toBe("v3");

    simulator.families.agents.removeDocument(agent.id, again.id);
    const streamed = await client.documents.upsert(agent.id, again.id, {
      content: Readable.from([Buffer.from("v4")]),
      filename: "notes.txt",
    });
    expect(streamed.created).toBe(true);
    expect((await client.documents.get(agent.id, streamed.id)).content).toBe("v4");
  });

  it("read both envelopes to the same result", async () => {
    const results = [];
    for (const envelope of ["wrapped", "bare"] as const) {
      const { client } = await simulatedAgents({ agents: { envelope } });
      const agent = await client.agents.create({ name: "Envelopes" });
      const { id } = await client.documents.create(agent.id, { content: "hello", filename: "a.txt" });
      const document = await client.documents.get(agent.id, id);
      const page = await client.documents.list(agent.id);
      results.push({ document: { ...document, id: "x" }, total: page.totalItems, count: page.items.length });
    }
    expect(results[0]).toEqual(results[1]);
    expect(results[0]).toMatchObject({ document: { content: "hello" }, total: 1, count: 1 });
  });

  it("under dry-run, plan the upload with its parts and the content redacted; nothing is sent", async () => {
    const { simulator, client, clientWith } = await simulatedAgents();
    const agent = await client.agents.create({ name: "Dry" });
    const dry = clientWith({ dryRun: true });
    const secret = "region,total\nsecret-row,99\n";
    const requestsBefore = simulator.state.requests();
    const error = await dry.documents
      .create(agent.id, { content: secret, filename: "sales.csv", metadata: SQL_METADATA })
      .catch((caught: unknown) => caught);
    expect(ThetaDryRunError.isInstance(error)).toBe(true);
    const plan = (error as ThetaDryRunError).plan;
    expect(plan).toMatchObject({
      operationId: "createDocument",
      method: "POST",
      body: {
        project_id: simulator.credentials.agents.projectId,
        metadata: SQL_METADATA,
        file: { filename: "sales.csv", contentType: "text/csv", content: REDACTED_CONTENT },
      },
    });
    expect(JSON.stringify(plan)).not.toContain("secret-row");
    expect(simulator.state.requests()).toBe(requestsBefore);
  });

  it("refuse bad uploads before any request", async () => {
    const { simulator, client } = await simulatedAgents();
    const before = simulator.state.requests();
    const attempts = [
      client.documents.create("chatbot_x", { content: "x", filename: "" }),
      client.documents.create("chatbot_x", { content: 42 as unknown as string, filename: "a.txt" }),
      client.documents.create("chatbot_x", {
        content: "x",
        filename: "a.txt",
        contentType: "text/csv\r\nx: y",
      }),
      client.documents.create("chatbot_x", {
        content: "x",
        filename: "a.csv",
        metadata: { query_type: "sql", sql_schema: { table_name: "t", columns: [] } },
      }),
      client.documents.update("chatbot_x", "", { content: "x", filename: "a.txt" }),
    ];
    const fields = [];
    for (const attempt of attempts) {
      const error = await attempt.catch((caught: unknown) => caught);
      expect(ThetaValidationError.isInstance(error)).toBe(true);
      fields.push((error as ThetaValidationError).field);
    }
    expect(fields).toEqual([
      "filename",
      "content",
      "contentType",
      "metadata.sql_schema.columns",
      "documentId",
    ]);
    expect(simulator.state.requests()).toBe(before);
  });
});
