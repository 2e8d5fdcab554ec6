import { type FsPromises, generationFileName, latestGeneration } from "./budget-ledger-files.js";

/** Where a file ledger keeps its generations, and what one change just wrote. */
export interface CopyTarget {
  /** The ledger's directory of generations (`<ledgerFile>.d`). */
  directory: string;
  /** The copy people and tools read. */
  ledgerFile: string;
  /** The write file of the change that just landed (a hard link to its generation). */
  written: string;
  /** The generation that change landed as. */
  generation: number;
  /** A fresh name, in `directory`, for a copy on its way to `ledgerFile`. */
  copyName: () => string;
}

/**
 * Points `ledgerFile` at the newest generation and returns the directory's last listing. A process
 * paused between two steps here may put back an older copy; it then sees a newer generation and
 * points it again, so once changes stop, the copy is current. Best effort: the copy is never read
 * while the directory has generations.
 */
export async function publishCopy(fs: FsPromises, target: CopyTarget): Promise<string[]> {
  const { directory, ledgerFile } = target;
  await fs.rename(target.written, ledgerFile).catch(() => undefined);
  let published = target.generation;
  for (let round = 0; round < 8; round += 1) {
    const names = await fs.readdir(directory);
    const latest = latestGeneration(names) ?? published;
    if (latest <= published) return names;
    const copy = `${directory}/${target.copyName()}`;
    try {
      await fs.link(`${directory}/${generationFileName(latest)}`, copy);
      await fs.rename(copy, ledgerFile);
    } catch {
      // Another process moved on first; the next round looks again.
    } finally {
      // When `ledgerFile` is already a link to that generation (another process published it in
      // the meantime), rename() of one hard link onto another of the same file does nothing and
      // leaves the copy in place (POSIX), so the copy is always removed here.
      await fs.unlink(copy).catch(() => undefined);
    }
    published = latest;
  }
  return fs.readdir(directory);
}
