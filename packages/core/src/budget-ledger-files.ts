/** Names in a file ledger's directory (see `budget-file-ledger.ts` for the layout). */

/** Only the type: `node:fs/promises` itself is loaded on first use. */
export type FsPromises = typeof import("node:fs/promises");

export const GENERATION_FILE = /^(\d+)\.json$/;
export const WRITE_FILE = /^(\d+)-(\d+)-([0-9a-z]+)-[0-9a-z]+\.tmp$/;
/**
 * A copy of a generation on its way to `ledgerFile` (see `publishCopy`). It is no change in flight:
 * it never links to a generation name, so it does not hold back the removal of superseded ones
 * (when it did, two processes finishing together could each wait for the other and leave them).
 */
export const COPY_FILE = /^(\d+)-(\d+)-([0-9a-z]+)-[0-9a-z]+\.copy\.tmp$/;

export function generationFileName(generation: number): string {
  return `${String(generation).padStart(12, "0")}.json`;
}

export function latestGeneration(names: readonly string[]): number | undefined {
  let latest: number | undefined;
  for (const name of names) {
    const match = GENERATION_FILE.exec(name);
    if (match) latest = Math.max(latest ?? 0, Number(match[1]));
  }
  return latest;
}

let writeCounter = 0;
export function randomTag(): string {
  writeCounter += 1;
  return `${writeCounter.toString(36)}${Math.floor(Math.random() * 0x1_0000_0000).toString(36)}`;
}
