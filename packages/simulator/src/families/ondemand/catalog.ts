import { centsAsFraction, SIMULATOR_PRICES, type SimulatorPrice } from "../../prices.js";
import { stableId } from "../../random.js";

export type InputVarType =
  | "string"
  | "number"
  | "integer"
  | "float"
  | "boolean"
  | "bool"
  | "array"
  | "chat_array"
  | "filename";

export interface InputVar {
  type: InputVarType;
  index: number;
  description: string;
  required?: boolean;
  default?: unknown;
}

export interface OutputVar {
  type: string;
  description: string;
  action?: string;
  results_path?: string;
}

export interface Prediction {
  rank: number;
  func_type: string;
  instructions: string;
  cost: number;
  cost_divisor: number;
  /** Split pricing (LLMs): US cents per `cost_divisor` prompt tokens. */
  input_cost?: number;
  /** Split pricing (LLMs): US cents per `cost_divisor` completion tokens (same as `cost`). */
  output_cost?: number;
  input_vars: Record<string, InputVar>;
  output_vars: Record<string, OutputVar>;
  variants?: string[];
  external_price_tier?: string;
  openrouter_metadata?: Record<string, unknown>;
}

export interface VariantTemplate {
  template_id: string;
  min_vram?: number;
  min_ram?: number;
}

export interface Service {
  id: string;
  name: string;
  alias: string;
  state: "public" | "internal";
  template_id: string;
  workload_type: string;
  predictions: Record<string, Prediction>;
  default_prediction: string;
  min_vram: number;
  min_ram: number;
  executions: number;
  rank: number;
  variant_templates?: Record<string, VariantTemplate>;
  create_time: string;
  update_time: string;
}

/** What the simulator produces for a service (not part of the API answer). */
export type OutputKind = "chat" | "image" | "detection" | "caption" | "vqa" | "stt" | "video" | "audio";

export interface ServiceBehaviour {
  kind: OutputKind;
  /** Chat services: the `model` string reported in completions. */
  modelId?: string;
  /** Chat services: which delta/message field carries reasoning, if the model reasons. */
  reasoningField?: "reasoning" | "reasoning_content";
}

// ---------------------------------------------------------------------------------------------
// Input variable builders

type VarSpec = Omit<InputVar, "index">;
function vars(spec: Record<string, VarSpec>): Record<string, InputVar> {
  const out: Record<string, InputVar> = {};
  let index = 0;
  for (const [name, value] of Object.entries(spec)) out[name] = { ...value, index: index++ };
  return out;
}
const req = (type: InputVarType, description: string): VarSpec => ({ type, description, required: true });
const opt = (type: InputVarType, description: string, defaultValue: unknown): VarSpec => ({
  type,
  description,
  required: false,
  default: defaultValue,
});

function chatVars(maxTokens: number, extra: Record<string, VarSpec> = {}): Record<string, InputVar> {
  return vars({
    messages: req("chat_array", "Conversation as OpenAI-style messages [{role, content}]."),
    max_tokens: opt("integer", "Upper bound on generated tokens (reasoning included).", maxTokens),
    temperature: opt("float", "Sampling temperature.", 0.5),
    top_p: opt("float", "Nucleus sampling probability mass.", 0.7),
    stream: opt(
      "boolean",
      "Stream the answer as server-sent events. When omitted the answer is streamed; send false for JSON.",
      true,
    ),
    ...extra,
  });
}

const imageUrl: Record<string, OutputVar> = {
  image_url: { type: "string", description: "URL of the generated image (PNG).", action: "download" },
};
const videoUrl: Record<string, OutputVar> = {
  video_url: { type: "string", description: "URL of the generated video (MP4).", action: "download" },
};

// ---------------------------------------------------------------------------------------------
// Prices → catalog cost fields

function priceOf(alias: string, prediction: string): SimulatorPrice {
  const price = SIMULATOR_PRICES[alias]?.[prediction];
  if (!price) throw new Error(`price table has no entry for ${alias}/${prediction}`);
  return price;
}

function costFields(
  alias: string,
  prediction: string,
): Pick<Prediction, "cost" | "cost_divisor" | "input_cost" | "output_cost" | "instructions"> {
  const price = priceOf(alias, prediction);
  if (price.kind === "tokens") {
    const inputCents = Math.round(price.inputUsdPer1M * 100);
    const outputCents = Math.round(price.outputUsdPer1M * 100);
    return {
      cost: outputCents,
      cost_divisor: 1_000_000,
      input_cost: inputCents,
      output_cost: outputCents,
      instructions: `Split pricing: $${price.inputUsdPer1M.toFixed(2)} per 1M input tokens, $${price.outputUsdPer1M.toFixed(2)} per 1M output tokens.`,
    };
  }
  const { cost, cost_divisor } = centsAsFraction(price.usdPerUnit * 100);
  return { cost, cost_divisor, instructions: `$${price.usdPerUnit} per ${price.unit}.` };
}

