/**
 * The catalog as `theta.ondemand.listServices` returns it: a summary of each entry (the facts a caller
 * picks a service by), or the full entries on request.
 */

export interface InputSummary {
  readonly type: unknown;
  readonly required?: true;
  readonly default?: unknown;
  readonly description?: string;
}

export interface PredictionSummary {
  /** The API's text for it; it carries the price. */
  readonly instructions?: string;
  readonly variants?: readonly unknown[];
  readonly inputs: Readonly<Record<string, InputSummary>>;
}

export interface ServiceSummary {
  readonly alias: unknown;
  readonly name: unknown;
  readonly category: string;
  readonly defaultPrediction: unknown;
  /** The service's variant templates. */
  readonly variants?: readonly string[];
  readonly predictions: Readonly<Record<string, PredictionSummary>>;
}

interface CatalogCommon {
  readonly count: number;
  readonly category?: string;
  readonly next: string;
}

export type CatalogResult =
  | (CatalogCommon & { readonly detail: false; readonly services: readonly ServiceSummary[] })
  | (CatalogCommon & { readonly detail: true; readonly services: readonly unknown[] });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function categoryOf(service: Record<string, unknown>): string {
  return typeof service.category === "string" ? service.category : "other";
}

function inputSummaries(inputVars: unknown): Record<string, InputSummary> {
  // Entries, then Object.fromEntries: it makes own keys, where assigning a server's `__proto__` key
  // would set the object's prototype instead.
  const inputs: [string, InputSummary][] = [];
  if (!isRecord(inputVars)) return {};
  // Built by assignment, not spreads of conditional objects: the catalog is summarized on every call
  // that gets a new catalog.
  for (const field of Object.keys(inputVars)) {
    const spec = inputVars[field];
    if (!isRecord(spec)) continue;
    const fallback = spec.default ?? spec.default_value;
    const input: { type: unknown; required?: true; default?: unknown; description?: string } = {
      type: spec.type,
    };
    if (spec.required === true) input.required = true;
    if (fallback !== undefined) input.default = fallback;
    if (typeof spec.description === "string") input.description = spec.description;
    inputs.push([field, input]);
  }
  return Object.fromEntries(inputs);
}

/** One prediction's summary: its instructions, variants and inputs, in that order. */
function predictionSummary(raw: Record<string, unknown>): PredictionSummary {
  const inputs = inputSummaries(raw.input_vars);
  const instructions = typeof raw.instructions === "string" ? raw.instructions : undefined;
  const variants = Array.isArray(raw.variants) && raw.variants.length > 0 ? raw.variants : undefined;
  if (instructions !== undefined) {
    return variants === undefined ? { instructions, inputs } : { instructions, variants, inputs };
  }
  return variants === undefined ? { inputs } : { variants, inputs };
}

/** A compact view of one catalog entry. */
export function summarizeService(service: unknown): ServiceSummary {
  if (!isRecord(service))
    return {
      alias: undefined,
      name: undefined,
      category: "other",
      defaultPrediction: undefined,
      predictions: {},
    };
  const predictions = isRecord(service.predictions) ? service.predictions : {};
  const summaries: [string, PredictionSummary][] = [];
  for (const name of Object.keys(predictions)) {
    const raw = predictions[name];
    if (isRecord(raw)) summaries.push([name, predictionSummary(raw)]);
  }
  // Own keys whatever the server named them (see inputSummaries).
  const summary: Record<string, PredictionSummary> = Object.fromEntries(summaries);
  const variants = isRecord(service.variant_templates) ? Object.keys(service.variant_templates) : undefined;
  const alias = service.alias;
  const serviceName = service.name;
  const category = categoryOf(service);
  const defaultPrediction = service.default_prediction ?? service.defaultPrediction;
  // Literals in the order shown rather than spreads of conditional objects: the catalog is
  // summarized on every call that gets a new catalog.
  return variants && variants.length > 0
    ? { alias, name: serviceName, category, defaultPrediction, variants, predictions: summary }
    : { alias, name: serviceName, category, defaultPrediction, predictions: summary };
}
