/**
 * Close names for a misspelled one: the commands of the skill, the service aliases of the on-demand
 * catalog, ... One rule for every "did you mean" the SDK prints.
 */

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
