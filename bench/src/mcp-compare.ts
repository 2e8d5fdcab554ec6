/**
 * `theta-mcp` against a bare MCP SDK server (`mcp-bare-server.ts`) making the same HTTP call and
 * giving the same answer (text and structuredContent), both over stdio from the MCP SDK's own
 * client, side by side:
 * - the round trip of a `list_services` call (one call per side per round, every order, as the
 *   catalog row), with a second bare server as the A/A control;
 * - the same against a catalog that changes on every call (`changing-catalog-server.ts`), so that
 *   theta-mcp makes every answer anew: what a first or changed catalog costs (no target);
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
import { type ChildServer, startChangingCatalogProcess, startSimulatorProcess } from "./servers.js";
import { interleaved, median } from "./stats.js";

const WARMUP_CALLS = 300;
/** A multiple of the 6 orders. */
const ROUNDS = 1200;
/** Rounds of the changing-catalog row (a multiple of the 6 orders): it tells a cost, it has no target. */
const CHANGING_ROUNDS = 600;
/** Fresh processes per side for the start-up row. */
const STARTS = 25;

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

/** The bare server answering what `answerFile` holds. */
function bareSide(answerFile: string): Side {
  return {
    command: process.execPath,
    args: [fileURLToPath(new URL("./mcp-bare-server.js", import.meta.url)), answerFile],
  };
}

/** Where a round-trip row keeps theta-mcp's answer for the bare servers. */
function answerFileOf(scratch: string, steady: boolean): string {
  return join(scratch, `answer-${steady ? "steady" : "changing"}.json`);
}

/** The environment of both servers: the catalog at `baseUrl`. */
function serverEnv(baseUrl: string): Record<string, string> {
  return { THETA_API_BASE_URL: baseUrl, THETA_ALLOW_INSECURE_LOOPBACK: "1", PATH: process.env.PATH ?? "" };
}

interface RoundTrip {
  readonly label: string;
  /** The catalog's base URL. */
  readonly baseUrl: string;
  /** Whether the catalog answers the same text every time (then the bare server's text must equal theta-mcp's). */
  readonly steady: boolean;
  readonly rounds: number;
  /** `undefined`: a row shown for what it tells, without a target. */
  readonly target: number | undefined;
}

/** One round-trip row: theta-mcp against two bare servers given its answer, one call per side per round. */
async function roundTrip(scratch: string, theta: Side, options: RoundTrip): Promise<Row> {
  const env = serverEnv(options.baseUrl);
  const clients: Client[] = [];
  try {
    const thetaClient = await connect(theta, env);
    clients.push(thetaClient);
    // As a client does: the tool list first (it also makes the client check structuredContent).
    const listed = await thetaClient.listTools();
    const call = { name: "list_services", arguments: {} };
    const result = await thetaClient.callTool(call);
    const answer = textOf(result);
    if (result.isError) throw new Error(`theta-mcp answered an error: ${answer}`);
    // Against the changing catalog, the first answer carries the first call's number.
    if (!options.steady && !answer.includes("Call 1."))
      throw new Error("theta-mcp's answer is not the changing catalog");
    // The whole answer, text and structuredContent, with the tool's outputSchema: both clients then do
    // the same work with it (parse, validate), and only the servers' work behind it differs.
    const answerFile = answerFileOf(scratch, options.steady);
    writeFileSync(
      answerFile,
      JSON.stringify({
        result: { content: result.content, structuredContent: result.structuredContent },
        outputSchema: listed.tools.find((tool) => tool.name === call.name)?.outputSchema,
      }),
    );
    const bare = bareSide(answerFile);
    const bareClient = await connect(bare, env);
    const bareAgainClient = await connect(bare, env);
    clients.push(bareClient, bareAgainClient);
    for (const client of [bareClient, bareAgainClient]) {
      await client.listTools();
      const text = textOf(await client.callTool(call));
      if (options.steady && text !== answer) throw new Error("the bare server's text differs");
    }
    const sides = [thetaClient, bareClient, bareAgainClient].map((client) => async () => {
      await client.callTool(call);
    });
    for (let i = 0; i < WARMUP_CALLS; i++) for (const side of sides) await side();
    const [a, b, c] = await interleaved(options.rounds, sides);
    const ratio = median(a!) / median(b!);
    const control = median(c!) / median(b!);
    return {
      name: `${options.label} (${Buffer.byteLength(answer)} B text)`,
      sdk: `${formatNumber(median(a!), 3)} ms`,
      baseline: `${formatNumber(median(b!), 3)} ms`,
      ratio: `${formatNumber(ratio)}x`,
      control: `${formatNumber(control)}x`,
      target: options.target === undefined ? "none" : `<= ${formatNumber(options.target)}x`,
      pass: options.target === undefined ? undefined : ratio <= options.target,
      noisy: isNoisy(control),
      method: `MCP SDK client over stdio, both servers child processes; the bare server gives theta-mcp's answer (text and structuredContent, same outputSchema); ${WARMUP_CALLS} warm-up calls per side, ${options.rounds} rounds of one call per side in every order, medians; A/A: a second bare server.`,
    };
  } finally {
    for (const client of clients) await client.close().catch(() => undefined);
  }
}

export async function benchMcp(): Promise<Row[]> {
  const simulator = await startSimulatorProcess();
  const scratch = mkdtempSync(join(tmpdir(), "theta-bench-mcp-"));
  const env = serverEnv(simulator.url);
  let changing: ChildServer | undefined;
  try {
    const theta: Side = { command: process.execPath, args: [thetaMcpBin()] };
    const repeated = await roundTrip(scratch, theta, {
      label: "theta-mcp list_services round trip vs bare MCP SDK server",
      baseUrl: simulator.url,
      steady: true,
      rounds: ROUNDS,
      target: 1.1,
    });
    // The same call against a catalog that changes on every call: every answer is made anew.
    const catalogFile = join(scratch, "catalog.json");
    writeFileSync(catalogFile, await (await fetch(`${simulator.url}/service/list`)).text());
    changing = await startChangingCatalogProcess(catalogFile);
    const renewed = await roundTrip(scratch, theta, {
      label: "the same, the catalog changing on every call",
      baseUrl: changing.url,
      steady: false,
      rounds: CHANGING_ROUNDS,
      target: undefined,
    });

    const bare = bareSide(answerFileOf(scratch, true));
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
      method: `spawn to the end of the initialize handshake, ${STARTS} fresh processes per side, alternating which goes first; medians.`,
    };
    return [repeated, renewed, startUp];
  } finally {
    changing?.close();
    rmSync(scratch, { recursive: true, force: true });
    simulator.close();
  }
}
