#!/usr/bin/env node
import { parseArgs, USAGE, UsageError } from "./cli.js";
import { startSimulator } from "./server.js";
import type { SimulatorOptions } from "./types.js";

async function main(): Promise<void> {
  let options: SimulatorOptions | "help";
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`theta-simulator: ${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    throw error;
  }
  if (options === "help") {
    process.stdout.write(USAGE);
    return;
  }
  const sim = await startSimulator(options);
  const lines = [
    `theta-simulator listening on ${sim.url} (seed ${sim.seed})`,
    ...Object.entries(sim.baseUrls).map(([family, url]) => `  ${family.padEnd(10)} ${url}`),
    `  on-demand token: ${sim.tokens.ondemand}  (any non-empty Bearer token works except "invalid" and "expired")`,
    "",
    `  export THETA_ONDEMAND_API_BASE_URL=${sim.baseUrls.ondemand}`,
    `  export THETA_ONDEMAND_API_TOKEN=${sim.tokens.ondemand}`,
    "",
    "Press Ctrl-C to stop.",
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`theta-simulator: ${signal}, shutting down\n`);
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`theta-simulator: ${message}\n`);
  process.exit(1);
});
