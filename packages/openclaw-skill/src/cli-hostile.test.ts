import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { answerJson, type LoopbackServer, startLoopbackServer } from "@theta/loopback-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EchoChatServer, echoedForms, startEchoChatServer } from "./testing/echo-chat-server.js";
import { CANARY } from "./testing/helpers.js";
import { runBin } from "./testing/run-bin.js";

let server: EchoChatServer;
let dir: string;
/** A loopback API that only counts requests: input the CLI refuses must never reach it. */
let counter: LoopbackServer;
beforeAll(async () => {
  server = await startEchoChatServer();
  counter = await startLoopbackServer((_request, response) =>
    answerJson(response, 200, {
      status: "success",
      body: { infer_requests: [{ id: "r1", state: "running" }] },
    }),
  );
  // An empty working directory: no .env.local is read.
  dir = mkdtempSync(join(tmpdir(), "theta-cli-redaction-"));
});
afterAll(async () => {
  await server?.close();
  await counter?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const CHAT = JSON.stringify({
  service: "gpt_oss_120b",
  messages: [{ role: "user", content: "echo my key" }],
});

function env(): Record<string, string> {
  return {
    THETA_ONDEMAND_API_TOKEN: CANARY,
    THETA_ONDEMAND_API_BASE_URL: server.baseUrl,
    THETA_ALLOW_INSECURE_LOOPBACK: "1",
  };
}

/** No spelling of the token, nor a 16-character piece of one, may appear. */
function expectNoToken(output: string): void {
  for (const form of echoedForms(CANARY)) {
    expect(output).not.toContain(form);
    for (let start = 0; start + 16 <= form.length; start += 4) {
      expect(output).not.toContain(form.slice(start, start + 16));
    }
  }
}

describe("theta CLI output of a server that echoes the token", () => {
  it.each([
    ["human mode, streamed", []],
    ["human mode, not streamed", ["--stream", "false"]],
    ["--json mode, streamed", ["--json"]],
    ["--json mode, not streamed", ["--stream", "false", "--json"]],
  ])("%s: neither stdout nor stderr shows the token or its base64", async (_mode, extra) => {
    const run = await runBin("cli.js", ["theta.ondemand.chat", "--json", CHAT, ...extra], {
      env: env(),
      cwd: dir,
    });
    expect(run.code, run.stderr).toBe(0);
    expectNoToken(run.stdout);
    expectNoToken(run.stderr);
    // The answer itself still comes through, with the token replaced.
    expect(run.stdout).toContain("Your token is [REDACTED]");
    // Human mode shows the streamed reasoning on stderr (redacted too).
    if (extra.length === 0) expect(run.stderr).toContain("[reasoning] The caller sent [REDACTED]");
  });
});

describe("theta CLI input with keys named like Object.prototype members", () => {
  const counterEnv = (): Record<string, string> => ({
    THETA_ONDEMAND_API_TOKEN: CANARY,
    THETA_ONDEMAND_API_BASE_URL: counter.url,
    THETA_ALLOW_INSECURE_LOOPBACK: "1",
  });

  it.each([
    ["__proto__", '{"requestId":"r1","__proto__":{"intervalMs":1,"timeoutMs":99999999}}'],
    ["constructor", '{"requestId":"r1","constructor":{"prototype":{"intervalMs":1}}}'],
    ["toString", '{"requestId":"r1","toString":1}'],
  ])("--json with %s is refused before any request, naming the key", async (key, json) => {
    counter.requests.splice(0);
    const human = await runBin("cli.js", ["theta.ondemand.pollUntilDone", "--json", json], {
      env: counterEnv(),
      cwd: dir,
    });
    expect(human.code).toBe(2);
    expect(human.stderr).toContain(`${key} is not allowed`);
    expect(human.stderr).toContain(`remove the "${key}" key`);
    const machine = await runBin("cli.js", ["theta.ondemand.pollUntilDone", "--json", json, "--json"], {
      env: counterEnv(),
      cwd: dir,
    });
    expect(machine.code).toBe(2);
    const output = JSON.parse(machine.stdout) as { error: { name: string; field: string } };
    expect(output.error).toMatchObject({ name: "ThetaValidationError", field: key });
    expect(counter.requests).toHaveLength(0);
  });

  it("a --__proto__ flag is refused too (it never becomes the input's prototype)", async () => {
    counter.requests.splice(0);
    const run = await runBin(
      "cli.js",
      ["theta.ondemand.pollUntilDone", "--requestId", "r1", "--__proto__", '{"intervalMs":1}'],
      { env: counterEnv(), cwd: dir },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('remove the "__proto__" key');
    expect(counter.requests).toHaveLength(0);
  });
});
