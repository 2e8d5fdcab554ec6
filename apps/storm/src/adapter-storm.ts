/**
 * Hostile JSON into the adapters: prototype-named keys through the `theta` CLI and the `theta-mcp`
 * server (a real stdio exchange). Each input must be refused before any request; nothing may print
 * the canary secret.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { HostileServer } from "./hostile-server.js";

export interface AdapterOutcome {
  readonly adapter: "cli" | "mcp";
  readonly input: string;
  /** Refused with a usage/validation error before any request. */
  readonly refused: boolean;
  readonly leaked: boolean;
  readonly detail: string;
}

/** Inputs whose keys name Object.prototype members; every one must be refused. */
export const PROTOTYPE_INPUTS: readonly string[] = [
  '{"requestId":"infr_rqst_storm","__proto__":{"intervalMs":1,"timeoutMs":99999999}}',
  '{"requestId":"infr_rqst_storm","toString":1}',
  '{"requestId":"infr_rqst_storm","constructor":{"prototype":{"polluted":true}}}',
  '{"requestId":"infr_rqst_storm","hasOwnProperty":"x"}',
];

function skillBin(name: "cli.js" | "mcp.js"): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("@theta/openclaw-skill/package.json")), "dist", name);
}

function environment(server: HostileServer, canary: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    THETA_ONDEMAND_API_TOKEN: canary,
    THETA_ONDEMAND_API_BASE_URL: `${server.url}/ok`,
    THETA_ALLOW_INSECURE_LOOPBACK: "1",
    THETA_HTTP_TIMEOUT_MS: "2000",
  };
}

/** Runs the CLI without blocking this process: the hostile server it talks to lives here. */
function runCli(server: HostileServer, canary: string, input: string): Promise<AdapterOutcome> {
  const child = spawn(
    process.execPath,
    [skillBin("cli.js"), "theta.ondemand.pollUntilDone", "--json", input],
    {
      env: environment(server, canary),
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout.setEncoding("utf8");
  child.stderr.setEncoding("utf8");
  child.stdout.on("data", (text: string) => {
    output += text;
  });
  child.stderr.on("data", (text: string) => {
    output += text;
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  return new Promise((resolve) => {
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({
        adapter: "cli",
        input,
        refused: status === 2,
        leaked: output.includes(canary),
        detail: `exit ${status}: ${output.trim().split("\n")[0]?.slice(0, 160) ?? ""}`,
      });
    });
  });
}

/** One MCP session: initialize, then one tools/call per input; answers read line by line. */
async function runMcp(
  server: HostileServer,
  canary: string,
  inputs: readonly string[],
): Promise<AdapterOutcome[]> {
  const child = spawn(process.execPath, [skillBin("mcp.js")], {
    env: environment(server, canary),
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (text: string) => {
    stderr += text;
  });
  const answers = new Map<number, string>();
  const waiting = new Map<number, (line: string) => void>();
  let buffer = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (text: string) => {
    buffer += text;
    let newline = buffer.indexOf("\n");
    while (newline >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf("\n");
      const id = (JSON.parse(line) as { id?: number }).id;
      if (typeof id !== "number") continue;
      answers.set(id, line);
      waiting.get(id)?.(line);
    }
  });
  const request = (id: number, method: string, params: unknown): Promise<string> => {
    const answer = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`theta-mcp did not answer request ${id}`)), 20_000);
      waiting.set(id, (line) => {
        clearTimeout(timer);
        resolve(line);
      });
    });
    child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id, method, params })}\n`);
    return answer;
  };
  try {
    await request(1, "initialize", {
      protocolVersion: "2025-06-18",
      capabilities: {},
      clientInfo: { name: "theta-storm", version: "0" },
    });
    child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n`);
    const outcomes: AdapterOutcome[] = [];
    let id = 2;
    for (const input of inputs) {
      // The raw text, so the key reaches the server exactly as a hostile client sends it.
      const line = `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":"theta.ondemand.pollUntilDone","arguments":${input}}}\n`;
      const answer = new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("theta-mcp did not answer a tools/call")), 20_000);
        waiting.set(id, (text) => {
          clearTimeout(timer);
          resolve(text);
        });
      });
      child.stdin.write(line);
      const text = await answer;
      const parsed = JSON.parse(text) as { result?: { isError?: boolean }; error?: unknown };
      outcomes.push({
        adapter: "mcp",
        input,
        refused: parsed.error !== undefined || parsed.result?.isError === true,
        leaked: text.includes(canary) || stderr.includes(canary),
        detail: text.slice(0, 200),
      });
      id++;
    }
    return outcomes;
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("close", resolve));
    child.stdin.destroy();
    child.stdout.destroy();
    child.stderr.destroy();
  }
}

export async function runAdapterStorm(server: HostileServer, canary: string): Promise<AdapterOutcome[]> {
  const outcomes: AdapterOutcome[] = [];
  for (const input of PROTOTYPE_INPUTS) outcomes.push(await runCli(server, canary, input));
  outcomes.push(...(await runMcp(server, canary, PROTOTYPE_INPUTS)));
  return outcomes;
}
