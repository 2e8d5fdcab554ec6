/**
 * The CLI's per-server base-URL flags and the setup wizard's loopback handling, run in-process
 * against the simulator on 127.0.0.1.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import type { Simulator } from "@theta/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./cli-main.js";
import { CANARY, simulator } from "./testing/helpers.js";

let sim: Simulator;
const dir = mkdtempSync(join(tmpdir(), "theta-cli-families-"));
beforeAll(async () => {
  sim = await simulator();
});
afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(
  argv: string[],
  options: { env?: Record<string, string>; cwd?: string; input?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const stdin = new PassThrough();
  stdin.end(options.input ?? "");
  const code = await runCli(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    stdin,
    env: options.env ?? {},
    cwd: options.cwd ?? dir,
  });
  return { code, stdout, stderr };
}

const LOOPBACK = { THETA_ALLOW_INSECURE_LOOPBACK: "1" };

describe("theta base-URL flags", () => {
  it("take --<server>-base-url, --base-url <server>=<url> and a bare --base-url for the default family", async () => {
    const forms = [
      ["--ondemand-base-url", sim.baseUrls.ondemand],
      ["--base-url", `ondemand=${sim.baseUrls.ondemand}`],
      [`--base-url=ondemand=${sim.baseUrls.ondemand}`],
      ["--base-url", sim.baseUrls.ondemand],
    ];
    for (const form of forms) {
      const run = await cli(["list_services", "--category", "text", "--json", ...form], { env: LOOPBACK });
      expect(run.code, form.join(" ")).toBe(0);
      const result = JSON.parse(run.stdout) as { services: { category: string }[] };
      expect(result.services.length).toBeGreaterThan(0);
    }
  });

  it("refuse an unknown server name before any request, naming the servers", async () => {
    const before = sim.state.requests();
    const run = await cli(["list_services", "--base-url", "nope=http://127.0.0.1:1"], { env: LOOPBACK });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown server");
    expect(run.stderr).toContain("edgecloud-client");
    expect(sim.state.requests()).toBe(before);
  });

  it("are listed in the help, one per server", async () => {
    const help = await cli(["--help"]);
    expect(help.stdout).toContain("--<server>-base-url");
    for (const server of [
      "ondemand",
      "controller",
      "platform",
      "inference",
      "video",
      "chain",
      "thetacli",
      "edgecloud-client",
    ]) {
      expect(help.stdout).toContain(server);
    }
  });
});

describe("theta setup", () => {
  it("accepts a loopback http:// base URL without the opt-in and writes the opt-in too", async () => {
    const cwd = mkdtempSync(join(dir, "setup-"));
    // Empty answers for the controller questions (key, project, org, two base URLs) and the dedicated
    // endpoint's (endpoint, token, user, password, model): left unset.
    const answers = [CANARY, sim.baseUrls.ondemand, "", "", "", "", "", "", "", "", "", "", "n", "2"].join(
      "\n",
    );
    const run = await cli(["setup"], { cwd, input: `${answers}\n` });
    expect(run.code).toBe(0);
    const written = readFileSync(join(cwd, ".env.local"), "utf8");
    expect(written).toContain(`THETA_ONDEMAND_API_BASE_URL=${sim.baseUrls.ondemand}`);
    expect(written).toContain("THETA_ALLOW_INSECURE_LOOPBACK=1");
    expect(run.stdout + run.stderr).not.toContain(CANARY);
    // The written file is enough on its own: the checklist is ready with no other variable.
    const checklist = await cli(["theta.setup", "--json"], { cwd });
    expect(JSON.parse(checklist.stdout)).toMatchObject({ ready: true, allowInsecureLoopback: true });
  });

  it("still refuses plain http:// to a host that is not loopback", async () => {
    const cwd = mkdtempSync(join(dir, "setup-remote-"));
    const run = await cli(["setup"], { cwd, input: `${CANARY}\nhttp://example.com\nn\n2\n` });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("THETA_ONDEMAND_API_BASE_URL");
    expect(run.stdout + run.stderr).not.toContain(CANARY);
  });
});
