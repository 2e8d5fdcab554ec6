/** The `theta-mcp` bin's arguments: `--help` and `--version` print and exit instead of serving. */
import { describe, expect, it } from "vitest";
import { runBin } from "./testing/run-bin.js";
import { VERSION } from "./version.js";

describe("theta-mcp arguments", () => {
  it("--help prints the usage and the variables, and exits 0 without serving", async () => {
    const run = await runBin("mcp.js", ["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Usage: theta-mcp \[--families <family,...>\] \[--tools <tool,...>\] \[--help \| --version\]/,
    );
    expect(run.stdout).toContain("THETA_API_KEY");
    // The server's one status line on stderr would say it started.
    expect(run.stderr).toBe("");
  });

  it("--version prints the version and exits 0", async () => {
    const run = await runBin("mcp.js", ["--version"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${VERSION}\n`);
  });

  it("an unknown argument is a usage error (exit 2) naming it", async () => {
    const run = await runBin("mcp.js", ["--port", "3000"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Unknown argument "--port"');
    expect(run.stdout).toBe("");
  });
});
