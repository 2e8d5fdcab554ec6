/**
 * The first run of the README, in a clean environment: start `theta-simulator`, take only the
 * `export` lines it prints, and run one read command of every family that has commands through the
 * installed `theta` bin. Every one must succeed: nothing else in the environment is needed.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CommandInfo, listCommands } from "./registry.js";

const here = dirname(fileURLToPath(import.meta.url));
const thetaBin = join(here, "..", "bin", "theta.js");
const simulatorBin = join(
  dirname(createRequire(import.meta.url).resolve("@theta/simulator/package.json")),
  "bin",
  "theta-simulator.js",
);

let simulator: ChildProcess | undefined;
let printed = "";
const cwd = mkdtempSync(join(tmpdir(), "theta-first-run-"));

/** The `export NAME=value` lines the simulator printed, as an environment. */
function exportedEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const match of text.matchAll(/^\s*export ([A-Z0-9_]+)=(\S*)$/gm))
    env[match[1] as string] = match[2] as string;
  return env;
}

beforeAll(async () => {
  const child = spawn(process.execPath, [simulatorBin, "--port", "0"], {
    env: { PATH: process.env.PATH ?? "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  simulator = child;
  await new Promise<void>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`theta-simulator exited (${code}): ${printed}`)));
    child.stdout?.on("data", (chunk: Buffer) => {
      printed += chunk.toString("utf8");
      // The banner ends with the export lines; the loopback opt-in is the last one.
      if (/export THETA_ALLOW_INSECURE_LOOPBACK=1/.test(printed)) resolve();
    });
  });
});

afterAll(() => {
  simulator?.kill("SIGTERM");
  rmSync(cwd, { recursive: true, force: true });
});

function theta(
  args: readonly string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [thetaBin, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

/** One free read of each family with commands, that needs no input (a list, preferably). */
function oneReadPerFamily(): CommandInfo[] {
  const byFamily = new Map<string, CommandInfo>();
  for (const command of listCommands("cli")) {
    if (command.family === null || command.mutating || command.billable || command.aliasOf) continue;
    if ((command.inputSchema.required ?? []).length > 0) continue;
    const known = byFamily.get(command.family);
    if (!known || (/\.list\w*$/.test(command.name) && !/\.list\w*$/.test(known.name)))
      byFamily.set(command.family, command);
  }
  return [...byFamily.values()];
}

describe("the first run", () => {
  it("the printed export lines are all a fresh shell needs: one command per family succeeds", async () => {
    const env = exportedEnv(printed);
    expect(env.THETA_ALLOW_INSECURE_LOOPBACK).toBe("1");
    const commands = oneReadPerFamily();
    expect(commands.map((command) => command.family).sort()).toEqual(
      [
        ...new Set(
          listCommands("cli").flatMap((command) => (command.family === null ? [] : [command.family])),
        ),
      ].sort(),
    );
    for (const command of commands) {
      const run = await theta([command.name, "--json"], env);
      expect({ command: command.name, code: run.code, output: run.code === 0 ? "" : run.output }).toEqual({
        command: command.name,
        code: 0,
        output: "",
      });
    }
    // And a paid one, on the simulator: the chat of the README.
    const chat = await theta(["chat", "--prompt", "Say hello in five words", "--json"], env);
    expect(chat.code, chat.output).toBe(0);
  });
});
