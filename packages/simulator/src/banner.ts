import { REJECTED_CREDENTIALS } from "./authenticate.js";
import { FAMILY_MODULES } from "./families/index.js";
import type { AnyFamilyModule } from "./families/module.js";
import { simulatorEnv } from "./simulator-env.js";
import { STORAGE_HOST } from "./storage-host.js";
import type { Simulator } from "./types.js";

const MODULES: readonly AnyFamilyModule[] = FAMILY_MODULES;

/** Servers some module's spec sends operations to (the others answer 404 "not simulated yet"). */
const SIMULATED_SERVERS = new Set<string>([
  STORAGE_HOST,
  ...MODULES.flatMap((module) => Object.values(module.spec.operations).map((operation) => operation.server)),
]);

/** What the bin prints once listening: base URLs, credentials, and the `export` lines to paste. */
export function banner(sim: Simulator): string[] {
  const rejected = [...REJECTED_CREDENTIALS].map((value) => `"${value}"`).join(" and ");
  return [
    `theta-simulator listening on ${sim.url} (seed ${sim.seed})`,
    ...Object.entries(sim.baseUrls).map(
      ([server, url]) =>
        `  ${server.padEnd(16)} ${url}${SIMULATED_SERVERS.has(server) ? "" : "  (not simulated yet)"}`,
    ),
    ...Object.entries<Readonly<Record<string, string>>>(sim.credentials).map(
      ([family, values]) =>
        `  ${family} credentials: ${Object.entries(values)
          .map(([key, value]) => `${key}=${value}`)
          .join(" ")}`,
    ),
    `  (any other non-empty credential is accepted too, except ${rejected})`,
    "",
    ...Object.entries(simulatorEnv(sim)).map(([name, value]) => `  export ${name}=${value}`),
    "",
    "Press Ctrl-C to stop.",
  ];
}
