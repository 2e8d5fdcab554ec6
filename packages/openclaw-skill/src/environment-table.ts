/**
 * The environment tables (README, the skill README, SKILL.md) and SKILL.md's `envVars`, from
 * `@theta/core`'s `environmentVariables()`; README tables live between marker comments that the
 * skill's `gen` script refreshes.
 */
import { type EnvironmentVariable, environmentVariables } from "@theta/core";
import { credentialOwnerNamed } from "./credential-owner.js";

/**
 * The variables of `families` (with the families whose credentials they use) and the settings every
 * family shares; every variable when `families` is undefined.
 */
export function environmentRows(families?: readonly string[]): readonly EnvironmentVariable[] {
  const rows = environmentVariables();
  if (families === undefined) return rows;
  const wanted = new Set<string>();
  for (const name of families) {
    wanted.add(name);
    const owner = credentialOwnerNamed(name);
    if (owner !== undefined) wanted.add(owner.family);
  }
  return rows.filter((row) => row.family === undefined || wanted.has(row.family));
}

/**
 * The variable names of a row. `environmentVariables()` lists the aliases of one setting in one row
 * as `A / B / C` (first set wins).
 */
export function variableNames(row: EnvironmentVariable): string[] {
  return row.name.split(" / ").map((name) => name.trim());
}

/** Table cell text: pipes escaped, and `<` outside code spans (`<name>` would read as an HTML tag). */
function cell(text: string): string {
  return text
    .replace(/\n/g, " ")
    .split("`")
    .map((part, index) => (index % 2 === 0 ? part.replace(/</g, "&lt;") : part))
    .join("`")
    .replace(/\|/g, "\\|");
}

/** A Markdown table of the rows: variable (aliases in order), family, secret, meaning. */
export function environmentTable(rows: readonly EnvironmentVariable[]): string {
  const lines = ["| variable | family | secret | meaning |", "|---|---|---|---|"];
  for (const row of rows) {
    const names = variableNames(row)
      .map((name) => `\`${name}\``)
      .join(" / ");
    lines.push(`| ${names} | ${row.family ?? "all"} | ${row.secret ? "yes" : ""} | ${cell(row.meaning)} |`);
  }
  return lines.join("\n");
}

/** SKILL.md's `envVars`: one entry per variable name (an alias points at the first name of its row). */
export function envVarEntries(
  rows: readonly EnvironmentVariable[],
): { name: string; required: boolean; description: string }[] {
  const entries: { name: string; required: boolean; description: string }[] = [];
  for (const row of rows) {
    const [first, ...aliases] = variableNames(row);
    if (first === undefined) continue;
    const meaning = row.meaning.replace(/`/g, "").replace(/ \(first set wins\)$/, "");
    const description =
      aliases.length > 0
        ? `${meaning}; ${aliases.length === 1 ? "alias" : "aliases"} ${aliases.join(", ")} (first set wins).`
        : `${meaning}.`;
    entries.push({ name: first, required: false, description });
    for (const alias of aliases)
      entries.push({ name: alias, required: false, description: `Alias of ${first}.` });
  }
  return entries;
}

/** The marker comments around a generated block of a Markdown file. */
export function generatedBlockMarkers(block: string): { begin: string; end: string } {
  return {
    begin: `<!-- generated:${block} (by \`pnpm --filter @theta/openclaw-skill gen\`; do not edit) -->`,
    end: `<!-- /generated:${block} -->`,
  };
}

/**
 * `text` with the block between the markers of `block` replaced by `content`. Throws when the
 * markers are missing or out of order (a file that lost them would silently stop being refreshed).
 */
export function replaceGeneratedBlock(text: string, block: string, content: string): string {
  const { begin, end } = generatedBlockMarkers(block);
  const start = text.indexOf(begin);
  const stop = text.indexOf(end);
  if (start < 0 || stop < start) {
    throw new Error(`The generated block "${block}" is missing: put ${begin} and ${end} on their own lines`);
  }
  return `${text.slice(0, start + begin.length)}\n${content}\n${text.slice(stop)}`;
}
