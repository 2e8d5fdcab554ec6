/**
 * The theta.inference.* commands against the simulator (real HTTP on 127.0.0.1): the standing
 * endpoint's models and chat (prompt, messages, streamed or not), readiness of a created deployment's
 * endpoint through its warm-up with progress lines, the Basic Auth never printed, a loopback endpoint
 * refused without the opt-in, the capability probe, and the commands in the CLI's help.
 */
import { PassThrough } from "node:stream";
import { createControllerClient } from "@theta/controller";
import { ThetaConfigError, ThetaValidationError } from "@theta/core";
import { type Simulator, simulatorEnv, startSimulator } from "@theta/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../cli-main.js";
import type { ProgressEvent } from "../../context.js";
import { openclawToolName } from "../../names.js";
import { createOpenClawPlugin } from "../../openclaw.js";
import { executeCommand } from "../../registry.js";

let simulator: Simulator;
let env: Record<string, string>;
beforeAll(async () => {
  simulator = await startSimulator({ seed: 12 });
  env = simulatorEnv(simulator);
});
afterAll(async () => {
  await simulator?.close();
});

function basicCredentials(user: string, password: string): string {
  return Buffer.from(`${user}:${password}`).toString("base64");
}

async function cli(
  argv: string[],
  cliEnv: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const stdin = new PassThrough();
  stdin.end();
  const code = await runCli(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    stdin,
    env: cliEnv,
    cwd: "/nonexistent-theta-test-dir",
  });
  return { code, stdout, stderr };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the command to fail");
}

type ChatAnswer = { model: string; content: string; finishReason: string };

