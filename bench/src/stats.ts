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

/** A small seeded PRNG (mulberry32): the same resamples in every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The 95 % interval of `median(a) / median(b)` by a paired bootstrap over rounds (round i of `a` goes
 * with round i of `b`, as they ran milliseconds apart): how far the ratio could move on the same
 * machine state from sampling alone.
 */
export function bootstrapRatio(
  a: readonly number[],
  b: readonly number[],
  resamples = 400,
): [low: number, high: number] {
  const n = Math.min(a.length, b.length);
  const random = seeded(0x7e7a);
  const ratios: number[] = [];
  const sa = new Array<number>(n);
  const sb = new Array<number>(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) {
      const pick = Math.floor(random() * n);
      sa[i] = a[pick]!;
      sb[i] = b[pick]!;
    }
    ratios.push(median(sa) / median(sb));
  }
  ratios.sort((x, y) => x - y);
  return [ratios[Math.floor(resamples * 0.025)]!, ratios[Math.ceil(resamples * 0.975) - 1]!];
}
