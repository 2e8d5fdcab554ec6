import { type Simulator, startSimulator } from "@theta/simulator";

/** A token the simulator accepts; it must never show up in any result, error or log. */
export const CANARY = "canary-tok-9f2c7e51d3b84a06";

export async function simulator(): Promise<Simulator> {
  return startSimulator({ quiet: true, seed: 7 });
}

/** Env with only the on-demand family configured, pointed at the simulator over loopback. */
export function ondemandEnv(sim: Simulator, extra: Record<string, string> = {}): Record<string, string> {
  return {
    THETA_ONDEMAND_API_TOKEN: CANARY,
    THETA_ONDEMAND_API_BASE_URL: sim.baseUrls.ondemand,
    THETA_ALLOW_INSECURE_LOOPBACK: "1",
    ...extra,
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
