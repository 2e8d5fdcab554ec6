/** On-demand smoke checks: the catalog, then one check per service in `SERVICES`. */
import { createOndemandClient, type OndemandClient } from "@theta/ondemand";
import type { SmokeFamily, SmokeRun } from "../../smoke-family.js";
import { runCatalogCheck, runServiceCheck } from "./checks.js";

function clientFor(run: SmokeRun): OndemandClient {
  if (!run.simulator) {
    const client = createOndemandClient({ budget: run.budget });
    run.note(`Target: ${client.baseUrl} (live), cap $${run.settings.maxBudgetUsd.toFixed(2)}`);
    return client;
  }
  const client = createOndemandClient({
    baseUrl: run.simulator.baseUrls.ondemand,
    apiToken: run.simulator.credentials.ondemand.apiToken,
    allowInsecureLoopback: true,
    budget: run.budget,
    env: {},
  });
  run.note(`Target: built-in simulator at ${client.baseUrl}, cap $${run.settings.maxBudgetUsd.toFixed(2)}`);
  return client;
}

export const ondemandSmoke: SmokeFamily = {
  family: "ondemand",
  async run(run) {
    const client = clientFor(run);
    run.record(await runCatalogCheck(client, run.budget));
    for (const service of run.settings.services) {
      run.progress(`${service}: starting`);
      run.record(await runServiceCheck(client, run.budget, service, run.settings, run.progress));
    }
  },
};
