/**
 * When `theta.setup` says ready: one family with commands fully configured is enough; a family the user
 * has not started on is optional; a half-configured one is not ready.
 */
import { describe, expect, it } from "vitest";
import { executeCommand } from "../registry.js";

interface Checklist {
  ready: boolean;
  next: string[];
}

const ONDEMAND_ONLY = { THETA_ONDEMAND_API_TOKEN: "ondemand-token-test-1" };
const CONTROLLER = {
  THETA_EC_API_KEY: "ec-key-test-1",
  THETA_EC_PROJECT_ID: "prj_1",
  THETA_ORG_ID: "org_1",
};

describe("theta.setup readiness", () => {
  it("is ready with only the on-demand token, listing the controller settings as optional", async () => {
    const checklist = (await executeCommand("theta.setup", {}, { env: ONDEMAND_ONLY })) as Checklist;
    expect(checklist.ready).toBe(true);
    expect(checklist.next[0]).toMatch(/^Ready\. Try theta\.ondemand\.listServices/);
    expect(checklist.next.slice(1).every((line) => line.startsWith("Optional, for the "))).toBe(true);
    expect(checklist.next.join("\n")).toContain("THETA_EC_API_KEY");
  });

  it("is ready with only the controller configured", async () => {
    const checklist = (await executeCommand("theta.setup", {}, { env: CONTROLLER })) as Checklist;
    expect(checklist.ready).toBe(true);
    expect(checklist.next[0]).toContain("theta.deployments.listVm");
  });

  it("is not ready when a family is half configured, naming what is missing", async () => {
    const { THETA_ORG_ID: _org, ...withoutOrg } = CONTROLLER;
    const checklist = (await executeCommand(
      "theta.setup",
      {},
      { env: { ...ONDEMAND_ONLY, ...withoutOrg } },
    )) as Checklist;
    expect(checklist.ready).toBe(false);
    // The missing setting first; then the family not started on (a dedicated endpoint), as advice.
    expect(checklist.next).toEqual([
      expect.stringMatching(/^Set THETA_ORG_ID/),
      expect.stringMatching(/^Set THETA_INFERENCE_ENDPOINT/),
    ]);
  });

  it("is not ready when nothing is configured, naming every family's settings", async () => {
    const checklist = (await executeCommand("theta.setup", {}, { env: {} })) as Checklist;
    expect(checklist.ready).toBe(false);
    const text = checklist.next.join("\n");
    expect(text).toContain("THETA_ONDEMAND_API_TOKEN");
    expect(text).toContain("THETA_EC_API_KEY");
  });
});