// ---------------------------------------------------------------------------------------------
// Catalog definition

interface ServiceSeed {
  alias: string;
  name: string;
  workload_type: string;
  min_vram: number;
  min_ram: number;
  executions: number;
  behaviour: ServiceBehaviour;
  predictions: Record<
    string,
    {
      func_type: string;
      description: string;
      input_vars: Record<string, InputVar>;
      output_vars: Record<string, OutputVar>;
      variants?: string[];
      external_price_tier?: string;
      openrouter_metadata?: Record<string, unknown>;
    }
  >;
  default_prediction: string;
  variants?: string[];
  created: string;
  updated: string;
}

const chatOutput: Record<string, OutputVar> = {
  message: { type: "string", description: "The assistant reply (null when the budget went to reasoning)." },
};

function chatService(
  alias: string,
  name: string,
  options: {
    modelId: string;
    reasoningField?: "reasoning" | "reasoning_content";
    maxTokens: number;
    contextLength: number;
    extraVars?: Record<string, VarSpec>;
    variants?: string[];
    vram: number;
    executions: number;
    created: string;
    updated: string;
  },
): ServiceSeed {
  const behaviour: ServiceBehaviour = { kind: "chat", modelId: options.modelId };
  if (options.reasoningField) behaviour.reasoningField = options.reasoningField;
  return {
    alias,
    name,
    workload_type: "llm",
    min_vram: options.vram,
    min_ram: options.vram,
    executions: options.executions,
    behaviour,
    default_prediction: "completions",
    ...(options.variants ? { variants: options.variants } : {}),
    predictions: {
      completions: {
        func_type: "chat_completions",
        description: "Chat completions",
        input_vars: chatVars(options.maxTokens, options.extraVars),
        output_vars: chatOutput,
        external_price_tier: "llm_split",
        openrouter_metadata: { model: options.modelId, context_length: options.contextLength },
        ...(options.variants ? { variants: options.variants } : {}),
      },
    },
    created: options.created,
    updated: options.updated,
  };
}

const effortVar = (defaultValue: string): Record<string, VarSpec> => ({
  reasoning_effort: opt("string", "Reasoning effort: low, medium, high or max.", defaultValue),
});

