import type { BudgetGuard } from "@theta/core";
import type { InferResult, OndemandClient } from "@theta/ondemand";
import type { CheckRow, Progress } from "../../check-row.js";
import type { SmokeSettings } from "../../settings.js";
import { makePng, makeWav } from "./media.js";

const CHAT_SERVICES = new Set([
  "qwen3",
  "gpt_oss_120b",
  "llama_3_1_70b",
  "llama_3_8b",
  "glm_5_3",
  "glm_5_3_flash",
  "minimax_m2_5",
]);

interface JobPlan {
  check: string;
  input: (client: OndemandClient, service: string) => Promise<Record<string, unknown>>;
  prediction?: string;
}

const upload =
  (field: string, data: () => Uint8Array, extra: Record<string, unknown> = {}) =>
  async (client: OndemandClient, service: string): Promise<Record<string, unknown>> => {
    const { filename } = await client.uploads.upload(service, field, data());
    return { [field]: filename, ...extra };
  };

const JOBS: Record<string, JobPlan> = {
  flux: {
    check: "image generation",
    input: async () => ({ prompt: "a small purple cloud icon, flat style" }),
  },
  stable_diffusion_xl_turbo: {
    check: "image generation",
    input: async () => ({ prompt: "a small purple cloud icon, flat style" }),
  },
  whisper: { check: "upload + transcription", input: upload("audio_filename", () => makeWav(1)) },
  blip: { check: "upload + caption", input: upload("input_img", () => makePng()) },
  esrgan: { check: "upload + upscale", input: upload("input_img", () => makePng()) },
  llava: {
    check: "upload + question",
    input: upload("input_img", () => makePng(), { question: "What colours are in this image?" }),
  },
  grounding_dino: {
    check: "upload + detection",
    input: upload("input_img", () => makePng(), { detection_prompt: "square" }),
  },
};

export const SUPPORTED_SERVICES = [...CHAT_SERVICES, ...Object.keys(JOBS)].sort();

async function spent(budget: BudgetGuard): Promise<number> {
  return (await budget.snapshot()).spentUsd;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message.split("\n")[0] ?? error.name;
  return String(error);
}

export async function runCatalogCheck(client: OndemandClient, budget: BudgetGuard): Promise<CheckRow> {
  const started = performance.now();
  try {
    const services = await client.services.list();
    return {
      service: "(catalog)",
      check: "list services",
      state: "success",
      latencyMs: performance.now() - started,
      costUsd: 0,
      totalSpendUsd: await spent(budget),
      ok: services.length > 0,
      detail: `${services.length} services`,
    };
  } catch (error) {
    return failure("(catalog)", "list services", started, budget, error);
  }
}

async function failure(
  service: string,
  check: string,
  started: number,
  budget: BudgetGuard,
  error: unknown,
): Promise<CheckRow> {
  const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : "error";
  return {
    service,
    check,
    state: code,
    latencyMs: performance.now() - started,
    costUsd: 0,
    totalSpendUsd: await spent(budget),
    ok: false,
    detail: describe(error),
  };
}

export async function runServiceCheck(
  client: OndemandClient,
  budget: BudgetGuard,
  service: string,
  settings: SmokeSettings,
  progress: Progress,
): Promise<CheckRow> {
  const started = performance.now();
  const before = await spent(budget);
  if (CHAT_SERVICES.has(service)) {
    const check = "streamed chat";
    try {
      let content = "";
      let finish = "";
      let chunks = 0;
      const stream = client.chat.stream({
        model: service,
        messages: [{ role: "user", content: "In one short sentence, what is Theta EdgeCloud?" }],
        max_tokens: service === "gpt_oss_120b" ? 1800 : 64,
      });
      for await (const event of stream) {
        if (event.type === "content") {
          content += event.delta;
          chunks++;
          if (chunks % 10 === 0) progress(`${service}: streaming, ${content.length} characters so far`);
        } else if (event.type === "finish") {
          finish = event.reason;
        }
      }
      const after = await spent(budget);
      const ok = content.trim().length > 0 && finish !== "";
      return {
        service,
        check,
        state: ok ? "success" : "empty",
        latencyMs: performance.now() - started,
        costUsd: after - before,
        totalSpendUsd: after,
        ok,
        detail: ok ? `${content.length} chars, finish ${finish}` : "no content streamed",
      };
    } catch (error) {
      return failure(service, check, started, budget, error);
    }
  }
  const plan = JOBS[service];
  if (plan === undefined) {
    return {
      service,
      check: "none",
      state: "unsupported",
      latencyMs: 0,
      costUsd: 0,
      totalSpendUsd: before,
      ok: false,
      detail: `no smoke check for ${service}; supported: ${SUPPORTED_SERVICES.join(", ")}`,
    };
  }
  try {
    const input = await plan.input(client, service);
    progress(`${service}: request sent, waiting up to ${settings.waitSeconds} s on the server`);
    let result: InferResult = await client.infer(service, input, { wait: settings.waitSeconds });
    if (!result.terminal && settings.pollUntilDone) {
      result = await client.requests.waitFor(result.id, {
        intervalMs: settings.pollIntervalSeconds * 1000,
        timeoutMs: settings.pollTimeoutSeconds * 1000,
        input,
        onProgress: (p) =>
          progress(`${service}: ${p.value.state} (poll ${p.attempt}, ${(p.elapsedMs / 1000).toFixed(1)} s)`),
      });
    }
    const after = await spent(budget);
    const ok = result.state === "success";
    return {
      service,
      check: plan.check,
      state: result.terminal ? result.state : `${result.state} (not polled)`,
      latencyMs: performance.now() - started,
      costUsd: result.costUsd ?? after - before,
      totalSpendUsd: after,
      ok,
      detail: ok ? summarizeOutput(result.output) : (result.error ?? "did not finish"),
    };
  } catch (error) {
    return failure(service, plan.check, started, budget, error);
  }
}

function summarizeOutput(output: Record<string, unknown> | undefined): string {
  if (output === undefined) return "no output";
  const keys = Object.keys(output);
  return keys.length === 0 ? "empty output" : `output: ${keys.join(", ")}`;
}
