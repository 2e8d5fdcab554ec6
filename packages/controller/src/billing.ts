/** The organization's credit balance (platform host). */
import { callSettingsHeaders } from "@theta/core";
import { withAccessExplained } from "./access-errors.js";
import { bodyOf, finiteNumber, isRecord, jsonAnswer } from "./answers.js";
import type { ControllerContext } from "./context.js";
import { checkId, ORG_ID } from "./ids.js";
import type { RequestOptions } from "./request-options.js";

export interface BalanceOptions extends RequestOptions {
  /** Organization id (`org_...`); default: the client's `orgId` / THETA_ORG_ID. */
  orgId?: string;
}

/** The balance as a number where the answer allows, with the answer kept. */
export interface BalanceSnapshot {
  readonly orgId: string;
  /** `body.balances[]` entry of the organization (else the first), else a numeric balance-like field; undefined when none. */
  readonly balance: number | undefined;
  /** The answer's `body`. */
  readonly raw: unknown;
  /** When it was read (ISO-8601), so two snapshots can be compared. */
  readonly readAt: string;
}

export interface BillingResource {
  /** The answer's `body` as sent (`{ balances: [{ org_id, balance }] }` when seen live). */
  balance(options?: BalanceOptions): Promise<unknown>;
  balanceSnapshot(options?: BalanceOptions): Promise<BalanceSnapshot>;
}

/** Keys a balance might sit under when `balances[]` is absent (checked in order, depth-first). */
const BALANCE_KEYS = ["balance", "amount", "available", "credit", "credits", "remaining"] as const;
const MAX_DEPTH = 4;

function balanceLike(value: unknown, depth = 0): number | undefined {
  if (depth > MAX_DEPTH) return undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = balanceLike(item, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  for (const key of BALANCE_KEYS) {
    const found = finiteNumber(value[key]);
    if (found !== undefined) return found;
  }
  for (const nested of Object.values(value)) {
    const found = balanceLike(nested, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The organization's balance out of a balance body, or undefined. */
export function balanceOf(body: unknown, orgId: string): number | undefined {
  if (isRecord(body) && Array.isArray(body.balances)) {
    const entries = body.balances.filter(isRecord);
    const entry = entries.find((candidate) => candidate.org_id === orgId) ?? entries[0];
    const value = entry ? finiteNumber(entry.balance) : undefined;
    if (value !== undefined) return value;
  }
  return balanceLike(body);
}

export function createBilling(ctx: ControllerContext): BillingResource {
  const read = async (options: BalanceOptions): Promise<{ orgId: string; body: unknown }> => {
    const orgId =
      options.orgId === undefined ? await ctx.orgId() : checkId(options.orgId, ORG_ID, { field: "orgId" });
    await ctx.requireKey(false);
    const { data } = await withAccessExplained("organization", () =>
      ctx.platform().GET("/balance", {
        params: { query: { orgID: orgId } },
        parseAs: "text",
        signal: options.signal,
        headers: callSettingsHeaders(options),
      }),
    );
    return { orgId, body: bodyOf(jsonAnswer("getOrganizationBalance", data)) };
  };
  return {
    async balance(options = {}) {
      return (await read(options)).body;
    },
    async balanceSnapshot(options = {}) {
      const { orgId, body } = await read(options);
      return { orgId, balance: balanceOf(body, orgId), raw: body, readAt: new Date().toISOString() };
    },
  };
}
