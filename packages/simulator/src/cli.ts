import type { CostShape, ErrorField, PresignedShape, SimulatorOptions } from "./types.js";

export const USAGE = `Usage: theta-simulator [options]

Runs a local Theta EdgeCloud simulator on 127.0.0.1 until interrupted (Ctrl-C).

Options:
  --port N                 port to listen on (default 4010; 0 picks a free port)
  --seed N                 seed for ids and generated content (default: random)
  --balance USD            starting balance in USD (default 100)
  --presigned-shape S      direct | urls (default direct)
  --cost-shape S           cost | cost_usd | both (default both)
  --error-field S          error | error_message (default error)
  --capacity ALIAS=N       concurrent instances of a service (repeatable; 0 always answers 409)
  --quiet                  do not log requests
  -h, --help               show this help
`;

export class UsageError extends Error {}

function parseNumber(flag: string, value: string | undefined, integer: boolean): number {
  const n = Number(value);
  if (value === undefined || value === "" || !Number.isFinite(n) || (integer && !Number.isInteger(n))) {
    throw new UsageError(`${flag} needs ${integer ? "an integer" : "a number"} (got ${value ?? "nothing"})`);
  }
  return n;
}

function oneOf(flag: string, value: string | undefined, allowed: string[]): string {
  if (value === undefined || !allowed.includes(value)) {
    throw new UsageError(`${flag} must be one of ${allowed.join(", ")} (got ${value ?? "nothing"})`);
  }
  return value;
}

/** Parses the `theta-simulator` arguments; throws UsageError on bad input. */
export function parseArgs(argv: string[]): SimulatorOptions | "help" {
  const options: SimulatorOptions = { port: 4010, quiet: false };
  const capacity: Record<string, number> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] =
      arg.startsWith("--") && arg.includes("=")
        ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
        : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      i++;
      return argv[i];
    };
    switch (flag) {
      case "-h":
      case "--help":
        return "help";
      case "--port":
        options.port = parseNumber(flag, value(), true);
        break;
      case "--seed":
        options.seed = parseNumber(flag, value(), true);
        break;
      case "--balance":
        options.balanceUsd = parseNumber(flag, value(), false);
        break;
      case "--presigned-shape":
        options.presignedShape = oneOf(flag, value(), ["direct", "urls"]) as PresignedShape;
        break;
      case "--cost-shape":
        options.costShape = oneOf(flag, value(), ["cost", "cost_usd", "both"]) as CostShape;
        break;
      case "--error-field":
        options.errorField = oneOf(flag, value(), ["error", "error_message"]) as ErrorField;
        break;
      case "--capacity": {
        const spec = value() ?? "";
        const [alias, n] = spec.split("=");
        if (!alias || n === undefined)
          throw new UsageError("--capacity needs ALIAS=N, e.g. --capacity qwen3=0");
        capacity[alias] = parseNumber("--capacity", n, true);
        break;
      }
      case "--quiet":
        options.quiet = true;
        break;
      default:
        throw new UsageError(`unknown option ${arg}`);
    }
  }
  if (Object.keys(capacity).length > 0) options.capacity = capacity;
  return options;
}
