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
  const inputs: Record<string, InputSummary> = {};
  if (!isRecord(inputVars)) return inputs;
  for (const [field, spec] of Object.entries(inputVars)) {
    if (!isRecord(spec)) continue;
    const fallback = spec.default ?? spec.default_value;
    inputs[field] = {
      type: spec.type,
      ...(spec.required === true ? { required: true } : {}),
      ...(fallback === undefined ? {} : { default: fallback }),
      ...(typeof spec.description === "string" ? { description: spec.description } : {}),
    };
  }
  return inputs;
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
  const summary: Record<string, PredictionSummary> = {};
  for (const [name, raw] of Object.entries(predictions)) {
    if (!isRecord(raw)) continue;
    summary[name] = {
      ...(typeof raw.instructions === "string" ? { instructions: raw.instructions } : {}),
      ...(Array.isArray(raw.variants) && raw.variants.length > 0 ? { variants: raw.variants } : {}),
      inputs: inputSummaries(raw.input_vars),
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
