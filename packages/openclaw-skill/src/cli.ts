#!/usr/bin/env node
/**
 * `theta`: run any registry command from the shell. See `theta --help` for usage and exit codes.
 */
import { runCli } from "./cli-main.js";

const controller = new AbortController();
let interrupted = false;
process.on("SIGINT", () => {
  if (interrupted) process.exit(130);
  interrupted = true;
  controller.abort();
});

runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
}).then(
  (code) => {
    process.exitCode = interrupted && code !== 0 ? 130 : code;
  },
  () => {
    process.stderr.write("theta: unexpected failure\n");
    process.exitCode = 1;
  },
);
