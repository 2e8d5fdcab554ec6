import { type Books, dropExpiredReservations } from "./budget-books.js";
import { publishCopy } from "./budget-ledger-copy.js";
import {
  COPY_FILE,
  type FsPromises,
  GENERATION_FILE,
  generationFileName,
  latestGeneration,
  randomTag,
  WRITE_FILE,
} from "./budget-ledger-files.js";
import type { LedgerStore } from "./budget-ledger-store.js";
import { ThetaConfigError } from "./errors.js";

/**
 * A budget ledger on disk, shared by every process on this machine that opens the same path.
 * `node:fs/promises` and `node:os` are loaded on first use, so importing the SDK never needs them.
 *
 * Layout, for `ledgerFile = budget.json`:
 * - `budget.json.d/000000000042.json`: the books at generation 42. Generation files are never
 *   changed once written; the highest number is the current state.
 * - `budget.json.d/<startedAt>-<pid>-<host>-<random>.tmp`: a change in flight (its "write file").
 * - `budget.json`: a copy of the current generation for people and tools (a hard link to it); read
 *   only to start a ledger whose directory is missing or empty.
 *
 * A change: create its write file (exclusively), list the directory, read the highest generation g,
 * apply the change, write the result into the write file through the handle opened at creation, then
 * `link()` the write file to `g+1.json`. `link()` fails when `g+1.json` exists, so of two changes
 * based on the same generation exactly one lands; the other reads again and re-applies (a
 * reservation is re-checked against the new books). There is no lock: nothing to take over, nothing
 * to remove on someone else's behalf, and a process paused anywhere (SIGSTOP, a debugger, a slow disk)
 * can never write books based on what it read before the pause.
 *
 * Why a paused process cannot land a stale change even though old generations are deleted: after
 * every change a sweep lists the directory and removes
 * 1. write files of dead processes (same host, pid gone) or older than `staleWriteMs`. Removing a write
 *    file is always safe: its owner's `link()` then fails (ENOENT; it never re-creates the file, it
 *    writes through its open handle) and it starts the change over;
 * 2. then, only if no write file is left (in that listing and in a second one made after it), every
 *    generation below the highest one it listed first.
 * So a generation is only deleted when no change that might have read an older one is still in
 * flight: a `g+1.json` that existed is never free again for a change based on `g`, and the highest
 * generation at the start of a change's listing stays until that change is over. The same write
 * file guards reads: a read-only step (a refusal, a snapshot) whose write file was swept reads again.
 *
 * Safety relies on `link()` being atomic and exclusive and on a directory listing returning every
 * entry that exists for the whole listing (POSIX); clocks only decide when a write file counts as
 * abandoned, which affects progress, never correctness. Processes on several machines sharing a
 * network file system are not supported.
 */

export interface FileLedgerOptions {
  /** A change in flight for longer than this is treated as abandoned by a crashed or paused process. */
  staleWriteMs: number;
  /** Give up a change after this long of losing races to other processes. */
  writeTimeoutMs: number;
  /** Reservations older than this are dropped as abandoned. */
  reservationTtlMs: number;
}

type FileHandle = Awaited<ReturnType<FsPromises["open"]>>;

/** The JSON of a generation file (and of the copy at `ledgerFile`). */
interface LedgerRecord extends Books {
  version: 1;
  generation: number;
}

/** A change in flight: its write file, and the handle it was created with (until written). */
interface PendingWrite {
  path: string;
  handle: FileHandle | undefined;
}

/** What one attempt at a change came to: kept (with the change's result) or lost to a race. */
type Attempt<R> = { kept: true; value: R } | { kept: false };

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as Error & { code?: unknown }).code === code;
}

/** FNV-1a of the host name: tells this machine's write files apart on a shared directory. */
function hostTagOf(hostname: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < hostname.length; index += 1) {
    hash ^= hostname.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

function processIsAlive(pid: number): boolean {
  try {
    globalThis.process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return isErrno(error, "EPERM");
  }
}

function parseRecord(text: string, source: string, fix: string): LedgerRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new ThetaConfigError({
      variable: "ledgerFile",
      message: `The budget ledger ${source} is not valid JSON. ${fix}`,
      cause,
    });
  }
  const record = parsed as Partial<LedgerRecord> | null;
  if (
    record === null ||
    typeof record !== "object" ||
    typeof record.spentUsd !== "number" ||
    typeof record.reservations !== "object" ||
    record.reservations === null ||
    (record.generation !== undefined && typeof record.generation !== "number") ||
    (record.overrunUsd !== undefined && typeof record.overrunUsd !== "number")
  ) {
    throw new ThetaConfigError({
      variable: "ledgerFile",
      message: `The budget ledger ${source} does not hold a ledger ({version, generation, spentUsd, reservations}). ${fix}`,
    });
  }
  return {
    version: 1,
    generation: record.generation ?? 0,
    spentUsd: record.spentUsd,
    overrunUsd: record.overrunUsd ?? 0,
    reservations: { ...record.reservations },
  };
}

