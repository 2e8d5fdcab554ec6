import { ThetaApiError, ThetaConfigError } from "@theta/core";
import type { Simulator } from "@theta/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeCommand } from "./registry.js";
import { ondemandEnv, simulator } from "./testing/helpers.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await simulator();
});
afterAll(async () => {
  await sim?.close();
});

const CHAT = { messages: [{ role: "user", content: "hi" }], stream: false };

async function failure(run: Promise<unknown>): Promise<unknown> {
  return run.then(
    () => {
      throw new Error("expected a failure");
    },
    (error: unknown) => error,
  );
}

describe("redaction replaces secrets and nothing else", () => {
  it("a token that is a plain word does not redact that word, host names or credential names", async () => {
    const rejected = await failure(
      executeCommand("theta.ondemand.chat", CHAT, {
        env: ondemandEnv(sim, { THETA_ONDEMAND_API_TOKEN: "invalid" }),
      }),
    );
    expect(ThetaApiError.isInstance(rejected)).toBe(true);
    expect((rejected as Error).message).toContain("HTTP 401 invalid on-demand API token");
    expect((rejected as Error).message).not.toContain("[REDACTED]");

    // Later messages in the same process are untouched too.
    const missing = await failure(executeCommand("theta.ondemand.chat", CHAT, { env: {} }));
    expect(ThetaConfigError.isInstance(missing)).toBe(true);
    const json = (missing as ThetaConfigError).toJSON();
    expect(json).toMatchObject({
      code: "missing_credential",
      credential: "apiToken",
      envNames: ["THETA_ONDEMAND_API_TOKEN", "THETA_ONDEMAND_API_KEY", "THETA_API_KEY"],
    });
    expect(JSON.stringify(json)).not.toContain("[REDACTED]");
    expect((missing as Error).message).toContain("https://www.thetaedgecloud.com/dashboard/api-keys");
  });

  it("a host-name-like token leaves the host names alone", async () => {
    const env = ondemandEnv(sim, { THETA_ONDEMAND_API_TOKEN: "thetaedgecloud.com" });
    await executeCommand("theta.ondemand.listServices", {}, { env });
    const missing = await failure(executeCommand("theta.ondemand.chat", CHAT, { env: {} }));
    expect((missing as Error).message).toContain("https://www.thetaedgecloud.com/dashboard/api-keys");
  });
});
