import { describe, expect, it } from "vitest";
import { parseMcpArguments } from "./mcp-arguments.js";

describe("theta-mcp arguments", () => {
  it("reads --families and --tools, spaced or with =", () => {
    expect(parseMcpArguments([])).toEqual({});
    expect(parseMcpArguments(["--families", "a, b", "--tools=x,y"])).toEqual({
      families: ["a", "b"],
      tools: ["x", "y"],
    });
  });

  it("refuses an unknown argument or a missing list, with the usage", () => {
    expect(() => parseMcpArguments(["--verbose"])).toThrow(
      expect.objectContaining({ name: "ThetaValidationError", field: "--verbose" }),
    );
    expect(() => parseMcpArguments(["--tools"])).toThrow(
      expect.objectContaining({ field: "--tools", fix: expect.stringContaining("usage: theta-mcp") }),
    );
  });
});
