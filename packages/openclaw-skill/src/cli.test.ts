import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Simulator, startSimulator } from "@theta/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { distFile } from "./testing/dist.js";
import { CANARY } from "./testing/helpers.js";

let sim: Simulator;
let dir: string;
beforeAll(async () => {
  // Slow enough tokens that the stream visibly arrives in pieces.
  sim = await startSimulator({
    quiet: true,
    seed: 11,
    timing: { chatTokenDelayMs: 15, firstTokenDelayMs: 10 },
  });
  dir = mkdtempSync(join(tmpdir(), "theta-cli-"));
});
afterAll(async () => {
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  stdoutChunks: number;
}

function theta(args: string[], options: { env?: Record<string, string>; cwd?: string; input?: string } = {}) {
  return new Promise<Run>((resolve, reject) => {
    const child = spawn(process.execPath, [distFile("cli.js"), ...args], {
      cwd: options.cwd ?? dir,
      env: { PATH: process.env.PATH ?? "", ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let stdoutChunks = 0;
    child.stdout.on("data", (chunk: Buffer) => {
      stdoutChunks++;
      stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr, stdoutChunks }));
    child.stdin.end(options.input ?? "");
  });
}

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    THETA_ONDEMAND_API_TOKEN: CANARY,
    THETA_ONDEMAND_API_BASE_URL: sim.baseUrls.ondemand,
    THETA_ALLOW_INSECURE_LOOPBACK: "1",
    ...extra,
  };
}

const CHAT = JSON.stringify({ messages: [{ role: "user", content: "hi" }] });

describe("theta CLI", () => {
  it("streams chat deltas to stdout in human mode", async () => {
    const run = await theta(["theta.ondemand.chat", "--json", CHAT], { env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout.trim().length).toBeGreaterThan(0);
    expect(run.stdoutChunks).toBeGreaterThan(1);
    expect(run.stderr).toMatch(/\[qwen3: /);
    expect(run.stdout + run.stderr).not.toContain(CANARY);
  });

  it("prints one JSON document with --json (machine mode)", async () => {
    const run = await theta(["theta.ondemand.chat", "--json", CHAT, "--json"], { env: env() });
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { content: string; model: string };
    expect(result.model).toBe("qwen3");
    expect(result.content.length).toBeGreaterThan(0);
  });

  it("takes inputs as --flag value", async () => {
    const run = await theta(["list_services", "--category", "audio", "--output", "json"], { env: env() });
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { services: { category: string }[] };
    expect(result.services.every((service) => service.category === "audio")).toBe(true);
  });

  it("lists the commands", async () => {
    const run = await theta(["commands"], { env: {} });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("theta.ondemand.chat");
    expect(run.stdout).toContain("get_upload_url");
  });

  it("shows a dry-run plan with exit code 0 and sends nothing", async () => {
    const before = sim.state.requests();
    const run = await theta(
      [
        "theta.ondemand.infer",
        "--service",
        "stable_diffusion_xl_turbo",
        "--input",
        '{"prompt":"x"}',
        "--dry-run",
      ],
      { env: env() },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Dry run");
    expect(run.stdout).toContain("POST");
    expect(sim.state.requests()).toBe(before);
    expect(run.stdout + run.stderr).not.toContain(CANARY);
  });

  it("distinguishes usage, config, API and budget failures by exit code", async () => {
    const unknown = await theta(["theta.ondemand.chta"], { env: env() });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("theta.ondemand.chat");

    const invalid = await theta(["theta.ondemand.infer", "--service", "flux"], { env: env() });
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain("input");

    const noToken = await theta(["theta.ondemand.chat", "--json", CHAT], {
      env: { THETA_ONDEMAND_API_BASE_URL: sim.baseUrls.ondemand, THETA_ALLOW_INSECURE_LOOPBACK: "1" },
    });
    expect(noToken.code).toBe(3);
    expect(noToken.stderr).toContain("THETA_ONDEMAND_API_TOKEN");

    const api = await theta(["theta.ondemand.status", "--requestId", "infr_rqst_does_not_exist"], {
      env: env(),
    });
    expect(api.code).toBe(4);

    const budget = await theta(["theta.ondemand.chat", "--json", CHAT, "--budget", "0"], { env: env() });
    expect(budget.code).toBe(5);
    expect(budget.stderr.toLowerCase()).toContain("budget");

    for (const run of [unknown, invalid, noToken, api, budget])
      expect(run.stdout + run.stderr).not.toContain(CANARY);
  });

  it("uploads a local file with progress on stderr", async () => {
    const file = join(dir, "clip.wav");
    writeFileSync(file, new Uint8Array(300_000).fill(1));
    const run = await theta(
      [
        "theta.ondemand.upload",
        "--service",
        "whisper",
        "--field",
        "audio_filename",
        "--file",
        file,
        "--json",
      ],
      { env: env() },
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("uploaded 300000 of 300000 bytes");
    const result = JSON.parse(run.stdout) as { filename: string; bytes: number };
    expect(result.bytes).toBe(300_000);
    expect(sim.state.upload(result.filename)?.size).toBe(300_000);
  });

  it("setup reads piped answers, writes .env.local with mode 0600 and never echoes the secret", async () => {
    const cwd = mkdtempSync(join(dir, "setup-"));
    writeFileSync(join(cwd, ".env.local"), "# mine\nOTHER_VAR=keep\n");
    // Empty answers for the controller questions (key, project, org, two base URLs) and the dedicated
    // endpoint's (endpoint, token, user, password, model): left unset.
    const answers = [CANARY, sim.baseUrls.ondemand, "", "", "", "", "", "", "", "", "", "", "n", "2.5"].join(
      "\n",
    );
    const run = await theta(["setup"], {
      cwd,
      input: `${answers}\n`,
      env: { THETA_ALLOW_INSECURE_LOOPBACK: "1" },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("[set]");
    expect(run.stdout + run.stderr).not.toContain(CANARY);
    const file = join(cwd, ".env.local");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const written = readFileSync(file, "utf8");
    expect(written).toContain(`THETA_ONDEMAND_API_TOKEN=${CANARY}`);
    expect(written).toContain(`THETA_ONDEMAND_API_BASE_URL=${sim.baseUrls.ondemand}`);
    expect(written).toContain("THETA_DRY_RUN=0");
    expect(written).toContain("THETA_MAX_BUDGET_USD=2.5");
    expect(written).toContain("OTHER_VAR=keep");

    // The CLI loads .env.local from the current directory.
    const checklist = await theta(["theta.setup", "--json"], {
      cwd,
      env: { THETA_ALLOW_INSECURE_LOOPBACK: "1" },
    });
    expect(checklist.code).toBe(0);
    expect(JSON.parse(checklist.stdout)).toMatchObject({ ready: true, maxBudgetUsd: 2.5 });
    expect(checklist.stdout).not.toContain(CANARY);

    // Empty answers keep the current values.
    const again = await theta(["setup"], {
      cwd,
      input: "\n\n\n\n\n\n\n\n\n\n\n\n\n",
      env: { THETA_ALLOW_INSECURE_LOOPBACK: "1" },
    });
    expect(again.code).toBe(0);
    expect(readFileSync(file, "utf8")).toContain(`THETA_ONDEMAND_API_TOKEN=${CANARY}`);
    expect(again.stdout).not.toContain(CANARY);
  });

  it("setup rejects an invalid value from piped input", async () => {
    const cwd = mkdtempSync(join(dir, "setup-bad-"));
    const run = await theta(["setup"], { cwd, input: `${CANARY}\n\n\n\n\n\n\n\n\n\n\n\nmaybe\n\n` });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("THETA_DRY_RUN");
    expect(run.stdout + run.stderr).not.toContain(CANARY);
  });
});
