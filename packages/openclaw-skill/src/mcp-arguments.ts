/**
 * `theta-mcp`'s own arguments: `--families <family,...>` and `--tools <tool,...>` (also as
 * `--families=...`). Anything else is refused with the usage, before the server starts.
 */
import { ThetaValidationError } from "@theta/core";
import { nameList } from "./tool-selection.js";

export interface McpArguments {
  readonly families?: string[];
  readonly tools?: string[];
}

const USAGE = "theta-mcp [--families <family,...>] [--tools <tool,...>]";

function invalid(argument: string, message: string): ThetaValidationError {
  return new ThetaValidationError({ field: argument, message, fix: `usage: ${USAGE}` });
}

export function parseMcpArguments(argv: readonly string[]): McpArguments {
  const parsed: { families?: string[]; tools?: string[] } = {};
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] ?? "";
    const [flag, inline] = argument.includes("=")
      ? [argument.slice(0, argument.indexOf("=")), argument.slice(argument.indexOf("=") + 1)]
      : [argument, undefined];
    if (flag !== "--families" && flag !== "--tools")
      throw invalid(argument, `Unknown argument "${argument}"`);
    const value = inline ?? argv[++index];
    const names = nameList(value);
    if (names === undefined) throw invalid(flag, `${flag} needs a comma-separated list of names`);
    if (flag === "--families") parsed.families = names;
    else parsed.tools = names;
  }
  return parsed;
}
