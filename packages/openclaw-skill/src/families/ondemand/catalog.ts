/** `theta.ondemand.listServices`: the model catalog, in a compact model-friendly form by default. */
import { ondemandOperations, type ServiceCategory } from "@theta/ondemand";
import { type Command, defineCommand, type RunContext } from "../../command.js";
import { CATEGORIES } from "./fields.js";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function categoryOf(service: Record<string, unknown>): string {
  return typeof service.category === "string" ? service.category : "other";
}

/** A compact, model-friendly view of one catalog entry. */
function summarizeService(service: unknown): Record<string, unknown> {
  if (!isRecord(service)) return { service };
  const predictions = isRecord(service.predictions) ? service.predictions : {};
  const summary: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(predictions)) {
    if (!isRecord(raw)) continue;
    const inputs: Record<string, unknown> = {};
    if (isRecord(raw.input_vars)) {
      for (const [field, spec] of Object.entries(raw.input_vars)) {
        if (!isRecord(spec)) continue;
        const entry: Record<string, unknown> = { type: spec.type };
        if (spec.required === true) entry.required = true;
        const fallback = spec.default ?? spec.default_value;
        if (fallback !== undefined) entry.default = fallback;
        if (typeof spec.description === "string") entry.description = spec.description;
        inputs[field] = entry;
      }
    }
    summary[name] = {
      ...(typeof raw.instructions === "string" ? { instructions: raw.instructions } : {}),
      ...(Array.isArray(raw.variants) && raw.variants.length > 0 ? { variants: raw.variants } : {}),
      inputs,
    };
  }
  const variants = isRecord(service.variant_templates) ? Object.keys(service.variant_templates) : undefined;
  return {
    alias: service.alias,
    name: service.name,
    category: categoryOf(service),
    defaultPrediction: service.default_prediction ?? service.defaultPrediction,
    ...(variants && variants.length > 0 ? { variants } : {}),
    predictions: summary,
  };
}

async function listServices(
  runContext: RunContext,
  category: string | undefined,
  verbose: boolean,
): Promise<Record<string, unknown>> {
  const client = runContext.client("ondemand");
  const services: unknown[] = await client.services.list({
    ...(category === undefined ? {} : { category: category as ServiceCategory }),
    ...(runContext.signal ? { signal: runContext.signal } : {}),
  });
  const items = verbose ? services : services.map(summarizeService);
  return {
    count: items.length,
    ...(category === undefined ? {} : { category }),
    services: items,
    next: "Call theta.ondemand.infer (or theta.ondemand.chat for chat models) with one of these aliases.",
  };
}

export const listServicesCommand: Command = defineCommand({
  name: "theta.ondemand.listServices",
  title: "List on-demand models",
  description:
    "List the Theta EdgeCloud on-demand model catalog (chat LLMs, image, audio, video and vision models) with each service's alias, category, predictions and input fields. Free and read-only; works without an API token. Use it first to pick a service alias and see which inputs it takes.",
  inputSchema: {
    type: "object",
    properties: {
      category: {
        type: "string",
        enum: CATEGORIES,
        description: "Only services of this category.",
      },
      verbose: {
        type: "boolean",
        default: false,
        description: "Return the full catalog entries instead of the compact summary.",
      },
    },
    additionalProperties: false,
  },
  family: "ondemand",
  operations: [ondemandOperations.listServices],
  examples: [{ category: "text" }],
  run: (args, runContext) => listServices(runContext, args.category, args.verbose),
});
