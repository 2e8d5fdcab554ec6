export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 0 ? (sorted[mid - 1]! + sorted[mid]!) / 2 : sorted[mid]!;
}

/**
 * Runs every side once per round, in an order that rotates from round to round (ABC, BCA, CAB, …),
 * so that machine drift and whatever ran just before hit every side equally. Returns, per side, the
 * time of each of its rounds in ms.
 */
export async function interleaved(
  rounds: number,
  sides: readonly (() => Promise<void>)[],
): Promise<number[][]> {
  const times = sides.map((): number[] => []);
  for (let round = 0; round < rounds; round++) {
    for (let step = 0; step < sides.length; step++) {
      const index = (round + step) % sides.length;
      const t0 = performance.now();
      await sides[index]!();
      times[index]!.push(performance.now() - t0);
    }
  }
  return times;
}
