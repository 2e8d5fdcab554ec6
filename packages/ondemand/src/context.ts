/**
 * What every resource of the client shares: the family client (typed openapi-fetch + transport), the
 * options, the credential check and the price lookup.
 */
import type { FamilyClient } from "@theta/core";
import type { paths } from "./generated/schema.js";
import { type Price, priceOf } from "./pricing.js";
import type { OndemandClientOptions, Service } from "./types.js";

export interface OndemandContext {
  readonly family: FamilyClient<paths>;
  readonly options: OndemandClientOptions;
  /**
   * Resolves the token or throws ThetaConfigError before any request. Under dry-run a mutating call
   * needs no token (nothing is sent; the plan shows where it would go).
   */
  requireToken(mutating: boolean): Promise<void>;
  /** Price of a service: the last catalog seen by `services.list/get`, else the built-in table. */
  price(service: string, input?: unknown, prediction?: string): Price;
  /** Remembers catalog entries (for prices). */
  remember(services: readonly Service[]): void;
}

/** Joins optional signals (either aborts the result). */
export function anySignal(...signals: Array<AbortSignal | undefined>): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  if (present.length <= 1) return present[0];
  return AbortSignal.any(present);
}

const CENTS_PER_USD = 100;

/**
 * Price from a catalog prediction. Split pricing (`input_cost`/`output_cost`) is read as US cents per
 * `cost_divisor` tokens; a plain `cost` of a media service as US cents per request (`cost / cost_divisor`).
 */
export function priceFromCatalog(service: Service, prediction?: string): Price | undefined {
  const predictions = service.predictions ?? {};
  const name = prediction ?? service.default_prediction ?? Object.keys(predictions)[0];
  const entry = name === undefined ? undefined : predictions[name];
  if (!entry) return undefined;
  const divisor = typeof entry.cost_divisor === "number" && entry.cost_divisor > 0 ? entry.cost_divisor : 1;
  if (typeof entry.input_cost === "number" && typeof entry.output_cost === "number") {
    const perMillion = (cents: number): number => ((cents / divisor) * 1_000_000) / CENTS_PER_USD;
    return {
      kind: "tokens",
      inputUsdPer1M: perMillion(entry.input_cost),
      outputUsdPer1M: perMillion(entry.output_cost),
    };
  }
  const isChat = Object.values(entry.input_vars ?? {}).some((v) => v?.type === "chat_array");
  if (isChat || typeof entry.cost !== "number") return undefined;
  return { kind: "unit", usdPerRequest: entry.cost / divisor / CENTS_PER_USD };
}

export function createPriceBook(): Pick<OndemandContext, "price" | "remember"> {
  const catalog = new Map<string, Service>();
  return {
    remember(services) {
      for (const service of services) catalog.set(service.alias, service);
    },
    price(service, input, prediction) {
      const seen = catalog.get(service);
      return (seen && priceFromCatalog(seen, prediction)) ?? priceOf(service, input);
    },
  };
}
