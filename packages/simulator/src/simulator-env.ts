/**
 * The environment that points every family's client at a running simulator: one base-URL variable per
 * server (the first of `SERVERS[server].env`), the credentials of every simulated family (the first
 * variable of each credential in `@theta/core`), and the loopback opt-in the clients need for plain
 * `http://127.0.0.1`. The bin prints it as `export` lines; tests can pass it as a client's `env`.
 */
import { ALLOW_INSECURE_LOOPBACK_VARIABLE, FAMILIES, SERVERS } from "@theta/core";
import type { Simulator } from "./types.js";

export function simulatorEnv(simulator: Pick<Simulator, "baseUrls" | "credentials">): Record<string, string> {
  const env: Record<string, string> = {};
  for (const server of Object.values(SERVERS)) {
    const [variable] = server.env;
    if (variable !== undefined) env[variable] = simulator.baseUrls[server.name];
  }
  for (const [family, values] of Object.entries<Readonly<Record<string, string>>>(simulator.credentials)) {
    const spec = Object.values(FAMILIES).find((candidate) => candidate.family === family);
    for (const [key, value] of Object.entries(values)) {
      const variable = spec?.credentials.find((credential) => credential.key === key)?.env[0];
      // A base URL that is also a credential (a dedicated endpoint) keeps the server's value.
      if (variable !== undefined && !(variable in env)) env[variable] = value;
    }
  }
  env[ALLOW_INSECURE_LOOPBACK_VARIABLE] = "1";
  return env;
}
