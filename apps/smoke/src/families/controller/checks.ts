/** The controller's read-only smoke checks: VM types, standard templates and the balance. */

import type { ControllerClient } from "@theta/controller";
import type { BudgetGuard } from "@theta/core";
import type { CheckRow } from "../../check-row.js";

/** One read-only check: its label and what it reads (the detail of the row, or a failure). */
interface ReadCheck {
  readonly resource: string;
  readonly check: string;
  /** The row's detail and whether the answer is what a working account shows. */
  read(client: ControllerClient): Promise<{ ok: boolean; detail: string }>;
}

const READ_CHECKS: readonly ReadCheck[] = [
  {
    resource: "(vm types)",
    check: "list VM types",
    async read(client) {
      const vmTypes = await client.vmTypes.list();
      const priced = vmTypes.filter((vmType) => vmType.priceHourUsd !== undefined).length;
      return { ok: vmTypes.length > 0, detail: `${vmTypes.length} VM types, ${priced} with price_hour` };
    },
  },
  {
    resource: "(templates)",
    check: "list standard templates",
    async read(client) {
      const page = await client.templates.listStandard({ category: "serving" });
      const names = page.templates.map((template) => String(template.name ?? template.id ?? "?"));
      return {
        ok: page.templates.length > 0,
        detail: `${names.length} serving: ${names.slice(0, 3).join(", ")}`,
      };
    },
  },
  {
    resource: "(balance)",
    check: "read balance",
    async read(client) {
      const snapshot = await client.billing.balanceSnapshot();
      return {
        ok: snapshot.balance !== undefined,
        detail: snapshot.balance === undefined ? "no balance in the answer" : `balance ${snapshot.balance}`,
      };
    },
  },
];

function firstLine(error: unknown): string {
  if (error instanceof Error) return error.message.split("\n")[0] ?? error.name;
  return String(error);
}

function codeOf(error: unknown): string {
  return typeof error === "object" && error !== null && "code" in error ? String(error.code) : "error";
}

/** Runs the read-only checks; each ends in a row, a failure too (with the error's code as its state). */
export async function runReadChecks(client: ControllerClient, budget: BudgetGuard): Promise<CheckRow[]> {
  const rows: CheckRow[] = [];
  for (const { resource, check, read } of READ_CHECKS) {
    const started = performance.now();
    const row = await read(client).then(
      ({ ok, detail }) => ({ state: "success", ok, detail }),
      (error: unknown) => ({ state: codeOf(error), ok: false, detail: firstLine(error) }),
    );
    rows.push({
      service: resource,
      check,
      ...row,
      latencyMs: performance.now() - started,
      costUsd: 0,
      totalSpendUsd: (await budget.snapshot()).spentUsd,
    });
  }
  return rows;
}
