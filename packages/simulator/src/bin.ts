#!/usr/bin/env node
import { banner } from "./banner.js";
import { parseArgs, USAGE, UsageError } from "./cli.js";
import { startSimulator } from "./server.js";
import { startupFailureMessage } from "./startup-failure.js";
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
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  try {
    sim = await startSimulator(options);
  } catch (error) {
    process.stderr.write(`theta-simulator: ${startupFailureMessage(error, options.port ?? 4010)}\n`);
    process.exit(1);
  }
  process.stdout.write(`${banner(sim).join("\n")}\n`);
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