describe("theta.inference.models and chat on the standing endpoint", () => {
  it("lists the endpoint's model", async () => {
    const result = (await executeCommand("theta.inference.models", {}, { env })) as {
      count: number;
      models: { id: string }[];
    };
    expect(result.count).toBeGreaterThan(0);
    expect(result.models.map((model) => model.id)).toContain(simulator.credentials.inference?.model);
  });

  it("chats with a prompt, streamed (tokens as progress) and not, with the same reply", async () => {
    const deltas: string[] = [];
    const onProgress = (event: ProgressEvent) => {
      if (event.type === "delta") deltas.push(event.text);
    };
    const streamed = (await executeCommand(
      "theta.inference.chat",
      { prompt: "Say hello", max_tokens: 16 },
      { env, onProgress },
    )) as ChatAnswer;
    expect(streamed.content).not.toBe("");
    expect(deltas.join("")).toBe(streamed.content);
    const whole = (await executeCommand(
      "theta.inference.chat",
      { messages: [{ role: "user", content: "Say hello" }], max_tokens: 16, stream: false },
      { env },
    )) as ChatAnswer;
    expect(whole).toMatchObject({ model: streamed.model, content: streamed.content });
  });

  it("refuses prompt and messages together, and neither, before sending", async () => {
    const both = await rejection(
      executeCommand(
        "theta.inference.chat",
        { prompt: "hi", messages: [{ role: "user", content: "hi" }] },
        { env },
      ),
    );
    expect(ThetaValidationError.isInstance(both) && both.field).toBe("prompt");
    const neither = await rejection(executeCommand("theta.inference.chat", {}, { env }));
    expect(ThetaValidationError.isInstance(neither) && neither.field).toBe("messages");
  });

  it("never prints the Basic Auth, in a result or in a refusal", async () => {
    const user = env.THETA_INFERENCE_AUTH_USER ?? "";
    const password = env.THETA_INFERENCE_AUTH_PASS ?? "";
    expect(password).not.toBe("");
    const answered = await cli(["theta.inference.chat", "--prompt", "hi", "--max_tokens", "8"], env);
    expect(answered.code).toBe(0);
    const refused = await cli(["theta.inference.models"], {
      ...env,
      THETA_INFERENCE_AUTH_PASS: `${password}-wrong`,
    });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/401/);
    for (const printed of [answered, refused]) {
      const all = printed.stdout + printed.stderr;
      expect(all).not.toContain(password);
      expect(all).not.toContain(basicCredentials(user, password));
      expect(all).not.toContain(basicCredentials(user, `${password}-wrong`));
    }
  });

  it("is `theta inference chat` on the CLI, while `theta chat` stays the on-demand chat", async () => {
    const short = await cli(["inference", "chat", "--prompt", "hi", "--max-tokens", "8", "--json"], env);
    expect(short.code, short.stderr).toBe(0);
    expect((JSON.parse(short.stdout) as ChatAnswer).model).toBe(simulator.credentials.inference?.model);
    const help = await cli(["chat", "--help"], {});
    expect(help.stdout).toContain("theta.ondemand.chat");
  });

  it("takes the endpoint from --inference-base-url too", async () => {
    const { THETA_INFERENCE_ENDPOINT: endpoint = "", ...withoutEndpoint } = env;
    const run = await cli(
      ["theta.inference.models", "--json", "--inference-base-url", endpoint],
      withoutEndpoint,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(simulator.credentials.inference?.model ?? "?");
  });

  it("refuses a loopback http:// endpoint without the loopback opt-in", async () => {
    const { THETA_ALLOW_INSECURE_LOOPBACK: _optIn, ...strict } = env;
    const error = await rejection(executeCommand("theta.inference.models", {}, { env: strict }));
    expect(ThetaConfigError.isInstance(error) || ThetaValidationError.isInstance(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(/THETA_ALLOW_INSECURE_LOOPBACK|https/);
  });

  it("is probed by theta.auth.capabilities: accepted, and a wrong password rejected", async () => {
    const entry = async (extra: Record<string, string> = {}) => {
      const result = (await executeCommand("theta.auth.capabilities", {}, { env: { ...env, ...extra } })) as {
        capabilities: Record<string, unknown>[];
      };
      return result.capabilities.find((capability) => capability.name === "inference");
    };
    expect(await entry()).toMatchObject({ configured: true, verified: true });
    const wrong = await entry({ THETA_INFERENCE_AUTH_PASS: "not-the-password" });
    expect(wrong).toMatchObject({
      verified: false,
      notes: expect.stringContaining("THETA_INFERENCE_AUTH_USER"),
    });
  });
});

describe("theta.inference.ready", () => {
  it("waits through a new deployment's warm-up, a progress line per probe", async () => {
    const auth = { username: "ready_user", password: "ready-password-5e8c1a" };
    const controller = createControllerClient({ env });
    const deployment = await controller.deployments.create({
      deployment_template_id: "img_gf070dbq0kttgz1atmiatyunhdxm",
      vm_id: "vm_gt1",
      auth_username: auth.username,
      auth_password: auth.password,
    });
    try {
      expect(deployment.endpoint).toBeDefined();
      const lines: string[] = [];
      const report = (await executeCommand(
        "theta.inference.ready",
        { intervalMs: 40, timeoutMs: 20_000 },
        {
          env: {
            ...env,
            THETA_INFERENCE_ENDPOINT: deployment.endpoint ?? "",
            THETA_INFERENCE_AUTH_USER: auth.username,
            THETA_INFERENCE_AUTH_PASS: auth.password,
          },
          onProgress: (event) => {
            if (event.type === "status") lines.push(event.message);
          },
        },
      )) as { ready: boolean; outcomes: (number | string)[]; attempts: number };
      expect(report.ready).toBe(true);
      expect(report.outcomes[report.outcomes.length - 1]).toBe(200);
      // The DeepSeek template warms up through 404 -> 503 -> 500 (and maybe more) before it serves.
      expect(report.outcomes[0]).toBe(404);
      expect(lines.length).toBe(report.attempts);
      expect(lines[0]).toMatch(/^Endpoint probe 1: HTTP 404/);
      expect(lines.join("\n")).not.toContain(auth.password);
    } finally {
      await controller.deployments.delete(deployment);
    }
  });
});

describe("the inference commands in the adapters", () => {
  it("are in the CLI's help and command list; ready's help shows its timeout", async () => {
    const help = await cli(["--help"], {});
    expect(help.stdout).toMatch(/Families with commands: .*inference/);
    const listed = await cli(["commands"], {});
    for (const name of ["theta.inference.models", "theta.inference.chat", "theta.inference.ready"]) {
      expect(listed.stdout).toContain(name);
    }
    const readyHelp = await cli(["theta.inference.ready", "--help"], {});
    expect(readyHelp.code).toBe(0);
    expect(readyHelp.stdout).toContain("--timeoutMs");
  });

  it("are OpenClaw tools that are not optional (calls are not billed)", () => {
    const registered = new Map<string, boolean>();
    createOpenClawPlugin().register({
      registerTool: (tool, options) => registered.set(tool.name, options?.optional === true),
    });
    for (const name of ["theta.inference.models", "theta.inference.chat", "theta.inference.ready"]) {
      expect(registered.get(openclawToolName(name)), name).toBe(false);
    }
  });
});
