import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ThetaConfigError, ThetaValidationError } from "@theta/core";
import type { Simulator } from "@theta/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeCommand, executeThetaRuntimeCommand, listCommands, suggestCommands } from "./registry.js";
import { CANARY, isRecord, ondemandEnv, simulator } from "./testing/helpers.js";

let sim: Simulator;
const dir = mkdtempSync(join(tmpdir(), "theta-registry-"));
const audioFile = join(dir, "speech.wav");
writeFileSync(audioFile, new Uint8Array(200_000).fill(7));
beforeAll(async () => {
  sim = await simulator();
});
afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

describe("registry", () => {
  it("lists every command with flags taken from the SDK operations", () => {
    const commands = listCommands();
    const names = commands.map((command) => command.name);
    for (const name of [
      "theta.setup",
      "theta.auth.capabilities",
      "theta.ondemand.listServices",
      "theta.ondemand.infer",
      "theta.ondemand.status",
      "theta.ondemand.inputPresignedUrls",
      "theta.ondemand.pollUntilDone",
      "theta.ondemand.chat",
      "list_services",
      "infer",
      "get_request_status",
      "get_upload_url",
      "theta.ondemand.upload",
    ]) {
      expect(names).toContain(name);
    }
    const byName = new Map(commands.map((command) => [command.name, command]));
    expect(byName.get("theta.ondemand.chat")).toMatchObject({
      mutating: true,
      billable: true,
      family: "ondemand",
    });
    expect(byName.get("theta.ondemand.listServices")).toMatchObject({ mutating: false, billable: false });
    expect(byName.get("theta.ondemand.inputPresignedUrls")).toMatchObject({
      mutating: true,
      billable: false,
    });
    for (const command of commands) {
      expect(command.inputSchema.type).toBe("object");
      expect(command.description.length).toBeGreaterThan(40);
    }
  });

  it("chat works with only the on-demand token set, and streams deltas", async () => {
    const deltas: string[] = [];
    const result = await executeCommand(
      "theta.ondemand.chat",
      { messages: [{ role: "user", content: "hi" }] },
      { env: ondemandEnv(sim), onProgress: (event) => event.type === "delta" && deltas.push(event.text) },
    );
    expect(isRecord(result)).toBe(true);
    if (!isRecord(result)) return;
    expect(typeof result.content).toBe("string");
    expect((result.content as string).length).toBeGreaterThan(0);
    expect(result.model).toBe("qwen3");
    expect(deltas.join("")).toBe(result.content);
    expect(JSON.stringify(result)).not.toContain(CANARY);
  });

  it("non-streamed chat returns the same shape", async () => {
    const result = await executeCommand(
      "theta.ondemand.chat",
      { messages: [{ role: "user", content: "hi" }], stream: false, max_tokens: 20 },
      { env: ondemandEnv(sim) },
    );
    expect(result).toMatchObject({ model: "qwen3", finishReason: expect.any(String) });
  });

  it("lists services without any key and filters by category", async () => {
    const env = { THETA_ONDEMAND_API_BASE_URL: sim.baseUrls.ondemand, THETA_ALLOW_INSECURE_LOOPBACK: "1" };
    const all = await executeCommand("list_services", {}, { env });
    const text = await executeCommand("theta.ondemand.listServices", { category: "text" }, { env });
    expect(isRecord(all) && isRecord(text)).toBe(true);
    if (!isRecord(all) || !isRecord(text)) return;
    const services = text.services as Record<string, unknown>[];
    expect(services.length).toBeGreaterThan(0);
    expect(services.every((service) => service.category === "text")).toBe(true);
    expect((all.count as number) > services.length).toBe(true);
  });

  it("runs infer, status and pollUntilDone", async () => {
    const env = ondemandEnv(sim);
    const created = await executeCommand(
      "theta.ondemand.infer",
      { service: "stable_diffusion_xl_turbo", input: { prompt: "a blue cloud" }, wait: 0 },
      { env },
    );
    expect(isRecord(created)).toBe(true);
    if (!isRecord(created)) return;
    const requestId = created.requestId as string;
    expect(requestId).toMatch(/^infr_rqst_/);
    const status = await executeCommand("get_request_status", { request_id: requestId }, { env });
    expect(status).toMatchObject({ requestId });
    const progress: number[] = [];
    const done = await executeCommand(
      "theta.ondemand.pollUntilDone",
      { requestId, intervalMs: 100, timeoutMs: 20_000 },
      { env, onProgress: (event) => event.type === "poll" && progress.push(event.attempt) },
    );
    expect(done).toMatchObject({ requestId, state: "success", terminal: true, terminalState: "success" });
    expect(JSON.stringify(done)).not.toContain(CANARY);
  });

  it("returns usable presigned upload URLs", async () => {
    const result = await executeCommand(
      "get_upload_url",
      { service: "whisper", input_field: "audio_filename" },
      { env: ondemandEnv(sim) },
    );
    expect(isRecord(result)).toBe(true);
    if (!isRecord(result)) return;
    const upload = (result.uploads as Record<string, Record<string, unknown>>).audio_filename;
    expect(upload?.uploadUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(upload?.uploadUrl).not.toContain("[REDACTED]");
    const put = await fetch(upload?.uploadUrl as string, {
      method: "PUT",
      headers: { "content-type": "application/octet-stream" },
      body: new Uint8Array([1, 2, 3, 4]),
    });
    expect(put.ok).toBe(true);
    expect(sim.state.upload(upload?.filename as string)?.size).toBe(4);
  });

  it("uploads a local file with progress (CLI-only command)", async () => {
    const progress: number[] = [];
    const result = await executeCommand(
      "theta.ondemand.upload",
      { service: "whisper", field: "audio_filename", file: audioFile },
      {
        env: ondemandEnv(sim),
        onProgress: (event) => event.type === "upload" && progress.push(event.sentBytes),
      },
    );
    expect(result).toMatchObject({ service: "whisper", field: "audio_filename", bytes: 200_000 });
    const filename = (result as { filename: string }).filename;
    expect(sim.state.upload(filename)?.size).toBe(200_000);
    expect(progress.at(-1)).toBe(200_000);
    const missing = await errorOf(
      executeCommand(
        "theta.ondemand.upload",
        { service: "whisper", field: "audio_filename", file: join(dir, "nope.wav") },
        { env: ondemandEnv(sim) },
      ),
    );
    expect((missing as ThetaValidationError).field).toBe("file");
    expect(listCommands("openclaw").some((command) => command.name === "theta.ondemand.upload")).toBe(false);
    expect(listCommands("mcp").some((command) => command.name === "theta.ondemand.upload")).toBe(false);
  });

  describe("dry-run", () => {
    const mutatingInputs: Record<string, Record<string, unknown>> = {
      "theta.ondemand.infer": { service: "stable_diffusion_xl_turbo", input: { prompt: "x" } },
      "theta.ondemand.inputPresignedUrls": { service: "whisper", inputFields: ["audio_filename"] },
      "theta.ondemand.chat": { messages: [{ role: "user", content: "hi" }] },
      infer: { service: "stable_diffusion_xl_turbo", input: { prompt: "x" } },
      get_upload_url: { service: "whisper", input_field: "audio_filename" },
      "theta.ondemand.upload": { service: "whisper", field: "audio_filename", file: audioFile },
      "theta.ai.agent.create": { name: "x" },
      "theta.ai.agent.update": { agentId: "chatbot_x", name: "y" },
      "theta.ai.agent.document.create": { agentId: "chatbot_x", content: "x", filename: "a.txt" },
      "theta.ai.agent.document.update": {
        agentId: "chatbot_x",
        documentId: "doc_x",
        content: "x",
        filename: "a.txt",
      },
      "theta.ai.agent.document.upload": { agentId: "chatbot_x", file: audioFile },
    };
    // The agents family needs the project id in its plans (the body carries it); no key under dry-run.
    const projectEnv = { THETA_EC_PROJECT_ID: "prj_dryrun" };

    // The on-demand commands; each other family's module tests its own beside its code.
    it("covers every mutating on-demand and agents command", () => {
      // The controller's are covered beside its module (src/families/controller/commands.test.ts).
      const mutating = listCommands()
        .filter((command) => command.mutating && command.family !== "controller")
        .map((command) => command.name)
        .sort();
      expect(mutating).toEqual(Object.keys(mutatingInputs).sort());
    });

    for (const [name, input] of Object.entries(mutatingInputs)) {
      it(`${name} returns a plan and sends nothing`, async () => {
        const before = sim.state.requests();
        const viaEnv = await executeCommand(name, input, {
          env: ondemandEnv(sim, { THETA_DRY_RUN: "1", ...projectEnv }),
        });
        const viaContext = await executeCommand(name, input, {
          env: ondemandEnv(sim, projectEnv),
          dryRun: true,
        });
        expect(sim.state.requests()).toBe(before);
        for (const result of [viaEnv, viaContext]) {
          expect(result).toMatchObject({
            dryRun: true,
            command: name,
            plan: { method: expect.stringMatching(/^(POST|PUT)$/) },
          });
          expect(JSON.stringify(result)).not.toContain(CANARY);
        }
      });
    }

    it("still runs reads", async () => {
      const result = await executeCommand("list_services", {}, { env: ondemandEnv(sim), dryRun: true });
      expect(result).toMatchObject({ count: expect.any(Number) });
    });
  });

  it("names the bad field in validation errors", async () => {
    const missing = await errorOf(executeCommand("theta.ondemand.chat", {}, { env: ondemandEnv(sim) }));
    expect(ThetaValidationError.isInstance(missing)).toBe(true);
    expect((missing as ThetaValidationError).field).toBe("messages");
    expect((missing as Error).message).toContain("messages");
    const wrong = await errorOf(
      executeCommand("infer", { service: "flux", input: {}, wait: 99 }, { env: ondemandEnv(sim) }),
    );
    expect((wrong as ThetaValidationError).field).toBe("wait");
    const alias = await errorOf(executeCommand("get_request_status", {}, { env: ondemandEnv(sim) }));
    expect((alias as ThetaValidationError).field).toBe("request_id");
  });

  it("suggests close names for an unknown command", async () => {
    const error = await errorOf(executeCommand("theta.ondemand.chta", {}));
    expect(ThetaValidationError.isInstance(error)).toBe(true);
    expect((error as ThetaValidationError).field).toBe("command");
    expect((error as Error).message).toContain("theta.ondemand.chat");
    expect(suggestCommands("listServices")).toContain("theta.ondemand.listServices");
    expect(suggestCommands("status")).toEqual(expect.arrayContaining(["theta.ondemand.status"]));
  });

  it("accepts tool names as command names", async () => {
    const env = { THETA_ONDEMAND_API_BASE_URL: sim.baseUrls.ondemand, THETA_ALLOW_INSECURE_LOOPBACK: "1" };
    const result = await executeCommand("theta_ondemand_list_services", { category: "audio" }, { env });
    expect(result).toMatchObject({ category: "audio" });
  });

  it("fails with a config error naming the variables when the token is missing", async () => {
    const env = { THETA_ONDEMAND_API_BASE_URL: sim.baseUrls.ondemand, THETA_ALLOW_INSECURE_LOOPBACK: "1" };
    const error = await errorOf(
      executeCommand("theta.ondemand.chat", { messages: [{ role: "user", content: "hi" }] }, { env }),
    );
    expect(ThetaConfigError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("THETA_ONDEMAND_API_TOKEN");
  });

  it("resolves secrets from the provider before the environment", async () => {
    const asked: string[] = [];
    const env = {
      THETA_ONDEMAND_API_BASE_URL: sim.baseUrls.ondemand,
      THETA_ALLOW_INSECURE_LOOPBACK: "1",
      THETA_ONDEMAND_API_TOKEN: "invalid",
    };
    const result = await executeCommand(
      "theta.auth.capabilities",
      {},
      {
        env,
        getSecret: (name) => {
          asked.push(name);
          return name === "THETA_ONDEMAND_API_TOKEN" ? CANARY : undefined;
        },
      },
    );
    expect(asked).toContain("THETA_ONDEMAND_API_TOKEN");
    const ondemand = ((result as Record<string, unknown>).capabilities as Record<string, unknown>[]).find(
      (entry) => entry.name === "ondemand",
    );
    expect(ondemand).toMatchObject({ configured: true, verified: true });
    expect(JSON.stringify(result)).not.toContain(CANARY);
  });

  it("capabilities reports a rejected token", async () => {
    const env = ondemandEnv(sim, { THETA_ONDEMAND_API_TOKEN: "invalid" });
    const result = (await executeCommand("theta.auth.capabilities", {}, { env })) as Record<string, unknown>;
    const ondemand = (result.capabilities as Record<string, unknown>[]).find(
      (entry) => entry.name === "ondemand",
    );
    expect(ondemand).toMatchObject({ configured: true, verified: false });
  });

  it("setup lists what is configured without printing secrets", async () => {
    const result = await executeCommand(
      "theta.setup",
      {},
      // Every registered family configured (the agents family uses the controller's credentials).
      {
        env: ondemandEnv(sim, {
          THETA_MAX_BUDGET_USD: "2",
          THETA_EC_API_KEY: CANARY,
          THETA_EC_PROJECT_ID: "prj_1",
          THETA_ORG_ID: "org_1",
        }),
      },
    );
    expect(result).toMatchObject({ ready: true, maxBudgetUsd: 2, dryRun: false });
    const text = JSON.stringify(result);
    expect(text).not.toContain(CANARY);
    expect(text).toContain("THETA_ONDEMAND_API_TOKEN");
    const empty = await executeCommand("theta.setup", {}, { env: {} });
    expect(empty).toMatchObject({ ready: false });
  });

  it("enforces the spend cap", async () => {
    const before = sim.state.requestCount("createInferRequest");
    const error = await errorOf(
      executeCommand(
        "theta.ondemand.infer",
        { service: "stable_diffusion_xl_turbo", input: { prompt: "x" } },
        { env: ondemandEnv(sim, { THETA_MAX_BUDGET_USD: "0" }) },
      ),
    );
    expect((error as { code?: string }).code).toBe("budget_exceeded");
    expect(sim.state.requestCount("createInferRequest")).toBe(before);
  });

  it("keeps the seed's runtime entry point", async () => {
    const result = await executeThetaRuntimeCommand(
      { command: "list_services", category: "image" },
      { env: { THETA_ONDEMAND_API_BASE_URL: sim.baseUrls.ondemand, THETA_ALLOW_INSECURE_LOOPBACK: "1" } },
    );
    expect(result).toMatchObject({ category: "image" });
  });
});
