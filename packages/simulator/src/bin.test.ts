/** The `theta-simulator` bin on a busy port: a clear message naming --port, and exit 1. */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../dist/bin.js", import.meta.url));

/** A child still running after this long is killed (a guard against a hang, not a speed assertion). */
const KILL_AFTER_MS = 15_000;

function runBin(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: build @theta/simulator before the tests`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? "" } });
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
    child.on("close", (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
  });
}

let busy: Server;
let busyPort: number;

beforeAll(async () => {
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
  const address = busy.address();
  busyPort = typeof address === "object" && address !== null ? address.port : 0;
});

afterAll(async () => {
  await new Promise<void>((resolve) => busy.close(() => resolve()));
});

describe("theta-simulator on a busy port", () => {
  it("says the port is in use and names --port, and exits 1", async () => {
    const run = await runBin(["--port", String(busyPort)]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`port ${busyPort} is already in use`);
    expect(run.stderr).toContain("--port");
    expect(run.stderr).not.toMatch(/EADDRINUSE/);
    expect(run.stdout).toBe("");
  });
});
