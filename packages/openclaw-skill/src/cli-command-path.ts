/**
 * Short command paths: `theta start`, `theta deployments start` and `theta theta.deployments.start` name the
 * same command; so do the tool names (`list_services`) and kebab-case words (`poll-until-done`). A
 * family's command wins over an MCP-vocabulary alias of the same word (`theta infer` is
 * the family command, with every flag), and the default family's (the first module's) over another
 * family's (`theta chat` is the on-demand chat; `theta inference chat` the dedicated endpoint's).
 * Any other path that fits several commands is refused with the full names to choose from.
 */
import { ThetaValidationError } from "@theta/core";
import type { Command } from "./command.js";
import type { Registry } from "./registry.js";

/** `poll-until-done` → `pollUntilDone` (command names are camelCase after their dots). */
function camelWord(word: string): string {
  return word.replace(/-([a-z0-9])/g, (_, char: string) => char.toUpperCase());
}

/** `pollUntilDone` → `poll-until-done`, as a person types it. */
function kebabWord(word: string): string {
  return word.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}

/** The commands a path of words names: exact (with or without `theta.`), else those ending with it. */
function commandsFor(registry: Registry, words: readonly string[]): Command[] {
  const dotted = words.map(camelWord).join(".");
  const full = registry.findCommand(`theta.${dotted}`);
  if (full) return [full];
  // A family's own command before an MCP-vocabulary alias of the same word (`infer`).
  const ending = registry.commands.filter(
    (command) => command.name.endsWith(`.${dotted}`) && !command.aliasOf,
  );
  // Several families with the same word (`chat`): the default family's (the first module's) keeps
  // the short path it had before the others came, as a bare `--base-url` is its server's.
  const defaultFamily = registry.modules[0]?.family;
  const defaults = ending.filter((command) => command.family === defaultFamily);
  if (ending.length > 1 && defaults.length === 1) return defaults;
  if (ending.length > 0) return ending;
  const exact =
    registry.findCommand(dotted) ??
    (words.length === 1 ? registry.findCommand(words[0] as string) : undefined);
  return exact ? [exact] : [];
}

/** The command the leading words name, and how many words it took; undefined when none does. */
export function resolveCommandPath(
  registry: Registry,
  words: readonly string[],
): { command: Command; words: number } | undefined {
  for (let count = words.length; count >= 1; count -= 1) {
    const path = words.slice(0, count);
    const matches = commandsFor(registry, path);
    if (matches.length === 1) return { command: matches[0] as Command, words: count };
    if (matches.length > 1) {
      throw new ThetaValidationError({
        field: "command",
        message: `"${path.join(" ")}" names ${matches.length} commands`,
        fix: `name one of them: ${matches
          .map(
            (command) =>
              `theta ${command.name
                .replace(/^theta\./, "")
                .split(".")
                .join(" ")}`,
          )
          .join(", ")}`,
      });
    }
  }
  return undefined;
}

/** The shortest words that name `command` (`theta.deployments.routeProbe` → `route-probe`), for help. */
export function shortCommandPath(registry: Registry, command: Command): string {
  const words = command.name.replace(/^theta\./, "").split(".");
  for (let start = words.length - 1; start >= 0; start -= 1) {
    const path = words.slice(start);
    const named = commandsFor(registry, path);
    if (named.length === 1 && named[0] === command) return path.map(kebabWord).join(" ");
  }
  return command.name;
}
