/**
 * The catalog as data for a client that reads data (MCP `structuredContent`): the same facts as the
 * text (alias, name, category, default prediction, instructions with the price, required and optional
 * inputs with their defaults, variants), without the input descriptions and types of the summary.
 * It is sent next to the text on every call, so its size is paid twice: a third of the summary's.
 */
import type { CatalogResult, PredictionSummary, ServiceSummary } from "./catalog-view.js";

export interface PredictionFacts {
  readonly instructions?: string;
  readonly required: readonly string[];
  /** Optional inputs and their defaults (`null`: no default). */
  readonly optional: Readonly<Record<string, unknown>>;
}

export interface ServiceFacts extends PredictionFacts {
  readonly alias: unknown;
  readonly name: unknown;
  readonly category: string;
  /** The prediction `infer` runs without `prediction`; the facts above are its. */
  readonly prediction: string;
  readonly variants?: readonly string[];
  /** The service's other predictions. */
  readonly predictions?: Readonly<Record<string, PredictionFacts>>;
}

function predictionFacts(prediction: PredictionSummary | undefined): PredictionFacts {
  const required: string[] = [];
  const defaults: [string, unknown][] = [];
  for (const [field, input] of Object.entries(prediction?.inputs ?? {})) {
    if (input.required) required.push(field);
    else defaults.push([field, input.default ?? null]);
  }
  // Object.fromEntries makes own keys: assigning a server's `__proto__` field would set the prototype.
  const optional: Record<string, unknown> = Object.fromEntries(defaults);
  return {
    ...(prediction?.instructions === undefined ? {} : { instructions: prediction.instructions }),
    required,
    optional,
  };
}

function serviceFacts(service: ServiceSummary): ServiceFacts {
  const defaultName = String(service.defaultPrediction);
  const main = service.predictions[defaultName];
  const others = Object.entries(service.predictions).filter(([name]) => name !== defaultName);
  const variants = (main?.variants ?? service.variants ?? []).map(String);
  return {
    alias: service.alias,
    name: service.name,
    category: service.category,
    prediction: defaultName,
    ...predictionFacts(main),
    ...(variants.length > 0 ? { variants } : {}),
    ...(others.length > 0
      ? { predictions: Object.fromEntries(others.map(([name, other]) => [name, predictionFacts(other)])) }
      : {}),
  };
}

/** The full entries stay as they are (`detail: true` asked for them). */
export function catalogFacts(result: CatalogResult): Record<string, unknown> {
  if (result.detail) return { ...result };
  return {
    count: result.count,
    ...(result.category === undefined ? {} : { category: result.category }),
    detail: false,
    services: result.services.map(serviceFacts),
  };
}