const SEEDS: ServiceSeed[] = [
  chatService("qwen3", "Qwen3", {
    modelId: "qwen3",
    maxTokens: 1024,
    contextLength: 32768,
    extraVars: { enable_thinking: opt("boolean", "Let the model think before answering.", false) },
    variants: ["default", "parallax_32b_fp8"],
    vram: 80,
    executions: 412_337,
    created: "2025-04-30T18:02:11.412Z",
    updated: "2026-07-14T09:45:03.120Z",
  }),
  chatService("gpt_oss_120b", "GPT-OSS 120B", {
    modelId: "openai/gpt-oss-120b",
    reasoningField: "reasoning",
    maxTokens: 1800,
    contextLength: 131072,
    extraVars: effortVar("low"),
    vram: 80,
    executions: 198_604,
    created: "2025-08-07T16:20:45.008Z",
    updated: "2026-06-10T11:02:37.550Z",
  }),
  chatService("llama_3_1_70b", "Llama 3.1 70B Instruct", {
    modelId: "meta-llama/Llama-3.1-70B-Instruct",
    maxTokens: 1024,
    contextLength: 131072,
    variants: ["default", "quantized"],
    vram: 160,
    executions: 903_128,
    created: "2024-07-25T21:11:09.311Z",
    updated: "2026-03-02T08:30:00.000Z",
  }),
  chatService("llama_3_8b", "Llama 3 8B Instruct", {
    modelId: "meta-llama/Meta-Llama-3-8B-Instruct",
    maxTokens: 512,
    contextLength: 8192,
    variants: ["default", "quantized"],
    vram: 24,
    executions: 1_204_566,
    created: "2024-04-22T17:40:52.902Z",
    updated: "2026-03-02T08:30:00.000Z",
  }),
  chatService("glm_5_3", "GLM-5.3", {
    modelId: "glm-5.3",
    reasoningField: "reasoning_content",
    maxTokens: 5000,
    contextLength: 1_048_576,
    extraVars: effortVar("low"),
    vram: 320,
    executions: 35_871,
    created: "2026-08-20T10:00:12.000Z",
    updated: "2026-08-31T12:15:40.000Z",
  }),
  chatService("glm_5_3_flash", "GLM-5.3 Flash", {
    modelId: "glm-5.3-flash",
    reasoningField: "reasoning_content",
    maxTokens: 5000,
    contextLength: 1_048_576,
    extraVars: effortVar("low"),
    vram: 80,
    executions: 52_090,
    created: "2026-08-20T10:05:44.000Z",
    updated: "2026-08-31T12:15:40.000Z",
  }),
  chatService("minimax_m2_5", "MiniMax M2.5", {
    modelId: "MiniMaxAI/MiniMax-M2.5",
    maxTokens: 2048,
    contextLength: 196608,
    vram: 320,
    executions: 12_406,
    created: "2026-05-02T13:25:31.000Z",
    updated: "2026-07-01T07:00:00.000Z",
  }),
  {
    alias: "flux",
    name: "FLUX.1 schnell",
    workload_type: "text_to_image",
    min_vram: 24,
    min_ram: 32,
    executions: 2_311_950,
    behaviour: { kind: "image" },
    default_prediction: "generate_image",
    variants: ["default", "quantized"],
    predictions: {
      generate_image: {
        func_type: "text_to_image",
        description: "Text to image",
        variants: ["default", "quantized"],
        input_vars: vars({
          prompt: req("string", "What to draw."),
          num_steps: opt("integer", "Denoising steps.", 4),
          guidance: opt("float", "Guidance scale.", 3.5),
          width: opt("integer", "Image width in pixels.", 1024),
          height: opt("integer", "Image height in pixels.", 1024),
          seed: opt("string", "Seed for reproducible images (empty: random).", ""),
          image2image_strength: opt("float", "Strength when an init image is given.", 0.8),
        }),
        output_vars: imageUrl,
      },
    },
    created: "2024-08-12T19:30:00.000Z",
    updated: "2026-05-20T15:12:09.000Z",
  },
  {
    alias: "stable_diffusion_xl_turbo",
    name: "Stable Diffusion XL Turbo",
    workload_type: "text_to_image",
    min_vram: 16,
    min_ram: 32,
    executions: 3_480_772,
    behaviour: { kind: "image" },
    default_prediction: "predict",
    predictions: {
      predict: {
        func_type: "text_to_image",
        description: "Text to image",
        input_vars: vars({
          prompt: req("string", "What to draw."),
          steps: opt("integer", "Denoising steps (1-4).", 2),
          strength: opt("float", "Strength.", 1),
          guidance: opt("float", "Guidance scale (0 for turbo).", 0),
        }),
        output_vars: imageUrl,
      },
    },
    created: "2023-12-01T09:00:00.000Z",
    updated: "2026-06-09T10:10:10.000Z",
  },
  {
    alias: "grounding_dino",
    name: "Grounding DINO",
    workload_type: "vision",
    min_vram: 12,
    min_ram: 16,
    executions: 187_220,
    behaviour: { kind: "detection" },
    default_prediction: "0",
    predictions: {
      "0": {
        func_type: "object_detection",
        description: "Open-set object detection",
        input_vars: vars({
          input_img: req("filename", "Image to search (uploaded filename or URL)."),
          detection_prompt: req("string", "Objects to find, separated by periods (e.g. 'cat. dog.')."),
          box_threshold: opt("float", "Box confidence threshold.", 0.35),
          text_threshold: opt("float", "Text confidence threshold.", 0.25),
        }),
        output_vars: {
          image_url: { type: "string", description: "Image with the boxes drawn.", action: "download" },
          boxes: { type: "array", description: "Boxes [x1, y1, x2, y2] in pixels." },
          labels: { type: "array", description: "Label of each box." },
          scores: { type: "array", description: "Confidence of each box." },
        },
      },
    },
    created: "2024-02-14T12:00:00.000Z",
    updated: "2026-05-26T08:00:00.000Z",
  },
  {
    alias: "blip",
    name: "BLIP image captioning",
    workload_type: "vision",
    min_vram: 8,
    min_ram: 16,
    executions: 402_113,
    behaviour: { kind: "caption" },
    default_prediction: "predict",
    predictions: {
      predict: {
        func_type: "image_to_text",
        description: "Image captioning",
        input_vars: vars({ input_img: req("filename", "Image to caption (uploaded filename or URL).") }),
        output_vars: { caption: { type: "string", description: "The caption." } },
      },
    },
    created: "2023-11-20T10:00:00.000Z",
    updated: "2026-06-09T10:10:10.000Z",
  },
  {
    alias: "llava",
    name: "LLaVA",
    workload_type: "vision",
    min_vram: 24,
    min_ram: 32,
    executions: 96_455,
    behaviour: { kind: "vqa" },
    default_prediction: "predict",
    variants: ["quantized"],
    predictions: {
      predict: {
        func_type: "visual_question_answering",
        description: "Ask a question about an image",
        variants: ["quantized"],
        input_vars: vars({
          input_img: req("filename", "Image (uploaded filename or URL)."),
          question: opt("string", "Question about the image.", "Describe this image."),
          max_tokens: opt("integer", "Upper bound on generated tokens.", 256),
        }),
        output_vars: { text: { type: "string", description: "The answer." } },
      },
    },
    created: "2024-01-15T10:00:00.000Z",
    updated: "2026-06-09T10:10:10.000Z",
  },
  {
    alias: "whisper",
    name: "Whisper",
    workload_type: "speech_to_text",
    min_vram: 10,
    min_ram: 16,
    executions: 655_901,
    behaviour: { kind: "stt" },
    default_prediction: "stt",
    predictions: {
      stt: {
        func_type: "speech_to_text",
        description: "Speech to text",
        input_vars: vars({
          audio_filename: req("filename", "Audio to transcribe (uploaded filename or URL)."),
          language: opt("string", "Language code; empty to detect.", ""),
        }),
        output_vars: {
          text: { type: "string", description: "The transcript." },
          language: { type: "string", description: "Detected or given language." },
        },
      },
    },
    created: "2023-10-02T10:00:00.000Z",
    updated: "2026-06-09T10:10:10.000Z",
  },
  {
    alias: "image_to_image",
    name: "Image to image",
    workload_type: "image_to_image",
    min_vram: 16,
    min_ram: 32,
    executions: 141_077,
    behaviour: { kind: "image" },
    default_prediction: "stylize",
    predictions: {
      stylize: {
        func_type: "image_to_image",
        description: "Restyle an image from a prompt",
        input_vars: vars({
          image_filename: req("filename", "Source image (uploaded filename or URL)."),
          prompt: req("string", "Target style."),
          strength: opt("float", "How far to move from the source.", 0.6),
        }),
        output_vars: imageUrl,
      },
      upscale: {
        func_type: "image_to_image",
        description: "Upscale an image",
        input_vars: vars({
          image_filename: req("filename", "Source image (uploaded filename or URL)."),
          scale: opt("integer", "Upscale factor.", 2),
        }),
        output_vars: imageUrl,
      },
      background_removal: {
        func_type: "image_to_image",
        description: "Remove the background of an image",
        input_vars: vars({ image_filename: req("filename", "Source image (uploaded filename or URL).") }),
        output_vars: imageUrl,
      },
    },
    created: "2025-09-10T10:00:00.000Z",
    updated: "2026-08-31T10:00:00.000Z",
  },
  {
    alias: "esrgan",
    name: "Real-ESRGAN",
    workload_type: "image_to_image",
    min_vram: 8,
    min_ram: 16,
    executions: 77_310,
    behaviour: { kind: "image" },
    default_prediction: "predict",
    predictions: {
      predict: {
        func_type: "image_to_image",
        description: "Super-resolution",
        input_vars: vars({
          input_img: req("filename", "Image to upscale (uploaded filename or URL)."),
          scale: opt("integer", "Upscale factor.", 4),
        }),
        output_vars: imageUrl,
      },
    },
    created: "2024-03-04T10:00:00.000Z",
    updated: "2026-08-31T10:00:00.000Z",
  },
  {
    alias: "step_video",
    name: "Step-Video",
    workload_type: "text_to_video",
    min_vram: 80,
    min_ram: 128,
    executions: 8_410,
    behaviour: { kind: "video" },
    default_prediction: "generate",
    predictions: {
      generate: {
        func_type: "text_to_video",
        description: "Text to video",
        input_vars: vars({
          prompt: req("string", "What happens in the video."),
          frames: opt("integer", "Number of frames.", 51),
          fps: opt("integer", "Frames per second.", 10),
          num_inference_steps: opt("integer", "Denoising steps.", 30),
          seed: opt("string", "Seed (empty: random).", ""),
        }),
        output_vars: videoUrl,
      },
    },
    created: "2025-03-01T10:00:00.000Z",
    updated: "2026-05-26T08:00:00.000Z",
  },
  {
    alias: "voice_cloning",
    name: "Voice cloning",
    workload_type: "text_to_speech",
    min_vram: 12,
    min_ram: 16,
    executions: 23_918,
    behaviour: { kind: "audio" },
    default_prediction: "predict",
    predictions: {
      predict: {
        func_type: "text_to_speech",
        description: "Speak text in a reference voice",
        input_vars: vars({
          text: req("string", "Text to speak."),
          voice: req("filename", "Reference voice sample (uploaded filename or URL)."),
          language: opt("string", "Language code.", "en"),
        }),
        output_vars: {
          audio_url: { type: "string", description: "URL of the speech (WAV).", action: "download" },
        },
      },
    },
    created: "2024-06-18T10:00:00.000Z",
    updated: "2026-05-26T08:00:00.000Z",
  },
  {
    alias: "instant_id",
    name: "InstantID",
    workload_type: "image_to_image",
    min_vram: 24,
    min_ram: 32,
    executions: 31_052,
    behaviour: { kind: "image" },
    default_prediction: "predict",
    predictions: {
      predict: {
        func_type: "image_to_image",
        description: "Identity-preserving portrait generation",
        input_vars: vars({
          face_img: req("filename", "Face photo (uploaded filename or URL)."),
          prompt: req("string", "Scene or style for the portrait."),
          negative_prompt: opt("string", "What to avoid.", ""),
          num_steps: opt("integer", "Denoising steps.", 30),
        }),
        output_vars: imageUrl,
      },
    },
    created: "2024-05-06T10:00:00.000Z",
    updated: "2026-05-26T08:00:00.000Z",
  },
  {
    alias: "talking_head",
    name: "Talking head",
    workload_type: "video",
    min_vram: 24,
    min_ram: 32,
    executions: 14_775,
    behaviour: { kind: "video" },
    default_prediction: "predict",
    predictions: {
      predict: {
        func_type: "audio_to_video",
        description: "Animate a portrait with speech",
        input_vars: vars({
          img: req("filename", "Portrait (uploaded filename or URL)."),
          audio: req("filename", "Speech (uploaded filename or URL)."),
        }),
        output_vars: videoUrl,
      },
    },
    created: "2024-09-09T10:00:00.000Z",
    updated: "2026-05-26T08:00:00.000Z",
  },
];

