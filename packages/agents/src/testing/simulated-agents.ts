/** An agents client pointed at a fresh simulator (real loopback HTTP), closed after each test. */
import { type Simulator, type SimulatorOptions, simulatorEnv, startSimulator } from "@theta/simulator";
import { afterEach } from "vitest";
import { type AgentsClient, type AgentsClientOptions, createAgentsClient } from "../client.js";

const running: Simulator[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((simulator) => simulator.close()));
});

export interface SimulatedAgents {
  readonly simulator: Simulator;
  readonly client: AgentsClient;
  /** Another client of the same simulator, e.g. under dry-run. */
  clientWith(options: AgentsClientOptions): AgentsClient;
}

export async function simulatedAgents(options: SimulatorOptions = {}): Promise<SimulatedAgents> {
  const simulator = await startSimulator({ seed: 4242, ...options });
  running.push(simulator);
  const env = simulatorEnv(simulator);
  const clientWith = (clientOptions: AgentsClientOptions) =>
    createAgentsClient({ env, maxRetries: 0, ...clientOptions });
  return { simulator, client: clientWith({}), clientWith };
}
