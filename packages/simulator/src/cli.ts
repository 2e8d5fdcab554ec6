import { FAMILY_MODULES } from "./families/index.js";
import type { AnyFamilyModule, FamilyFlag } from "./families/module.js";
import type { SimulatorOptions } from "./types.js";
import { parseNumber, UsageError } from "./usage-error.js";

export { UsageError } from "./usage-error.js";

const MODULES: readonly AnyFamilyModule[] = FAMILY_MODULES;

function usageLine(flag: string, help: string): string {
  return `  ${flag.padEnd(25)}${help}`;
}

/** The usage text: shared options, then each simulated family's flags. */
export const USAGE = [
  "Usage: theta-simulator [options]",
  "",
  "Runs a local Theta EdgeCloud simulator on 127.0.0.1 until interrupted (Ctrl-C).",
  "",
  "Options:",
  usageLine("--port N", "port to listen on (default 4010; 0 picks a free port)"),
  usageLine("--seed N", "seed for ids and generated content (default: random)"),
  usageLine("--balance USD", "starting balance in USD (default 100)"),
  ...MODULES.flatMap((module) =>
    module.flags.map((flag) => usageLine(`${flag.flag} ${flag.value}`, flag.help)),
  ),
  usageLine("--quiet", "do not log requests"),
  usageLine("-h, --help", "show this help"),
  "",
].join("\n");

interface FamilyFlagEntry {
  readonly module: AnyFamilyModule;
  readonly flag: FamilyFlag<unknown>;
}

const FAMILY_FLAGS = new Map<string, FamilyFlagEntry>(
  MODULES.flatMap((module) => module.flags.map((flag) => [flag.flag, { module, flag }] as const)),
);

/** Parses the `theta-simulator` arguments; throws UsageError on bad input. */
export function parseArgs(argv: string[]): SimulatorOptions | "help" {
  const options: SimulatorOptions = { port: 4010, quiet: false };
  const familyOptions = new Map<AnyFamilyModule, unknown>();
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] as string;
    const [flag, inline] =
      argument.startsWith("--") && argument.includes("=")
        ? [argument.slice(0, argument.indexOf("=")), argument.slice(argument.indexOf("=") + 1)]
        : [argument, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      index++;
      return argv[index];
    };
    const familyFlag = FAMILY_FLAGS.get(flag);
    if (familyFlag) {
      const { module } = familyFlag;
      familyOptions.set(module, familyFlag.flag.apply(familyOptions.get(module) ?? {}, value()));
      continue;
    }
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
      case "--quiet":
        options.quiet = true;
        break;
      default:
        throw new UsageError(`unknown option ${argument}`);
    }
  }
  // Each module's flags build its own options object; the options type maps the family to it.
  return Object.assign(
    options,
    Object.fromEntries([...familyOptions].map(([module, given]) => [module.family, given])),
  );
}