function buildService(seed: ServiceSeed, rank: number): Service {
  const predictions: Record<string, Prediction> = {};
  let predictionRank = 0;
  for (const [name, p] of Object.entries(seed.predictions)) {
    const prediction: Prediction = {
      rank: predictionRank++,
      func_type: p.func_type,
      ...costFields(seed.alias, name),
      input_vars: p.input_vars,
      output_vars: p.output_vars,
    };
    prediction.instructions = `${p.description}. ${prediction.instructions}`;
    if (p.variants) prediction.variants = p.variants;
    if (p.external_price_tier) prediction.external_price_tier = p.external_price_tier;
    if (p.openrouter_metadata) prediction.openrouter_metadata = p.openrouter_metadata;
    predictions[name] = prediction;
  }
  const service: Service = {
    id: `srvc_${stableId(`service:${seed.alias}`, 20)}`,
    name: seed.name,
    alias: seed.alias,
    state: "public",
    template_id: `img_${stableId(`template:${seed.alias}`, 28)}`,
    workload_type: seed.workload_type,
    predictions,
    default_prediction: seed.default_prediction,
    min_vram: seed.min_vram,
    min_ram: seed.min_ram,
    executions: seed.executions,
    rank,
    create_time: seed.created,
    update_time: seed.updated,
  };
  if (seed.variants) {
    service.variant_templates = {};
    for (const variant of seed.variants) {
      const quantized = variant !== "default";
      service.variant_templates[variant] = {
        template_id: `img_${stableId(`template:${seed.alias}:${variant}`, 28)}`,
        min_vram: quantized ? Math.ceil(seed.min_vram / 2) : seed.min_vram,
        min_ram: seed.min_ram,
      };
    }
  }
  return service;
}

/** A fresh copy of the simulated catalog (each simulator owns its copy). */
export function createCatalog(): { services: Service[]; behaviour: Map<string, ServiceBehaviour> } {
  const services = SEEDS.map((seed, i) => buildService(seed, i + 1));
  const behaviour = new Map(SEEDS.map((seed) => [seed.alias, seed.behaviour] as const));
  return { services, behaviour };
}

/** Aliases of the simulated services, in catalog order. */
export const SIMULATOR_SERVICE_ALIASES: readonly string[] = SEEDS.map((seed) => seed.alias);

/** Aliases that serve chat completions. */
export const SIMULATOR_CHAT_MODELS: readonly string[] = SEEDS.filter((s) => s.behaviour.kind === "chat").map(
  (s) => s.alias,
);
