import * as fs from "node:fs/promises";
import { link, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { publishCopy } from "./budget-ledger-copy.js";
import { generationFileName } from "./budget-ledger-files.js";

let home: string;
let directory: string;
let ledgerFile: string;
let copies = 0;
const copyName = (): string => {
  copies += 1;
  return `${Date.now()}-1-host-${copies}.copy.tmp`;
};

/** Writes generation `generation` the way a change does: a write file linked to its name. */
async function landGeneration(generation: number): Promise<string> {
  const written = join(directory, `${Date.now()}-1-host-w${generation}.tmp`);
  await writeFile(
    written,
    JSON.stringify({ version: 1, generation, spentUsd: generation, reservations: {} }),
  );
  await link(written, join(directory, generationFileName(generation)));
  return written;
}

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), "theta-ledger-copy-"));
  directory = join(home, "budget.json.d");
  ledgerFile = join(home, "budget.json");
  await mkdir(directory);
});

afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe("publishCopy", () => {
  it("moves the change's write file onto the ledger file", async () => {
    const written = await landGeneration(1);
    const names = await publishCopy(fs, { directory, ledgerFile, written, generation: 1, copyName });
    expect(JSON.parse(await readFile(ledgerFile, "utf8")).generation).toBe(1);
    expect(names).toEqual([generationFileName(1)]);
  });

  it("points the ledger file at a newer generation another process landed meanwhile", async () => {
    const written = await landGeneration(1);
    const newer = await landGeneration(2);
    await rm(newer);
    await publishCopy(fs, { directory, ledgerFile, written, generation: 1, copyName });
    expect(JSON.parse(await readFile(ledgerFile, "utf8")).generation).toBe(2);
    expect((await readdir(directory)).sort()).toEqual([generationFileName(1), generationFileName(2)]);
  });

  it("leaves no copy behind when another process already published the newer generation", async () => {
    // The other process landed generation 2 and moved its write file onto the ledger file after
    // this one's move: the ledger file is a hard link to generation 2 already.
    const written = await landGeneration(1);
    await rm(written);
    const newer = await landGeneration(2);
    await fs.rename(newer, ledgerFile);
    await publishCopy(fs, {
      directory,
      ledgerFile,
      written: join(directory, "gone.tmp"),
      generation: 1,
      copyName,
    });
    expect(JSON.parse(await readFile(ledgerFile, "utf8")).generation).toBe(2);
    expect((await readdir(directory)).sort()).toEqual([generationFileName(1), generationFileName(2)]);
  });
});
