/**
 * Name forms of a command:
 * - dotted registry name: `theta.<family>.listThings` (as the seed skill named them);
 * - MCP tool name, the underscore form: `theta_<family>_list_things` (`list_services` stays as is);
 * - OpenClaw tool name: the underscore form, prefixed with `theta_` when it does not already start
 *   with it, so generic MCP-vocabulary names (`infer`) cannot clash with other plugins' tools.
 * Tool names use only lowercase letters, digits and single `_`, at most 64 characters.
 */

const TOOL_NAME = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;

export function underscoreName(dotted: string): string {
  const name = dotted
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/_+/g, "_")
    .replace(/^_|_$/g, "")
    .toLowerCase();
  assertToolName(name, dotted);
  return name;
}

export function openclawToolName(dotted: string): string {
  const name = underscoreName(dotted);
  const prefixed = name.startsWith("theta_") ? name : `theta_${name}`;
  assertToolName(prefixed, dotted);
  return prefixed;
}

export function isValidToolName(name: string): boolean {
  return name.length <= 64 && TOOL_NAME.test(name);
}

function assertToolName(name: string, source: string): void {
  if (!isValidToolName(name)) {
    throw new Error(
      `Command "${source}" maps to tool name "${name}", which is not [a-z0-9_] (no "__") of at most 64 characters; rename the command.`,
    );
  }
}

// Close names are core's (commands here, service aliases in the API packages): one rule for all.
export { closeNames, levenshtein } from "@theta/core";
