/** `theta.ondemand.listServices`: the model catalog, in a compact model-friendly form by default. */
import { markSource, sourceOf } from "@theta/core";
import { ondemandOperations, type ServiceCategory } from "@theta/ondemand";
import { type Command, defineCommand, type RunContext } from "../../command.js";
import { deepFreeze } from "../../deep-freeze.js";
import { catalogFacts } from "./catalog-facts.js";
import { catalogText } from "./catalog-text.js";
import { type CatalogResult, summarizeService } from "./catalog-view.js";
import { CATEGORIES } from "./fields.js";

/**
 * Each on-demand client's last result, by its source: the same catalog text with the same category
 * and detail makes the same result, so it is not summarized again (and its answer is reused, see
 * `answer-memo.ts`). Kept per client (a session's, or one call's), and gone with it; frozen, since it
 * is given out again.
 */
const lastResults = new WeakMap<object, { readonly source: string; readonly result: CatalogResult }>();

async function listServices(
  runContext: RunContext,
  category: string | undefined,
  detail: boolean,
): Promise<CatalogResult> {
  const client = runContext.client("ondemand");
  const services: unknown[] = await client.services.list({
    ...(category === undefined ? {} : { category: category as ServiceCategory }),
    ...(runContext.signal ? { signal: runContext.signal } : {}),
  });
  const listSource = sourceOf(services);
  const source = listSource === undefined ? undefined : `${detail ? "detail" : "summary"}\n${listSource}`;
  const last = lastResults.get(client);
  if (source !== undefined && last?.source === source) return last.result;
  const common = {
    count: services.length,
    ...(category === undefined ? {} : { category }),
    next: "Call theta.ondemand.infer (or theta.ondemand.chat for chat models) with one of these aliases.",
  };
  const result: CatalogResult = detail
    ? { ...common, detail: true, services }
    : { ...common, detail: false, services: services.map(summarizeService) };
  if (source === undefined) return result;
  lastResults.set(client, { source, result: markSource(deepFreeze(result), source) });
  return result;
}

/** Both forms of the data: the facts and the full entries share count, detail and services[].alias. */
const CATALOG_SCHEMA = {
  type: "object",
  properties: {
    count: { type: "integer" },
    detail: { type: "boolean" },
    services: {
      type: "array",
      items: { type: "object", properties: { alias: { type: "string" } }, required: ["alias"] },
    },
  },
  required: ["count", "detail", "services"],
} as const;

export const listServicesCommand: Command = defineCommand({
  name: "theta.ondemand.listServices",
  title: "List on-demand models",
  description:
    "The on-demand model catalog (chat, image, audio, video, vision): alias, price, inputs and variants of each service. Use it first to pick a service; free, no token needed.",
  inputSchema: {
    type: "object",
    properties: {
      category: {
        type: "string",
        enum: CATEGORIES,
        description: "Only this category.",
      },
      detail: {
        type: "boolean",
        default: false,
        description: "Full entries instead of the summary.",
      },
    },
    additionalProperties: false,
  },
  family: "ondemand",
  operations: [ondemandOperations.listServices],
  examples: [{ category: "text" }],
  presentation: { text: catalogText, data: catalogFacts, outputSchema: CATALOG_SCHEMA },
  run: (args, runContext) => listServices(runContext, args.category, args.detail),
});
