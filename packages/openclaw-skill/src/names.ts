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

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function normalize(name: string): string {
  return name.replace(/[^a-z0-9]/gi, "").toLowerCase();
}

/**
 * The candidates closest to `input`: substring matches first (either way, ignoring case and
 * separators), then small edit distances (≤ 40 % of the longer name, at least 2; the whole name or
 * its last dotted segment), keeping only those about as close as the best one.
 */
export function closeNames(input: string, candidates: readonly string[], limit = 5): string[] {
  const needle = normalize(input);
  if (needle === "") return [];
  const scored: { name: string; score: number }[] = [];
  for (const name of candidates) {
    const hay = normalize(name);
    let score: number | undefined;
    if (hay.includes(needle) || needle.includes(hay)) {
      score = Math.abs(hay.length - needle.length) / 100;
    } else {
      const tail = normalize(name.split(".").pop() ?? name);
      const allowed = (other: string) => Math.max(2, Math.floor(Math.max(needle.length, other.length) * 0.4));
      const whole = levenshtein(needle, hay);
      const last = levenshtein(needle, tail);
      if (whole <= allowed(hay)) score = 1 + whole;
      else if (last <= allowed(tail)) score = 1 + last;
    }
    if (score !== undefined) scored.push({ name, score });
  }
  scored.sort((x, y) => x.score - y.score || x.name.localeCompare(y.name));
  // Keep only names about as close as the best one.
  const cutoff = Math.floor(scored[0]?.score ?? 0) + 2;
  return scored
    .filter((entry) => entry.score <= cutoff)
    .slice(0, limit)
    .map((entry) => entry.name);
}
