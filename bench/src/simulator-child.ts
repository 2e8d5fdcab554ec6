/**
 * The simulator with its simulated delays at zero (`node simulator-child.js`), for the benchmarks that
 * compare clients on its routes: with the default chat pacing every client would wait for the same
 * sleeps and the comparison would measure the server's clock. Prints the on-demand base URL.
 */
import { startSimulator } from "@theta/simulator";

const simulator = await startSimulator({
  port: 0,
  quiet: true,
  timing: { jobMs: 0, pendingMs: 0, chatTokenDelayMs: 0, firstTokenDelayMs: 0 },
});
console.log(simulator.baseUrls.ondemand);
process.on("SIGTERM", () => {
  void simulator.close().then(() => process.exit(0));
});
