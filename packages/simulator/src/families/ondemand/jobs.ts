import { isoTime } from "../../clock.js";
import type { SimulatorCore } from "../../core.js";
import type { Reservation } from "../../ledger.js";
import { makeMp4, makePng, makeWav } from "../../media.js";
import { type CostSplitUsd, roundUsd } from "../../prices.js";
import { hashString } from "../../random.js";
import type { Prediction, Service, ServiceBehaviour } from "./catalog.js";
import type { JsonObject } from "./chat.js";
import type { OndemandSettings } from "./options.js";
import { caption, contentRng, prose } from "./text.js";
import { inputValue } from "./validate.js";

/** One infer request as `simulator.families.ondemand.inferRequests()` lists it. */
export interface InferRequestSummary {
  id: string;
  service: string;
  prediction: string;
  state: string;
  costUsd: number;
}

export type JobState = "pending" | "processing" | "success" | "error";

export interface Job {
  id: string;
  service: Service;
  prediction: string;
  variant?: string;
  webhook?: string;
  input: JsonObject;
  createdAt: number;
  processingAt: number;
  /** When the job ends (Infinity while a stream is still running). */
  doneAt: number;
  outcome: "success" | "error";
  output?: JsonObject;
  errorMessage?: string;
  costUsd: CostSplitUsd;
  reservation?: Reservation;
}

export function jobState(job: Job, now: number): JobState {
  if (now >= job.doneAt) return job.outcome;
  if (now >= job.processingAt) return "processing";
  return "pending";
}

export function isTerminal(state: string): boolean {
  return state === "success" || state === "error";
}

/** Milliseconds until the job's next state change (Infinity when none is scheduled). */
export function nextChangeIn(job: Job, now: number): number {
  if (now < job.processingAt) return job.processingAt - now;
  if (now < job.doneAt) return job.doneAt - now;
  return Number.POSITIVE_INFINITY;
}

function totalUsd(cost: CostSplitUsd): number {
  return roundUsd(cost.input + cost.output);
}

/** The `InferRequest` object as the API shows it at `now`. */
export function renderJob(
  core: SimulatorCore,
  settings: OndemandSettings,
  job: Job,
  now: number,
): JsonObject {
  const state = jobState(job, now);
  const lastChange =
    state === "pending" ? job.createdAt : state === "processing" ? job.processingAt : job.doneAt;
  const out: JsonObject = {
    id: job.id,
    service_id: job.service.id,
    project_id: core.projectId,
    state,
    input: job.input,
    prediction: job.prediction,
  };
  if (job.variant !== undefined) out.variant = job.variant;
  if (state === "success") {
    out.output = job.output ?? {};
    if (settings.costShape === "cost" || settings.costShape === "both") {
      out.cost = { input: roundUsd(job.costUsd.input * 100), output: roundUsd(job.costUsd.output * 100) };
    }
    if (settings.costShape === "cost_usd" || settings.costShape === "both") {
      out.cost_usd = { input: job.costUsd.input, output: job.costUsd.output };
    }
  }
  if (state === "error") out[settings.errorField] = job.errorMessage ?? "inference failed";
  out.create_time = isoTime(job.createdAt);
  out.update_time = isoTime(lastChange);
  return out;
}

export function summarize(job: Job, now: number): InferRequestSummary {
  const state = jobState(job, now);
  return {
    id: job.id,
    service: job.service.alias,
    prediction: job.prediction,
    state,
    costUsd: state === "success" ? totalUsd(job.costUsd) : 0,
  };
}

/** How long a job of this service runs, in ms. */
export function jobDurationMs(
  core: SimulatorCore,
  service: Service,
  prediction: Prediction,
  input: JsonObject,
): number {
  if (service.alias === "step_video") {
    const frames = Number(inputValue(input, prediction, "frames") ?? 51);
    return Math.max(1, Math.round((core.timing.videoJobMs * Math.max(1, frames)) / 50));
  }
  if (service.workload_type === "video") return core.timing.videoJobMs;
  return core.timing.jobMs;
}

function looksLikeText(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0 || bytes.length > 64 * 1024) return undefined;
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: detecting binary data on purpose
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text)) return undefined;
    return text.trim();
  } catch {
    return undefined;
  }
}

/** Builds the output of a successful (non-chat) job, registering generated files in storage. */
export function mediaOutput(
  core: SimulatorCore,
  jobId: string,
  service: Service,
  prediction: Prediction,
  behaviour: ServiceBehaviour,
  input: JsonObject,
): JsonObject {
  const rng = contentRng(core.seed, service.alias, JSON.stringify(input));
  const fileSeed = hashString(jobId, core.seed);
  const png = () => {
    const w = Number(inputValue(input, prediction, "width") ?? 1024);
    const h = Number(inputValue(input, prediction, "height") ?? 1024);
    const clamp = (v: number) => Math.min(64, Math.max(8, Math.round((Number.isFinite(v) ? v : 1024) / 64)));
    return core.storage.addOutput(`${jobId}.png`, {
      contentType: "image/png",
      make: () => makePng(fileSeed, clamp(w), clamp(h)),
    });
  };
  switch (behaviour.kind) {
    case "image":
      return { image_url: png() };
    case "detection": {
      const prompt = String(inputValue(input, prediction, "detection_prompt") ?? "object");
      const labels = prompt
        .split(".")
        .map((label) => label.trim())
        .filter((label) => label.length > 0);
      const boxes = labels.map(() => {
        const x = rng.int(0, 400);
        const y = rng.int(0, 400);
        return [x, y, x + rng.int(40, 200), y + rng.int(40, 200)];
      });
      const scores = labels.map(() => Math.round((0.5 + rng.next() * 0.5) * 1000) / 1000);
      return { image_url: png(), boxes, labels, scores };
    }
    case "caption":
      return { caption: caption(rng) };
    case "vqa":
      return { text: `It shows ${caption(rng)}. ${prose(rng, 10)}` };
    case "stt": {
      const filename = String(inputValue(input, prediction, "audio_filename") ?? "");
      const upload = core.storage.upload(filename);
      const text = (upload && looksLikeText(upload.head)) || prose(rng, rng.int(8, 20));
      const language = String(inputValue(input, prediction, "language") || "en");
      return { text, language };
    }
    case "video":
      return {
        video_url: core.storage.addOutput(`${jobId}.mp4`, {
          contentType: "video/mp4",
          make: () => makeMp4(fileSeed),
        }),
      };
    case "audio":
      return {
        audio_url: core.storage.addOutput(`${jobId}.wav`, {
          contentType: "audio/wav",
          make: () => makeWav(fileSeed),
        }),
      };
    default:
      return {};
  }
}

/** Finds a problem with file inputs: an uploaded filename that was never uploaded. */
export function missingFile(
  core: SimulatorCore,
  prediction: Prediction,
  input: JsonObject,
): string | undefined {
  for (const [name, spec] of Object.entries(prediction.input_vars)) {
    if (spec.type !== "filename") continue;
    const value = input[name];
    if (typeof value !== "string") continue;
    if (/^(https?:|data:)/i.test(value)) continue;
    if (!core.storage.upload(value)) {
      return `input file "${value}" for ${name} was not found; request an upload URL with input_presigned_urls, PUT the file, then pass the returned filename`;
    }
  }
  return undefined;
}
