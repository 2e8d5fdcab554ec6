/**
 * What a person at the shell gets: short command paths, kebab-case flags, readable output, exit codes
 * that say how the work ended, and a Ctrl-C that keeps the id of a job still running. In-process
 * against the simulator on 127.0.0.1.
 */
import { PassThrough } from "node:stream";
import type { Simulator } from "@theta/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT, runCli } from "./cli-main.js";
import { ondemandEnv, simulator } from "./testing/helpers.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await simulator();
});
afterAll(async () => {
  await sim?.close();
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function theta(
  argv: string[],
  options: { signal?: AbortSignal; onStderr?: (text: string) => void } = {},
): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const stdin = new PassThrough();
  stdin.end("");
  const code = await runCli(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: {
      write: (chunk: string) => {
        stderr += chunk;
        options.onStderr?.(chunk);
        return true;
      },
    },
    stdin,
    env: ondemandEnv(sim),
    cwd: "/nonexistent-theta-test-dir",
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { code, stdout, stderr };
}

describe("command paths and flags", () => {
  it("take the short path, the family path and the full name alike, with --prompt", async () => {
    for (const path of [["chat"], ["ondemand", "chat"], ["theta.ondemand.chat"]]) {
      const run = await theta([...path, "--prompt", "hello", "--max-tokens", "40", "--json"]);
      expect(run.code, path.join(" ")).toBe(0);
      expect(JSON.parse(run.stdout).content, path.join(" ")).not.toBe("");
    }
  });

  it("give a family's command before an MCP-vocabulary alias of the same word", async () => {
    const run = await theta(["infer", "--service", "flux", "--input", '{"prompt":"x"}', "--poll", "--json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).state).toBe("success");
  });

  it("accept kebab-case flags and the schema's names as aliases; help shows kebab-case", async () => {
    const snake = await theta(["chat", "--prompt", "hi", "--max_tokens", "5", "--json"]);
    const kebab = await theta(["chat", "--prompt", "hi", "--max-tokens", "5", "--json"]);
    expect(JSON.parse(snake.stdout).usage.completion_tokens).toBe(
      JSON.parse(kebab.stdout).usage.completion_tokens,
    );
    const help = await theta(["help", "poll-until-done"]);
    expect(help.stdout).toMatch(/^Usage: theta poll-until-done /m);
    expect(help.stdout).toMatch(/--request-id <string> \(or --requestId\) \(required\)/);
    expect(help.stdout).toMatch(/--timeout-ms <integer>/);
  });

  it("refuse --prompt together with --messages, and no conversation at all, before any request", async () => {
    const before = sim.state.requests();
    const both = await theta(["chat", "--prompt", "a", "--messages", '[{"role":"user","content":"b"}]']);
    expect(both.code).toBe(EXIT.usage);
    expect(both.stderr).toMatch(/prompt and messages were both given/);
    const none = await theta(["chat"]);
    expect(none.code).toBe(EXIT.usage);
    expect(none.stderr).toMatch(/messages is required.*or a prompt/);
    expect(sim.state.requests()).toBe(before);
  });
});

describe("human output", () => {
  it("is text and tables, not JSON; chat shows its cost", async () => {
    const capabilities = await theta(["auth", "capabilities"]);
    expect(capabilities.code).toBe(0);
    expect(capabilities.stdout).not.toMatch(/^\s*[{[]/);
    expect(capabilities.stdout).toMatch(/^capabilities:\n\s+name\s+title/m);
    const infer = await theta(["infer", "--service", "flux", "--input", '{"prompt":"x"}']);
    expect(infer.stdout).toMatch(/^state:\s+success$/m);
    const chat = await theta(["chat", "--prompt", "hi", "--max-tokens", "20"]);
    expect(chat.stderr).toMatch(/\[qwen3: \w+, tokens \d+ in \/ \d+ out, cost \$[\d.e-]+\]/);
  });
});

describe("exit codes say how the work ended", () => {
  it("a job that ends in error exits 6 and says so", async () => {
    const run = await theta(["infer", "--service", "flux", "--input", '{"prompt":"FAIL"}', "--poll"]);
    expect(run.code).toBe(EXIT.failed);
    expect(run.stderr).toMatch(/Request infr_rqst_\w+ ended error/);
  });

  it("waiting that stops while the job runs exits 7 with the command that resumes", async () => {
    const run = await theta([
      "infer",
      ...["--service", "step_video", "--input", '{"prompt":"x","frames":200}', "--wait", "0"],
      ...["--poll", "--timeout-ms", "1000", "--interval-ms", "300", "--json"],
    ]);
    expect(run.code).toBe(EXIT.pending);
    const id = JSON.parse(run.stdout).requestId as string;
    expect(run.stderr).toContain(`Resume waiting: theta theta.ondemand.pollUntilDone --request-id ${id}`);
  });

  it("a reply emptied by reasoning explains itself and exits 6", async () => {
    const run = await theta(["chat", "--service", "gpt_oss_120b", "--prompt", "hi", "--max-tokens", "3"]);
    expect(run.code).toBe(EXIT.failed);
    expect(run.stderr).toMatch(/The reply is empty: the model spent all 3 tokens of max_tokens on reasoning/);
  });

  it("Ctrl-C while waiting: exit 130 in the code and in --json, with the id and the resume command", async () => {
    const controller = new AbortController();
    const run = await theta(
      [
        "infer",
        ...["--service", "step_video", "--input", '{"prompt":"x","frames":200}', "--wait", "0"],
        ...["--poll", "--interval-ms", "200", "--json"],
      ],
      {
        signal: controller.signal,
        onStderr: (text) => {
          if (text.startsWith("… waiting")) controller.abort();
        },
      },
    );
    expect(run.code).toBe(EXIT.interrupted);
    const printed = JSON.parse(run.stdout) as { exitCode: number; requestId: string; resume: string };
    expect(printed.exitCode).toBe(130);
    expect(printed.requestId).toMatch(/^infr_rqst_/);
    expect(printed.resume).toBe(`theta theta.ondemand.pollUntilDone --request-id ${printed.requestId}`);
    expect(run.stderr).toContain(`request ${printed.requestId} is still running`);
  });
});
