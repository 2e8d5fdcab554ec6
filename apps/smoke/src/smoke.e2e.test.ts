import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const main = fileURLToPath(new URL("../dist/main.js", import.meta.url));

function run(env: Record<string, string>, args: string[] = []) {
  const clean: Record<string, string> = { PATH: process.env.PATH ?? "" };
  return spawnSync(process.execPath, [main, ...args], {
    env: { ...clean, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("smoke app against the built-in simulator", () => {
  it("runs catalog, streamed chat, image generation and upload + transcription, and prints the table", () => {
    const r = run({});
    expect(r.stderr).toContain("built-in simulator");
    expect(r.status, r.stderr).toBe(0);
    for (const word of [
      "service",
      "latency",
      "total spend",
      "(catalog)",
      "qwen3",
      "flux",
      "whisper",
      "(agents)",
    ]) {
      expect(r.stdout).toContain(word);
    }
    for (const row of [
      "(vm types)",
      "(templates)",
      "(balance)",
      "(dedicated endpoint)",
      "(disposable deployment)",
    ]) {
      expect(r.stdout).toContain(row);
    }
    // Four on-demand checks, three controller checks, two dedicated-endpoint checks and six agents checks.
    expect(r.stdout).toMatch(/15\/15 checks passed/);
  });

  it("stops at the hard cap and exits non-zero", () => {
    const r = run({ THETA_MAX_BUDGET_USD: "0.015", SERVICES: "flux,flux,flux" });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("budget_exceeded");
  });

  it("refuses --live without a budget, before any request", () => {
    const r = run({ THETA_ONDEMAND_API_TOKEN: "canary-live-token-123456" }, ["--live"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("THETA_MAX_BUDGET_USD");
    expect(r.stderr + r.stdout).not.toContain("canary-live-token-123456");
  });
});
