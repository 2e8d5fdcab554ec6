import { oneOf, parseNumber, UsageError } from "../../usage-error.js";
import type { FamilyFlag } from "../module.js";

export type PresignedShape = "direct" | "urls";
export type CostShape = "cost" | "cost_usd" | "both";
export type ErrorField = "error" | "error_message";

const PRESIGNED_SHAPES: readonly PresignedShape[] = ["direct", "urls"];
const COST_SHAPES: readonly CostShape[] = ["cost", "cost_usd", "both"];
const ERROR_FIELDS: readonly ErrorField[] = ["error", "error_message"];

/** `options.ondemand` of `startSimulator()`: the on-demand API's variants and capacity. */
export interface OndemandOptions {
  /** Shape of the presigned-URL answer: `body.<field>.{presigned_url,filename}` ("direct", default) or `body.urls.<field>.{upload_url,filename}`. */
  presignedShape?: PresignedShape;
  /** Which cost field(s) a finished infer request carries: `cost` (US cents), `cost_usd` (USD) or both (default). */
  costShape?: CostShape;
  /** Name of the error text field on a failed infer request. Default "error". */
  errorField?: ErrorField;
  /** Concurrent instances per service alias (e.g. `{ qwen3: 0 }` always answers 409). Unlisted services are unlimited. */
  capacity?: Record<string, number>;
}

/** The options with their defaults applied. */
export interface OndemandSettings {
  readonly presignedShape: PresignedShape;
  readonly costShape: CostShape;
  readonly errorField: ErrorField;
}

export function ondemandSettings(options: OndemandOptions): OndemandSettings {
  return {
    presignedShape: options.presignedShape ?? "direct",
    costShape: options.costShape ?? "both",
    errorField: options.errorField ?? "error",
  };
}

function includes<Value extends string>(allowed: readonly Value[], value: unknown): boolean {
  return allowed.some((candidate) => candidate === value);
}

export function isInstanceCount(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

export function checkOndemandOptions(options: OndemandOptions): void {
  const fail = (message: string) => {
    throw new RangeError(`startSimulator: ondemand.${message}`);
  };
  for (const [alias, value] of Object.entries(options.capacity ?? {})) {
    if (!isInstanceCount(value)) fail(`capacity.${alias} must be an integer >= 0`);
  }
  if (options.presignedShape !== undefined && !includes(PRESIGNED_SHAPES, options.presignedShape)) {
    fail('presignedShape must be "direct" or "urls"');
  }
  if (options.costShape !== undefined && !includes(COST_SHAPES, options.costShape)) {
    fail('costShape must be "cost", "cost_usd" or "both"');
  }
  if (options.errorField !== undefined && !includes(ERROR_FIELDS, options.errorField)) {
    fail('errorField must be "error" or "error_message"');
  }
}

export const ONDEMAND_FLAGS: readonly FamilyFlag<OndemandOptions>[] = [
  {
    flag: "--presigned-shape",
    value: "S",
    help: "direct | urls (default direct)",
    apply: (options, value) => ({
      ...options,
      presignedShape: oneOf("--presigned-shape", value, PRESIGNED_SHAPES),
    }),
  },
  {
    flag: "--cost-shape",
    value: "S",
    help: "cost | cost_usd | both (default both)",
    apply: (options, value) => ({ ...options, costShape: oneOf("--cost-shape", value, COST_SHAPES) }),
  },
  {
    flag: "--error-field",
    value: "S",
    help: "error | error_message (default error)",
    apply: (options, value) => ({ ...options, errorField: oneOf("--error-field", value, ERROR_FIELDS) }),
  },
  {
    flag: "--capacity",
    value: "ALIAS=N",
    help: "concurrent instances of a service (repeatable; 0 always answers 409)",
    apply(options, value) {
      const [alias, count] = (value ?? "").split("=");
      if (!alias || count === undefined)
        throw new UsageError("--capacity needs ALIAS=N, e.g. --capacity qwen3=0");
      return {
        ...options,
        capacity: { ...options.capacity, [alias]: parseNumber("--capacity", count, true) },
      };
    },
  },
];
