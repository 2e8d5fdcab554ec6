import {
  ALLOW_INSECURE_LOOPBACK_VARIABLE,
  envFlag,
  FAMILIES,
  resolveBaseUrl,
  resolveCredentials,
  SERVERS,
  serverAsSource,
} from "@theta/core";
import { describe, expect, it } from "vitest";
import { banner } from "./banner.js";
import { FAMILY_MODULES, simulatorEnv } from "./index.js";
import { start } from "./testing/simulator-start.js";

describe("the environment that points every family at the simulator", () => {
  it("resolves every server's base URL and every simulated family's credentials to the simulator", async () => {
    const sim = await start();
    const env = simulatorEnv(sim);
    expect(env[ALLOW_INSECURE_LOOPBACK_VARIABLE]).toBe("1");
    const allowInsecureLoopback = envFlag(env, ALLOW_INSECURE_LOOPBACK_VARIABLE) === true;
    for (const server of Object.values(SERVERS)) {
      expect(resolveBaseUrl(serverAsSource(server), { env, allowInsecureLoopback }), server.name).toBe(
        sim.baseUrls[server.name],
      );
    }
    for (const module of FAMILY_MODULES) {
      const resolved = await resolveCredentials(FAMILIES[module.family], { env });
      expect(resolved.values).toMatchObject(sim.credentials[module.family]);
    }
    expect(env.THETA_ONDEMAND_API_TOKEN).toBe(sim.credentials.ondemand.apiToken);
    expect(env.THETA_EC_API_KEY).toBe(sim.credentials.controller.apiKey);
    expect(env.THETA_EC_PROJECT_ID).toBe(sim.credentials.controller.projectId);
    expect(env.THETA_ORG_ID).toBe(sim.credentials.controller.orgId);
    // The standing dedicated endpoint: the inference base URL itself, with its Basic auth and model.
    expect(env.THETA_INFERENCE_ENDPOINT).toBe(sim.baseUrls.inference);
    expect(env.THETA_INFERENCE_AUTH_USER).toBe(sim.credentials.inference.authUser);
    expect(env.THETA_INFERENCE_AUTH_PASS).toBe(sim.credentials.inference.authPass);
    expect(env.THETA_INFERENCE_MODEL).toBe(sim.credentials.inference.model);
  });

  it("is what the bin prints as export lines, with the base URLs and credentials", async () => {
    const sim = await start();
    const lines = banner(sim);
    expect(lines[0]).toBe(`theta-simulator listening on ${sim.url} (seed ${sim.seed})`);
    const exports = lines
      .filter((line) => line.startsWith("  export "))
      .map((line) => line.slice("  export ".length));
    expect(exports).toEqual(Object.entries(simulatorEnv(sim)).map(([name, value]) => `${name}=${value}`));
    expect(exports).toContain("THETA_ALLOW_INSECURE_LOOPBACK=1");
    expect(exports).toContain(`THETA_ONDEMAND_API_BASE_URL=${sim.baseUrls.ondemand}`);
    expect(lines).toContain(`  ondemand credentials: apiToken=${sim.credentials.ondemand.apiToken}`);
    expect(lines).toContain(`  controller       ${sim.baseUrls.controller}`);
    expect(lines).toContain(`  platform         ${sim.baseUrls.platform}`);
    expect(lines).toContain(`  inference        ${sim.baseUrls.inference}`);
    expect(lines).toContain(`  video            ${sim.baseUrls.video}  (not simulated yet)`);
    expect(exports).toContain(`THETA_EC_API_KEY=${sim.credentials.controller.apiKey}`);
    expect(exports).toContain(`THETA_INFERENCE_AUTH_USER=${sim.credentials.inference.authUser}`);
    expect(lines).toContain(`  ondemand         ${sim.baseUrls.ondemand}`);
    expect(lines).toContain(`  storage          ${sim.baseUrls.storage}`);
  });
});
