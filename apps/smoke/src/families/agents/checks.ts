/**
 * The agents smoke checks, in order, each a row: create an agent, add a CSV document with SQL
 * metadata, list the documents, read the document back, update the agent, and verify the update.
 * Nothing here is billable; each step uses what the one before made, so a failure ends the sequence.
 */
import type { AgentsClient, SqlMetadata } from "@theta/agents";
import type { BudgetGuard } from "@theta/core";
import type { CheckRow } from "../../check-row.js";

export const SALES_CSV = "region,total\nnorth,120\nsouth,95\n";
export const SALES_METADATA: SqlMetadata = {
  query_type: "sql",
  sql_schema: {
    table_name: "sales",
    columns: [
      { name: "region", type: "TEXT" },
      { name: "total", type: "INTEGER" },
    ],
  },
  sql_description: "Sales totals by region (smoke check)",
};
const WARM_UP = [{ role: "assistant" as const, content: "Ask me about sales by region." }];

interface Step {
  readonly check: string;
  /** Runs the step; returns the row's detail, or throws what went wrong. */
  readonly run: () => Promise<string>;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message.split("\n")[0] ?? error.name;
  return String(error);
}

function expectThat(condition: boolean, what: string): void {
  if (!condition) throw new Error(what);
}

export async function runAgentChecks(
  client: AgentsClient,
  budget: BudgetGuard,
  record: (row: CheckRow) => void,
): Promise<void> {
  let agentId = "";
  let documentId = "";
  const steps: Step[] = [
    {
      check: "create agent",
      async run() {
        const agent = await client.agents.create({
          name: `smoke-${new Date().toISOString().slice(0, 19)}`,
          max_tokens: 300,
          temperature: 0.2,
          settings: { "retriever.type": "rerank", "agent.tools": { web_search: false, text_to_sql: true } },
        });
        agentId = agent.id;
        return agent.id;
      },
    },
    {
      check: "add CSV document (SQL metadata)",
      async run() {
        ({ id: documentId } = await client.documents.create(agentId, {
          content: SALES_CSV,
          filename: "sales.csv",
          metadata: SALES_METADATA,
        }));
        return documentId;
      },
    },
    {
      check: "list documents",
      async run() {
        const page = await client.documents.list(agentId);
        const listed = page.items.find((item) => item.id === documentId);
        expectThat(listed !== undefined, "the new document is not in the list");
        return `${page.totalItems ?? page.items.length} document(s), ${listed?.embedding_token_count ?? "?"} tokens`;
      },
    },
    {
      check: "get document",
      async run() {
        const document = await client.documents.get(agentId, documentId);
        expectThat(document.metadata?.query_type === "sql", "the document lost its SQL metadata");
        return `${document.content?.length ?? 0} characters`;
      },
    },
    {
      check: "update agent",
      async run() {
        await client.agents.update(agentId, { warm_up_messages: WARM_UP });
        return "warm-up messages set";
      },
    },
    {
      check: "verify",
      async run() {
        const agent = await client.agents.get(agentId);
        expectThat(
          JSON.stringify(agent.warm_up_messages) === JSON.stringify(WARM_UP),
          "the agent does not have the warm-up messages just set",
        );
        const listed = await client.agents.list();
        expectThat(
          listed.items.some((item) => item.id === agentId),
          "the agent is not in the agent list",
        );
        return "update read back; agent listed";
      },
    },
  ];
  for (const step of steps) {
    const started = performance.now();
    let state = "success";
    let detail: string;
    try {
      detail = await step.run();
    } catch (error) {
      state = "error";
      detail = describe(error);
    }
    const { spentUsd } = await budget.snapshot();
    record({
      service: "(agents)",
      check: step.check,
      state,
      latencyMs: performance.now() - started,
      costUsd: 0,
      totalSpendUsd: spentUsd,
      ok: state === "success",
      detail,
    });
    if (state !== "success") return;
  }
}
