/**
 * What every resource of the client shares: the family client (typed openapi-fetch + transport, which
 * also requires the token where the spec says), the options and the price lookup.
 */
import {
  type FamilyClient,
  type OperationCallOptions,
  type OperationPolicy,
  ThetaApiError,
} from "@theta/core";
import type { paths } from "./generated/schema.js";
import { type Price, priceOf } from "./pricing.js";
import type { OndemandClientOptions, Service } from "./types.js";

export interface OndemandContext {
  readonly family: FamilyClient<paths>;
  readonly options: OndemandClientOptions;
  /** Price of a service: the last catalog seen by `services.list/get`, else the built-in table. */
  price(service: string, input?: unknown, prediction?: string): Price;
  /** Remembers catalog entries (for prices). */
  remember(services: readonly Service[]): void;
}

/**
 * Calls an operation straight through the family's transport, then the JSON of the answer
 * (undefined for an empty body) with the text it was parsed from; the body is read within the
 * attempt. Malformed JSON is a ThetaApiError naming the operation. Used for the catalog, which is
 * read often: core's operation call skips openapi-fetch's per-call Request and middleware (see
 * `bench/`).
 */
export async function callJson(
  family: FamilyClient<paths>,
  operation: OperationPolicy,
  options: OperationCallOptions = {},
): Promise<{ readonly json: unknown; readonly text: string }> {
  const { response, text } = await family.callText(operation, options);
  if (text === "") return { json: undefined, text };
  const json = parseJsonAnswer(text, {
    status: response.status,
    operationId: operation.operationId,
    serverMessage: "the answer is not valid JSON",
    fix: "Retry the request; if it keeps failing, the API answered in an unknown shape: update @theta/ondemand or report it",
  });
  return { json, text };
}

/** Parses an answer's JSON text; a parse failure is a non-retriable `ThetaApiError` with the given message and fix. */
export function parseJsonAnswer(
  text: string,
  failure: { status: number; operationId: string; serverMessage: string; fix: string },
): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new ThetaApiError({ ...failure, code: "api_error", retriable: false, cause });
  }
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
