export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 0 ? (sorted[mid - 1]! + sorted[mid]!) / 2 : sorted[mid]!;
}

/** Every order of `0 … n-1`. */
function permutations(n: number): number[][] {
  if (n <= 1) return [[0].slice(0, n)];
  const out: number[][] = [];
  for (const rest of permutations(n - 1)) {
    for (let at = 0; at <= rest.length; at++) out.push([...rest.slice(0, at), n - 1, ...rest.slice(at)]);
  }
  return out;
}

/**
 * Runs every side once per round, each round in another order, cycling through every order (ABC,
 * ACB, BAC, …): machine drift, and whatever the side run just before left behind (garbage to collect,
 * a busy connection), hit every side equally. Returns, per side, the time of each of its rounds in ms.
 * Use a number of rounds that is a multiple of the number of orders (6 for three sides).
 */
export async function interleaved(
  rounds: number,
  sides: readonly (() => Promise<void>)[],
): Promise<number[][]> {
  const orders = permutations(sides.length);
  const times = sides.map((): number[] => []);
  for (let round = 0; round < rounds; round++) {
    for (const index of orders[round % orders.length]!) {
      const t0 = performance.now();
      await sides[index]!();
      times[index]!.push(performance.now() - t0);
    }
  }
  return times;
}
