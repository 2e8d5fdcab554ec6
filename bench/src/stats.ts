export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 0 ? (sorted[mid - 1]! + sorted[mid]!) / 2 : sorted[mid]!;
}

/** Runs `a` and `b` in alternating rounds (ABAB…) so drift hits both equally; returns per-round times in ms. */
export async function sideBySide(
  rounds: number,
  a: () => Promise<void>,
  b: () => Promise<void>,
): Promise<{ a: number[]; b: number[] }> {
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const first = i % 2 === 0 ? a : b;
    const second = i % 2 === 0 ? b : a;
    const t0 = performance.now();
    await first();
    const t1 = performance.now();
    await second();
    const t2 = performance.now();
    (i % 2 === 0 ? ta : tb).push(t1 - t0);
    (i % 2 === 0 ? tb : ta).push(t2 - t1);
  }
  return { a: ta, b: tb };
}
