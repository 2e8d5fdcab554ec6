/**
 * `pnpm storm`: the fault storm. Drives the built packages against a hostile loopback server (every
 * scenario of scenarios.ts through every call path), the spend cap under concurrency, and hostile
 * JSON into the CLI and MCP server; prints the figures and exits 1 on any defect: an untyped error,
 * an unhandled rejection, a hang, a billable call sent again after it may have run, an admission
 * while the books were over the cap, a leaked secret, a prototype key accepted, a handle left open,
 * or memory that grew past its bound. Bounded in time: it gives up after STORM_DEADLINE_MS.
 */
import { runAdapterStorm } from "./adapter-storm.js";
import { runCapStorm } from "./cap-storm.js";
import { startHostileServer } from "./hostile-server.js";
import { runLedgerStorm } from "./ledger-storm.js";
import { runLibraryStorm } from "./library-storm.js";

const STORM_DEADLINE_MS = 5 * 60_000;
/** Peak RSS growth allowed while bombs and oversized answers are read (they are capped at 8 MiB each). */
const RSS_GROWTH_BOUND_MIB = 512;

const deadline = setTimeout(() => {
  console.error("storm: did not finish within its deadline: a call hangs");
  process.exit(1);
}, STORM_DEADLINE_MS);
deadline.unref();

let unhandledRejections = 0;
process.on("unhandledRejection", (reason) => {
  unhandledRejections++;
  console.error("storm: unhandled rejection:", reason);
});

const canary = `storm-canary-${Math.random().toString(36).slice(2)}-${Date.now().toString(36)}`;
// process.stdout and stderr are made on first use (a pipe handle when output is piped): make them
// before the baseline, so they do not count as left open.
void process.stdout.writable;
void process.stderr.writable;
const baselineResources = new Set(process.getActiveResourcesInfo());
const rssBefore = process.memoryUsage().rss;
let rssPeak = rssBefore;
const sampler = setInterval(() => {
  rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
}, 25);

const started = performance.now();
const server = await startHostileServer();
const calls = await runLibraryStorm(server, canary);
const cap = await runCapStorm(server);
const adapters = await runAdapterStorm(server, canary);
const ledger = await runLedgerStorm();
await server.close();
clearInterval(sampler);

let doubleSends = 0;
for (const attempt of server.attempts.values()) doubleSends += attempt.afterMayHaveRun;
// Give closed sockets and child processes a moment to be released before counting what is left.
await new Promise((resolve) => setTimeout(resolve, 300));
const leftOpen = process
  .getActiveResourcesInfo()
  .filter((name) => !baselineResources.has(name) && name !== "Timeout" && name !== "TTYWrap");
const leakedHandles = leftOpen.length;

const count = (kind: string) => calls.filter((call) => call.kind === kind).length;
const growthMiB = (rssPeak - rssBefore) / (1024 * 1024);
const figures: [string, string | number, boolean][] = [
  ["library calls", calls.length, true],
  ["  succeeded", count("ok"), true],
  ["  typed errors", count("typed"), true],
  ["  untyped errors", count("untyped"), count("untyped") === 0],
  ["  hangs", count("hang"), count("hang") === 0],
  [
    "  secrets in results or errors",
    calls.filter((call) => call.leaked).length,
    calls.every((call) => !call.leaked),
  ],
  ["billable calls re-sent after they may have run", doubleSends, doubleSends === 0],
  ["unhandled rejections", unhandledRejections, unhandledRejections === 0],
  [
    "cap: calls / admitted / refused",
    `${cap.calls} / ${cap.admitted} / ${cap.refused}`,
    cap.otherErrors === 0,
  ],
  ["cap: spent against the cap", `$${cap.spentUsd.toFixed(2)} of $${cap.capUsd.toFixed(2)}`, true],
  [
    "cap: overshoot reported (bound)",
    `$${cap.overshootUsd.toFixed(2)} ($${cap.overshootBoundUsd.toFixed(2)})`,
    Math.abs(cap.overshootUsd - Math.max(0, cap.spentUsd - cap.capUsd)) < 1e-9 &&
      cap.overshootUsd <= cap.overshootBoundUsd + 1e-9,
  ],
  ["cap: admitted while over the cap", cap.admittedWhileOver, cap.admittedWhileOver === 0],
  ["file ledger: processes / SIGSTOP pauses", `${ledger.processes} / ${ledger.pauses}`, ledger.pauses > 0],
  [
    "file ledger: admitted = recorded <= cap",
    `$${ledger.admittedUsd.toFixed(2)} = $${ledger.recordedUsd.toFixed(2)} <= $${ledger.capUsd.toFixed(2)}`,
    ledger.admittedUsd === ledger.recordedUsd && ledger.recordedUsd <= ledger.capUsd,
  ],
  ["file ledger: files left behind", ledger.leftovers.length, ledger.leftovers.length === 0],
  [
    "prototype keys refused (CLI + MCP)",
    `${adapters.filter((a) => a.refused).length} of ${adapters.length}`,
    adapters.every((a) => a.refused),
  ],
  [
    "secrets printed by the adapters",
    adapters.filter((a) => a.leaked).length,
    adapters.every((a) => !a.leaked),
  ],
  ["leaked handles", leakedHandles, leakedHandles === 0],
  ["peak RSS growth", `${growthMiB.toFixed(0)} MiB`, growthMiB <= RSS_GROWTH_BOUND_MIB],
  ["time", `${((performance.now() - started) / 1000).toFixed(1)} s`, true],
];
const width = Math.max(...figures.map(([name]) => name.length));
console.log("\nFault storm (pnpm storm)\n");
for (const [name, value, ok] of figures)
  console.log(`${name.padEnd(width)}  ${String(value).padEnd(18)} ${ok ? "" : "DEFECT"}`);

const defects = figures.filter(([, , ok]) => !ok);
if (defects.length > 0) {
  console.log("\nDefects:");
  for (const call of calls.filter((c) => c.kind === "untyped" || c.kind === "hang" || c.leaked)) {
    console.log(
      `  ${call.scenario} ${call.path}: ${call.kind}${call.leaked ? " (leaked)" : ""} ${call.detail}`,
    );
  }
  for (const adapter of adapters.filter((a) => !a.refused || a.leaked)) {
    console.log(`  ${adapter.adapter} ${adapter.input}: ${adapter.detail}`);
  }
  if (leakedHandles > 0) console.log(`  left open: ${leftOpen.join(", ")}`);
  if (cap.otherErrors > 0)
    console.log(`  cap storm: ${cap.otherErrors} calls failed with something other than the cap`);
}
// Per scenario and path, how calls ended: the evidence behind the counts.
const byScenario = new Map<string, string[]>();
for (const call of calls) {
  const list = byScenario.get(call.scenario) ?? [];
  list.push(`${call.path}=${call.kind === "typed" ? call.detail.split(":")[1] || call.detail : call.kind}`);
  byScenario.set(call.scenario, list);
}
if (process.env.STORM_VERBOSE === "1") {
  for (const [scenario, list] of byScenario) console.log(`  ${scenario}: ${[...new Set(list)].join(" ")}`);
}
console.log(defects.length === 0 ? "\nstorm: no defects" : `\nstorm: ${defects.length} defect line(s)`);
process.exit(defects.length === 0 ? 0 : 1);
