/**
 * The catalog as a model reads it: one line per service with the facts it picks a service by (alias,
 * name, the default prediction's instructions, which carry the price, its inputs with the required ones
 * marked and the defaults, the variants), grouped by category. About a sixth of the pretty-printed
 * summary, and no larger than the official Theta MCP server's answer for the same catalog.
 */
import type { CatalogResult, PredictionSummary, ServiceSummary } from "./catalog-view.js";

/** A default as written in the line: plain text for a string (quoted when empty), JSON otherwise. */
function valueText(value: unknown): string {
  if (typeof value === "string") return value === "" ? '""' : value;
  return JSON.stringify(value);
}

/** `messages*, max_tokens=1024, stream=true`: `*` marks a required input, `=` gives the default. */
function inputsText(prediction: PredictionSummary): string {
  return Object.entries(prediction.inputs)
    .map(([field, input]) =>
      input.required
        ? `${field}*`
        : input.default === undefined
          ? field
          : `${field}=${valueText(input.default)}`,
    )
    .join(", ");
}

function predictionText(name: string, prediction: PredictionSummary): string {
  const instructions = prediction.instructions === undefined ? "" : ` ${prediction.instructions}`;
  return `${name}:${instructions} In: ${inputsText(prediction)}`;
}

function serviceLines(service: ServiceSummary): string[] {
  const defaultName = String(service.defaultPrediction);
  const entries = Object.entries(service.predictions);
  // The default prediction first: it is the one infer runs without `prediction`.
  const ordered = [
    ...entries.filter(([name]) => name === defaultName),
    ...entries.filter(([name]) => name !== defaultName),
  ];
  const [first, ...others] = ordered;
  const variants = (first?.[1].variants ?? service.variants ?? []).map(String);
  const head = `${String(service.alias)} (${String(service.name)}) ${first ? predictionText(first[0], first[1]) : "no predictions"}`;
  return [
    variants.length > 0 ? `${head} | variants: ${variants.join(", ")}` : head,
    ...others.map(([name, prediction]) => `  also ${predictionText(name, prediction)}`),
  ];
}

export function catalogText(result: CatalogResult): string {
  if (result.detail) return JSON.stringify(result);
  const filter = result.category === undefined ? "" : ` (${result.category})`;
  const lines = [
    `${result.count} services${filter}: alias (name) default prediction: instructions and price; In: inputs (* required, =default). Pass the alias as service to infer (chat models: chat). detail: true gives the full entries.`,
  ];
  const byCategory = new Map<string, ServiceSummary[]>();
  for (const service of result.services) {
    const group = byCategory.get(service.category);
    if (group) group.push(service);
    else byCategory.set(service.category, [service]);
  }
  for (const [category, services] of byCategory) {
    lines.push(`## ${category}`, ...services.flatMap(serviceLines));
  }
  return lines.join("\n");
}
