/**
 * `theta-mcp` against a bare MCP SDK server (`mcp-bare-server.ts`) making the same HTTP call and
 * answering the same text, both over stdio from the MCP SDK's own client, side by side:
 * - the round trip of a `list_services` call (one call per side per round, every order, as the
 *   catalog row), with a second bare server as the A/A control;
 * - start-up: spawning the server and connecting (the `initialize` handshake) until the client can
 *   call, one fresh process per sample, alternating which goes first.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { formatNumber, isNoisy, type Row } from "./row.js";
import { startSimulatorProcess } from "./servers.js";
import { interleaved, median } from "./stats.js";

const WARMUP_CALLS = 300;
/** A multiple of the 6 orders. */
const ROUNDS = 1200;
/** Fresh processes per side for the start-up row. */
const STARTS = 15;

interface Side {
  readonly command: string;
  readonly args: readonly string[];
}

function thetaMcpBin(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("@theta/openclaw-skill/package.json")), "dist", "mcp.js");
}

async function connect(side: Side, env: Record<string, string>): Promise<Client> {
  const transport = new StdioClientTransport({
    command: side.command,
    args: [...side.args],
    env,
    stderr: "ignore",
  });
  const client = new Client({ name: "bench", version: "0.0.0" });
  await client.connect(transport);
  return client;
}

function textOf(result: unknown): string {
  const content = (result as { content?: { text?: string }[] }).content ?? [];
  return content.map((part) => part.text ?? "").join("");
}

export async function benchMcp(): Promise<Row[]> {
  const simulator = await startSimulatorProcess();
  const scratch = mkdtempSync(join(tmpdir(), "theta-bench-mcp-"));
  const env = {
    THETA_API_BASE_URL: simulator.url,
    THETA_ALLOW_INSECURE_LOOPBACK: "1",
    PATH: process.env.PATH ?? "",
  };
  const clients: Client[] = [];
  try {
    const theta: Side = { command: process.execPath, args: [thetaMcpBin()] };
    const thetaClient = await connect(theta, env);
    clients.push(thetaClient);
    // As a client does: the tool list first (it also makes the client check structuredContent).
    await thetaClient.listTools();
    const call = { name: "list_services", arguments: {} };
    const answer = textOf(await thetaClient.callTool(call));
    const answerFile = join(scratch, "answer.txt");
    writeFileSync(answerFile, answer);
    const bare: Side = {
      command: process.execPath,
      args: [fileURLToPath(new URL("./mcp-bare-server.js", import.meta.url)), answerFile],
    };
    const bareClient = await connect(bare, env);
    const bareAgainClient = await connect(bare, env);
    clients.push(bareClient, bareAgainClient);
    for (const client of [bareClient, bareAgainClient]) {
      await client.listTools();
      if (textOf(await client.callTool(call)) !== answer) throw new Error("the bare server's text differs");
    }
    const sides = [thetaClient, bareClient, bareAgainClient].map((client) => async () => {
      await client.callTool(call);
    });
    for (let i = 0; i < WARMUP_CALLS; i++) for (const side of sides) await side();
    const [a, b, c] = await interleaved(ROUNDS, sides);
    const ratio = median(a!) / median(b!);
    const control = median(c!) / median(b!);
    const roundTrip: Row = {
      name: `theta-mcp list_services round trip vs bare MCP SDK server (${Buffer.byteLength(answer)} B text)`,
      sdk: `${formatNumber(median(a!), 3)} ms`,
      baseline: `${formatNumber(median(b!), 3)} ms`,
      ratio: `${formatNumber(ratio)}x`,
      control: `${formatNumber(control)}x`,
      target: "<= 1.10x",
      pass: ratio <= 1.1,
      noisy: isNoisy(control),
    };
    for (const client of clients.splice(0)) await client.close();

    const starts: [number[], number[], number[]] = [[], [], []];
    const startOnce = async (side: Side): Promise<number> => {
      const t0 = performance.now();
      const client = await connect(side, env);
      const elapsed = performance.now() - t0;
      await client.close();
      return elapsed;
    };
    for (let i = 0; i < STARTS; i++) {
      // Alternate which side starts first, so that neither always runs on a machine the other warmed.
      const order: [Side, number][] =
        i % 2 === 0
          ? [
              [theta, 0],
              [bare, 1],
              [bare, 2],
            ]
          : [
              [bare, 1],
              [bare, 2],
              [theta, 0],
            ];
      for (const [side, index] of order) starts[index]!.push(await startOnce(side));
    }
    const startRatio = median(starts[0]) / median(starts[1]);
    const startControl = median(starts[2]) / median(starts[1]);
    const startUp: Row = {
      name: "theta-mcp start-up (spawn + initialize) vs bare MCP SDK server",
      sdk: `${formatNumber(median(starts[0]), 1)} ms`,
      baseline: `${formatNumber(median(starts[1]), 1)} ms`,
      ratio: `${formatNumber(startRatio)}x`,
      control: `${formatNumber(startControl)}x`,
      target: "<= 1.10x",
      pass: startRatio <= 1.1,
      noisy: isNoisy(startControl),
    };
    return [roundTrip, startUp];
  } finally {
    for (const client of clients) await client.close().catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
    simulator.close();
  }
}
