import { describe, expect, it } from "vitest";
import { parseArgs, USAGE, UsageError } from "./cli.js";

describe("theta-simulator arguments", () => {
  it("defaults to port 4010 with request logging", () => {
    expect(parseArgs([])).toEqual({ port: 4010, quiet: false });
  });

  it("reads every option, in both --flag value and --flag=value forms", () => {
    expect(
      parseArgs([
        "--port",
        "0",
        "--seed=42",
        "--balance",
        "2.5",
        "--presigned-shape",
        "urls",
        "--cost-shape=cost_usd",
        "--error-field",
        "error_message",
        "--capacity",
        "qwen3=0",
        "--capacity=flux=2",
        "--quiet",
      ]),
    ).toEqual({
      port: 0,
      seed: 42,
      balanceUsd: 2.5,
      ondemand: {
        presignedShape: "urls",
        costShape: "cost_usd",
        errorField: "error_message",
        capacity: { qwen3: 0, flux: 2 },
      },
      quiet: true,
    });
    expect(parseArgs(["--help"])).toBe("help");
    for (const flag of [
      "--port N",
      "--presigned-shape S",
      "--cost-shape S",
      "--error-field S",
      "--capacity ALIAS=N",
    ]) {
      expect(USAGE).toContain(`  ${flag}`);
    }
  });

  it("refuses bad values with a message naming the flag", () => {
    expect(() => parseArgs(["--port", "abc"])).toThrow(UsageError);
    expect(() => parseArgs(["--port"])).toThrow(/--port needs an integer/);
    expect(() => parseArgs(["--cost-shape", "euros"])).toThrow(
      /--cost-shape must be one of cost, cost_usd, both/,
    );
    expect(() => parseArgs(["--capacity", "qwen3"])).toThrow(/ALIAS=N/);
    expect(() => parseArgs(["--verbose"])).toThrow(/unknown option --verbose/);
  });
});
