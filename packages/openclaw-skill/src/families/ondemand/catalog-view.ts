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
  // Built by assignment, not spreads of conditional objects: the catalog is summarized on every call.
  for (const field of Object.keys(inputVars)) {
    const spec = inputVars[field];
    if (!isRecord(spec)) continue;
    const fallback = spec.default ?? spec.default_value;
    const input: { -readonly [Key in keyof InputSummary]: InputSummary[Key] } = { type: spec.type };
    if (spec.required === true) input.required = true;
    if (fallback !== undefined) input.default = fallback;
    if (typeof spec.description === "string") input.description = spec.description;
    inputs[field] = input;
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
  for (const name of Object.keys(predictions)) {
    const raw = predictions[name];
    if (!isRecord(raw)) continue;
    // Assigned in the order shown (instructions, variants, inputs), without spreads of conditional
    // objects: the catalog is summarized on every call.
    const prediction: {
      instructions?: string;
      variants?: readonly unknown[];
      inputs?: PredictionSummary["inputs"];
    } = {};
    if (typeof raw.instructions === "string") prediction.instructions = raw.instructions;
    if (Array.isArray(raw.variants) && raw.variants.length > 0) prediction.variants = raw.variants;
    prediction.inputs = inputSummaries(raw.input_vars);
    summary[name] = prediction as PredictionSummary;
  }
  const variants = isRecord(service.variant_templates) ? Object.keys(service.variant_templates) : undefined;
  const entry: Partial<{ -readonly [Key in keyof ServiceSummary]: ServiceSummary[Key] }> = {
    alias: service.alias,
    name: service.name,
    category: categoryOf(service),
    defaultPrediction: service.default_prediction ?? service.defaultPrediction,
  };
  if (variants && variants.length > 0) entry.variants = variants;
  entry.predictions = summary;
  return entry as ServiceSummary;
}