export function fileLedgerStore(ledgerFile: string, options: FileLedgerOptions): LedgerStore {
  const directory = `${ledgerFile}.d`;
  const inDirectory = (name: string): string => `${directory}/${name}`;
  const ownPid = globalThis.process?.pid ?? 0;
  let hostTag = "0";
  // The first step (loading fs, creating the directory, sweeping what a crashed process left) runs once.
  let opened: Promise<FsPromises> | undefined;
  // Serializes this store's own changes so they queue instead of racing each other.
  let chain: Promise<unknown> = Promise.resolve();

  const startWrite = async (fs: FsPromises): Promise<PendingWrite> => {
    const path = inDirectory(`${Date.now()}-${ownPid}-${hostTag}-${randomTag()}.tmp`);
    return { path, handle: await fs.open(path, "wx") };
  };

  /** Closes the handle and removes the write file; true when the file was still there (not swept). */
  const removeWrite = async (fs: FsPromises, write: PendingWrite): Promise<boolean> => {
    await write.handle?.close().catch(() => undefined);
    write.handle = undefined;
    try {
      await fs.unlink(write.path);
      return true;
    } catch (error) {
      if (isErrno(error, "ENOENT")) return false;
      throw error;
    }
  };

  const readMirror = async (fs: FsPromises): Promise<LedgerRecord> => {
    let text: string;
    try {
      text = await fs.readFile(ledgerFile, "utf8");
    } catch (error) {
      if (isErrno(error, "ENOENT"))
        return { version: 1, generation: 0, spentUsd: 0, overrunUsd: 0, reservations: {} };
      throw error;
    }
    if (text.trim() === "")
      return { version: 1, generation: 0, spentUsd: 0, overrunUsd: 0, reservations: {} };
    return parseRecord(
      text,
      `file ${ledgerFile}`,
      "Delete it to start a new ledger, or point ledgerFile at another file.",
    );
  };

  const readCurrent = async (fs: FsPromises): Promise<LedgerRecord> => {
    for (;;) {
      const latest = latestGeneration(await fs.readdir(directory));
      if (latest === undefined) return readMirror(fs);
      const path = inDirectory(generationFileName(latest));
      let text: string;
      try {
        text = await fs.readFile(path, "utf8");
      } catch (error) {
        // Swept after a newer generation landed while this process was paused: list again.
        if (isErrno(error, "ENOENT")) continue;
        throw error;
      }
      return parseRecord(
        text,
        path,
        `Delete ${directory} and ${ledgerFile} to start a new ledger (this forgets what was spent).`,
      );
    }
  };

  const sweep = async (fs: FsPromises, names: readonly string[]): Promise<void> => {
    const now = Date.now();
    let writesInFlight = false;
    for (const name of names) {
      const copyMatch = COPY_FILE.exec(name);
      const match = copyMatch ?? WRITE_FILE.exec(name);
      if (!match) continue;
      const startedAt = Number(match[1]);
      const pid = Number(match[2]);
      const abandoned =
        now - startedAt > options.staleWriteMs ||
        (match[3] === hostTag && pid !== ownPid && !processIsAlive(pid));
      if (!abandoned) {
        if (!copyMatch) writesInFlight = true;
        continue;
      }
      try {
        await fs.unlink(inDirectory(name));
      } catch (error) {
        if (!isErrno(error, "ENOENT") && !copyMatch) writesInFlight = true;
      }
    }
    // A change in flight may have read an older generation: deleting it could free the name that
    // change will link to. Wait for a sweep that finds none. A second listing catches a change that
    // started while the first one was being read (a listing is not a snapshot).
    if (writesInFlight) return;
    const latest = latestGeneration(names) ?? 0;
    const superseded = names.filter((name) => {
      const match = GENERATION_FILE.exec(name);
      return match !== null && Number(match[1]) < latest;
    });
    if (superseded.length === 0) return;
    if ((await fs.readdir(directory)).some((name) => WRITE_FILE.test(name))) return;
    for (const name of superseded) await fs.unlink(inDirectory(name)).catch(() => undefined);
  };

  /**
   * Sweeps after a step, whatever it came to. The process whose step ends last finds no write file
   * but its own gone, so once the processes stop, only the current generation is left.
   */
  const tidy = async (fs: FsPromises, names?: readonly string[]): Promise<void> => {
    try {
      await sweep(fs, names ?? (await fs.readdir(directory)));
    } catch {
      // Housekeeping: the step itself is done; the next one sweeps again.
    }
  };

  const attempt = async <R>(fs: FsPromises, change: (books: Books) => R): Promise<Attempt<R>> => {
    const write = await startWrite(fs);
    try {
      const current = await readCurrent(fs);
      const { generation, version: _version, ...books } = current;
      dropExpiredReservations(books, options.reservationTtlMs, Date.now());
      const before = JSON.stringify(books);
      let value: R;
      try {
        value = change(books);
      } catch (error) {
        // A refusal is only as good as the read behind it: if this write file was swept (the process
        // was paused), the books may have changed since, so look again.
        if (!(await removeWrite(fs, write))) return { kept: false };
        await tidy(fs);
        throw error;
      }
      if (JSON.stringify(books) === before) {
        if (!(await removeWrite(fs, write))) return { kept: false };
        await tidy(fs);
        return { kept: true, value };
      }
      const record: LedgerRecord = {
        version: 1,
        generation: generation + 1,
        spentUsd: books.spentUsd,
        overrunUsd: books.overrunUsd,
        reservations: books.reservations,
      };
      const handle = write.handle as FileHandle;
      await handle.writeFile(JSON.stringify(record), "utf8");
      await handle.close();
      write.handle = undefined;
      try {
        await fs.link(write.path, inDirectory(generationFileName(record.generation)));
      } catch (error) {
        // EEXIST: another change based on the same generation landed first. ENOENT: this write file
        // was swept as abandoned. Either way nothing was kept; start over from the current books.
        if (isErrno(error, "EEXIST") || isErrno(error, "ENOENT")) return { kept: false };
        throw error;
      }
      // Kept. What follows is housekeeping: its failures must not turn a kept change into an error.
      await tidy(
        fs,
        await publishCopy(fs, {
          directory,
          ledgerFile,
          written: write.path,
          generation: record.generation,
          copyName: () => `${Date.now()}-${ownPid}-${hostTag}-${randomTag()}.copy.tmp`,
        }).catch(() => undefined),
      );
      return { kept: true, value };
    } finally {
      await write.handle?.close().catch(() => undefined);
      await fs.unlink(write.path).catch(() => undefined);
    }
  };

  const open = (): Promise<FsPromises> => {
    if (opened) return opened;
    const opening = (async () => {
      const [fs, os] = await Promise.all([import("node:fs/promises"), import("node:os")]);
      hostTag = hostTagOf(os.hostname());
      await fs.mkdir(directory, { recursive: true });
      // Leftovers of a process killed mid-change: its write file goes now, not after staleWriteMs.
      await tidy(fs);
      return fs;
    })();
    opened = opening;
    // A failed first step (no permission to create the directory, say) is tried again next time.
    opening.catch(() => {
      if (opened === opening) opened = undefined;
    });
    return opening;
  };

  const update = <R>(change: (books: Books) => R): Promise<R> => {
    const run = chain.then(async () => {
      const fs = await open();
      const deadline = Date.now() + options.writeTimeoutMs;
      for (let round = 0; ; round += 1) {
        const outcome = await attempt(fs, change);
        if (outcome.kept) return outcome.value;
        if (Date.now() > deadline) {
          throw new ThetaConfigError({
            variable: "ledgerFile",
            message:
              `Could not update the budget ledger ${ledgerFile} within ${options.writeTimeoutMs} ms: other ` +
              "processes kept changing it at the same moment. Retry, or raise writeTimeoutMs.",
          });
        }
        // Jittered, growing pause so racing processes stop colliding.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** round)));
      }
    });
    chain = run.catch(() => undefined);
    return run;
  };

  return {
    update,
    // Through `update`, so a snapshot also drops expired reservations and is read under a write file.
    read: () => update((books) => structuredClone(books)),
  };
}
