import type { ToolNamer } from "./family-module.js";
import type { CommandInfo } from "./registry.js";

/** Names tools for a surface, refusing a command the registry does not offer there (a typo in a guide). */
export function toolNamer(
  commands: readonly CommandInfo[],
  nameOf: (command: CommandInfo) => string,
  where: string,
): ToolNamer {
  return (name) => {
    const found = commands.find((command) => command.name === name);
    if (!found) throw new Error(`${where} refers to unknown command ${name}`);
    return `\`${nameOf(found)}\``;
  };
}
