import { spawn } from "node:child_process";
import { distFile } from "./dist.js";

export interface BinRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A child still running after this long is killed (a guard against a hang outliving the test, below
 * vitest's 20 s test timeout; not an assertion on speed).
 */
const KILL_AFTER_MS = 15_000;

/** Runs a built bin (`cli.js`, `mcp.js`) as a child process with only `env` (and PATH) set. */
export function runBin(
  bin: "cli.js" | "mcp.js",
  args: readonly string[],
  options: { env?: Record<string, string>; cwd?: string; input?: string | Buffer } = {},
): Promise<BinRun> {
  return new Promise<BinRun>((resolve, reject) => {
    const child = spawn(process.execPath, [distFile(bin), ...args], {
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      env: { PATH: process.env.PATH ?? "", ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    const guard = setTimeout(() => child.kill("SIGKILL"), KILL_AFTER_MS);
    child.on("error", reject);
    // The child may stop reading before all input is written (that is what some tests check).
    child.stdin.on("error", () => {});
    child.on("close", (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? "");
  });
}
