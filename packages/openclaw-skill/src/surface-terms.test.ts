/**
 * Errors speak each adapter's language: the CLI names its flags, variables and `theta setup`; the MCP
 * server its env; the OpenClaw plugin its settings; library callers the options. All of these fail
 * before any request is sent, so no server is needed.
 */
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { runCli } from "./cli-main.js";
import { executeCommand } from "./registry.js";

async function cli(
  argv: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stderr: string }> {
  let stderr = "";
  const stdin = new PassThrough();
  stdin.end("");
  const code = await runCli(argv, {
    stdout: { write: () => true },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    stdin,
    env,
    cwd: "/nonexistent-theta-test-dir",
  });
  return { code, stderr };
}

async function messageOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected an error");
}

const INFER = ["theta.ondemand.infer", "--service", "flux", "--input", '{"prompt":"x"}'];

describe("the CLI's errors name what a CLI user changes", () => {
  it("a missing credential: the variables and `theta setup`, not an option", async () => {
    const { code, stderr } = await cli(INFER);
    expect(code).toBe(3);
    expect(stderr).toMatch(/Set THETA_ONDEMAND_API_TOKEN or .* in the environment, or run `theta setup`/);
    expect(stderr).not.toMatch(/option/);
  });

  it("plain http to the simulator without the opt-in: the flag and THETA_ALLOW_INSECURE_LOOPBACK", async () => {
    const { code, stderr } = await cli([...INFER, "--base-url", "http://127.0.0.1:9/ondemand"], {
      THETA_ONDEMAND_API_TOKEN: "token-for-the-test",
    });
    expect(code).toBe(3);
    expect(stderr).toMatch(
      /^theta: The --ondemand-base-url flag uses plain http to a loopback host; set THETA_ALLOW_INSECURE_LOOPBACK=1/,
    );
    expect(stderr).not.toMatch(/allowInsecureLoopback|option/);
  });

  it("an unknown command: `theta commands`, not listCommands()", async () => {
    const { code, stderr } = await cli(["theta.ondemand.nope"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/to see them all, run `theta commands`/);
    expect(stderr).not.toMatch(/listCommands/);
  });
});

describe("the other adapters' terms", () => {
  it("MCP: the server's env", async () => {
    const message = await messageOf(
      executeCommand(
        "theta.ondemand.infer",
        { service: "flux", input: { prompt: "x" } },
        { env: {}, surface: "mcp" },
      ),
    );
    expect(message).toMatch(/or set it in the env of the MCP server's entry/);
  });

  it("OpenClaw: the plugin setting of the credential", async () => {
    const message = await messageOf(
      executeCommand(
        "theta.ondemand.infer",
        { service: "flux", input: { prompt: "x" } },
        { env: {}, surface: "openclaw" },
      ),
    );
    expect(message).toMatch(/or set the plugin setting ondemandApiToken/);
  });

  it("a library caller: the option", async () => {
    const message = await messageOf(
      executeCommand("theta.ondemand.infer", { service: "flux", input: { prompt: "x" } }, { env: {} }),
    );
    expect(message).toMatch(/or pass the "apiToken" option/);
    expect(await messageOf(executeCommand("theta.nope", {}, { env: {} }))).toMatch(
      /list them with listCommands\(\)/,
    );
  });
});
