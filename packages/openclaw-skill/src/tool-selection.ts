/**
 * Which tools an agent host sees: every tool lengthens the tool list a model reads before the user asks
 * anything, so a host can offer only some families (`theta-mcp --families <family,...>`,
 * `THETA_MCP_FAMILIES`, the plugin's `families`) or only some tools (`--tools`, `THETA_MCP_TOOLS`,
 * `tools`). The diagnostics (`theta.setup`, `theta.auth.capabilities`) stay with any family
 * selection; a tool selection names exactly what is offered.
 */
import { ThetaConfigError } from "@theta/core";
import type { Surface } from "./command.js";
import { closeNames } from "./names.js";
import type { CommandInfo, Registry } from "./registry.js";

export interface ToolSelection {
  /** Families whose tools are offered, with the diagnostics (default: every family). */
  readonly families?: readonly string[] | undefined;
  /** Tools offered, by tool name or dotted command name (default: every tool of the selected families). */
  readonly tools?: readonly string[] | undefined;
}

/** `"a, b"` → `["a", "b"]`; unset or blank → `undefined` (everything). */
export function nameList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const names = value
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  return names.length > 0 ? names : undefined;
}

function unknownNames(kind: string, unknown: readonly string[], known: readonly string[], where: string) {
  const close = unknown.flatMap((name) => closeNames(name, known));
  return new ThetaConfigError({
    message: `${where} names unknown ${kind} ${unknown.map((name) => `"${name}"`).join(", ")}${close.length > 0 ? ` (did you mean ${close.join(", ")}?)` : ""}; known ${kind}: ${known.join(", ")}`,
    variable: where,
    accepted: `a comma-separated list of ${kind} of: ${known.join(", ")}`,
  });
}

/**
 * The commands `surface` offers under `selection`, named by `nameOf` (the surface's tool name).
 * Throws `ThetaConfigError` naming `where` (the flag, variable or config key) for an unknown family or tool.
 */
export function selectCommands(
  registry: Registry,
  surface: Surface,
  selection: ToolSelection,
  nameOf: (command: CommandInfo) => string,
  where: { readonly families: string; readonly tools: string },
): readonly CommandInfo[] {
  let commands = registry.listCommands(surface);
  if (selection.families !== undefined) {
    const known: readonly string[] = registry.modules.map((module) => module.family);
    const unknown = selection.families.filter((family) => !known.includes(family));
    if (unknown.length > 0) throw unknownNames("families", unknown, known, where.families);
    const wanted = new Set(selection.families);
    commands = commands.filter((command) => command.family === null || wanted.has(command.family));
  }
  if (selection.tools !== undefined) {
    const known = commands.map(nameOf);
    const unknown = selection.tools.filter(
      (tool) => !commands.some((command) => nameOf(command) === tool || command.name === tool),
    );
    if (unknown.length > 0) throw unknownNames("tools", unknown, known, where.tools);
    const wanted = new Set(selection.tools);
    commands = commands.filter((command) => wanted.has(nameOf(command)) || wanted.has(command.name));
  }
  return commands;
}
