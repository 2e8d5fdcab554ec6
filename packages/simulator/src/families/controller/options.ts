import { oneOf, parseNumber, UsageError } from "../../usage-error.js";
import type { FamilyFlag } from "../module.js";

/** Which deployment route style answers: the singular `/deployment/...` seen live, the plural `/deployments/...` of the docs, or both. */
export type RouteStyleOption = "singular" | "plural" | "both";
/** Which method stop and start accept (sources disagree: PUT, POST). */
export type LifecycleMethodOption = "PUT" | "POST" | "both";
/**
 * The create answer: `{status, body: Deployment}` ("envelope"), the bare PascalCase object ("bare"),
 * or `{status, body: "<text with the endpoint URL>"}` (2024, "string").
 */
export type CreateShape = "envelope" | "bare" | "string";

const ROUTE_STYLES: readonly RouteStyleOption[] = ["singular", "plural", "both"];
const LIFECYCLE_METHODS: readonly LifecycleMethodOption[] = ["PUT", "POST", "both"];
const CREATE_SHAPES: readonly CreateShape[] = ["envelope", "bare", "string"];

/** `options.controller` of `startSimulator()`: the route variants the client's fallback must meet. */
export interface ControllerOptions {
  /** Deployment route style that exists; the other answers 404. Default "singular" (the one seen live). */
  routeStyle?: RouteStyleOption;
  /** Method stop/start accept; the other answers 405. Default "both" (neither is confirmed). */
  lifecycleMethod?: LifecycleMethodOption;
  /** Shape of the create answer. Default "envelope". */
  createShape?: CreateShape;
  /**
   * Statuses a new or restarted deployment's endpoint answers before it is ready, one per warm-up step
   * (`timing.warmupStepMs` each), for every template. Default: each template's own sequence.
   */
  warmup?: readonly number[];
}

export interface ControllerSettings {
  readonly routeStyle: RouteStyleOption;
  readonly lifecycleMethod: LifecycleMethodOption;
  readonly createShape: CreateShape;
  readonly warmup: readonly number[] | undefined;
}

export function controllerSettings(options: ControllerOptions): ControllerSettings {
  return {
    routeStyle: options.routeStyle ?? "singular",
    lifecycleMethod: options.lifecycleMethod ?? "both",
    createShape: options.createShape ?? "envelope",
    warmup: options.warmup,
  };
}

function includes<Value extends string>(allowed: readonly Value[], value: unknown): boolean {
  return allowed.some((candidate) => candidate === value);
}

/** A warm-up status: an HTTP error status other than 2xx (a 2xx would be "ready"). */
function isWarmupStatus(value: unknown): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= 300 && value <= 599;
}

export function checkControllerOptions(options: ControllerOptions): void {
  const fail = (message: string) => {
    throw new RangeError(`startSimulator: controller.${message}`);
  };
  if (options.routeStyle !== undefined && !includes(ROUTE_STYLES, options.routeStyle)) {
    fail('routeStyle must be "singular", "plural" or "both"');
  }
  if (options.lifecycleMethod !== undefined && !includes(LIFECYCLE_METHODS, options.lifecycleMethod)) {
    fail('lifecycleMethod must be "PUT", "POST" or "both"');
  }
  if (options.createShape !== undefined && !includes(CREATE_SHAPES, options.createShape)) {
    fail('createShape must be "envelope", "bare" or "string"');
  }
  if (options.warmup !== undefined) {
    if (!Array.isArray(options.warmup) || !options.warmup.every(isWarmupStatus)) {
      fail("warmup must be an array of HTTP statuses between 300 and 599, e.g. [404, 502, 503, 401]");
    }
  }
}

export const CONTROLLER_FLAGS: readonly FamilyFlag<ControllerOptions>[] = [
  {
    flag: "--route-style",
    value: "S",
    help: "deployment routes that exist: singular | plural | both (default singular)",
    apply: (options, value) => ({ ...options, routeStyle: oneOf("--route-style", value, ROUTE_STYLES) }),
  },
  {
    flag: "--lifecycle-method",
    value: "M",
    help: "method stop/start accept: PUT | POST | both (default both)",
    apply: (options, value) => ({
      ...options,
      lifecycleMethod: oneOf("--lifecycle-method", value, LIFECYCLE_METHODS),
    }),
  },
  {
    flag: "--create-shape",
    value: "S",
    help: "create-deployment answer: envelope | bare | string (default envelope)",
    apply: (options, value) => ({ ...options, createShape: oneOf("--create-shape", value, CREATE_SHAPES) }),
  },
  {
    flag: "--warmup",
    value: "STATUSES",
    help: "statuses a deployment answers before it is ready, e.g. 404,502,503,401 (default per template)",
    apply(options, value) {
      const statuses = (value ?? "").split(",").map((part) => parseNumber("--warmup", part.trim(), true));
      if (!statuses.every(isWarmupStatus))
        throw new UsageError("--warmup needs HTTP statuses between 300 and 599, e.g. 404,502,503,401");
      return { ...options, warmup: statuses };
    },
  },
];
