import { describe, expect, it } from "vitest";
import { readSettings, SmokeUsageError } from "./settings.js";

describe("readSettings", () => {
  it("defaults to the simulator with a $2.00 cap", () => {
    const s = readSettings([], {});
    expect(s).toMatchObject({
      live: false,
      maxBudgetUsd: 2,
      services: ["qwen3", "flux", "whisper"],
      waitSeconds: 30,
    });
    expect(s.pollTimeoutSeconds).toBe(180);
  });

  it("refuses --live without an explicit budget", () => {
    expect(() => readSettings(["--live"], {})).toThrow(/THETA_MAX_BUDGET_USD/);
    expect(readSettings(["--live"], { THETA_MAX_BUDGET_USD: "0.50" }).maxBudgetUsd).toBe(0.5);
  });

  it("names the variable and the accepted range on bad input", () => {
    expect(() => readSettings([], { THETA_WAIT_SECONDS: "90" })).toThrow(/THETA_WAIT_SECONDS.*0 to 60/);
    expect(() => readSettings([], { THETA_MAX_BUDGET_USD: "lots" })).toThrow(SmokeUsageError);
    expect(() => readSettings([], { THETA_POLL_UNTIL_DONE: "maybe" })).toThrow(/THETA_POLL_UNTIL_DONE/);
    expect(() => readSettings([], { SERVICES: "flux,../etc" })).toThrow(/SERVICES entry/);
    expect(() => readSettings(["--fast"], {})).toThrow(/Unknown argument/);
  });

  it("runs live deployment checks only with --deployments, which needs --live", () => {
    expect(readSettings(["--live"], { THETA_MAX_BUDGET_USD: "1" }).deployments).toBe(false);
    expect(readSettings(["--live", "--deployments"], { THETA_MAX_BUDGET_USD: "1" }).deployments).toBe(true);
    expect(() => readSettings(["--deployments"], {})).toThrow(/--deployments only applies with --live/);
    expect(readSettings([], {}).deployments).toBe(false);
  });

  it("parses SERVICES as a trimmed CSV", () => {
    expect(readSettings([], { SERVICES: " qwen3 , blip,," }).services).toEqual(["qwen3", "blip"]);
  });
});
