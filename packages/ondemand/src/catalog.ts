/**
 * The typed service catalog: what the SDK knows about each on-demand service's inputs.
 *
 * One table drives both the compile-time input types (`InputFor<"flux">`) and the run-time validator
 * (`validateInput`). The live `GET /service/list` stays authoritative: services not listed here still
 * work untyped, and extra input keys are passed through unchanged (services gain inputs over time).
 *
 * `default` is the value the SDK sends when the caller leaves the field out (only where a known client
 * behaviour depends on it, e.g. chat `max_tokens` and `stream: false`); server-side defaults are
 * mentioned in the descriptions only.
 */
import type { ChatMessage } from "./types.js";

export type ServiceCategory = "image" | "audio" | "text" | "video" | "vision" | "other";

/** Value types of an input field. `filename` is an uploaded filename (see `uploads`) or a URL. */
export type FieldType = "string" | "number" | "integer" | "boolean" | "filename" | "messages";

export interface FieldSpec {
  /** One type, or several accepted alternatives. */
  readonly type: FieldType | readonly FieldType[];
  readonly required?: boolean;
  /** What the SDK sends when the field is left out. */
  readonly default?: string | number | boolean;
  /** Accepted string values. */
  readonly enum?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  readonly description: string;
  /** An example used in error messages ("pass input.prompt, e.g. ..."). */
  readonly example?: string;
}

export interface ServiceSpec {
  readonly alias: string;
  readonly name: string;
  readonly category: ServiceCategory;
  /** `chat` services take `messages` and may answer SSE; the SDK sends `input.stream: false` unless set. */
  readonly kind: "chat" | "media";
  readonly defaultPrediction?: string;
  readonly predictions?: readonly string[];
  readonly variants?: readonly string[];
  readonly fields: Readonly<Record<string, FieldSpec>>;
  /** Groups of alternative fields of which at least one must be present (e.g. `input_img` or `image`). */
  readonly oneOf?: readonly (readonly string[])[];
  /** Notes on what is not confirmed. */
  readonly notes?: string;
  /**
   * How `chat` reaches a chat service: the OpenAI-compatible route (default), or its job route with a
   * streaming variant, for services whose OpenAI-compatible path is reported unreliable.
   */
  readonly chatRoute?: { readonly kind: "job"; readonly variant: string };
}

const messages = {
  type: "messages",
  required: true,
  description: 'Chat messages, e.g. [{ role: "user", content: "Hello" }].',
  example: '[{ role: "user", content: "Hello" }]',
} as const;
const temperature = {
  type: "number",
  min: 0,
  max: 2,
  default: 0.5,
  description: "Sampling temperature (SDK default 0.5).",
} as const;
const topP = {
  type: "number",
  min: 0,
  max: 1,
  default: 0.7,
  description: "Nucleus sampling (SDK default 0.7).",
} as const;
const stream = {
  type: "boolean",
  default: false,
  description:
    "Stream the answer as SSE. The job route streams when this is true or omitted, so the SDK sends false unless set.",
} as const;
const maxTokens500 = {
  type: "integer",
  min: 1,
  default: 500,
  description: "Maximum completion tokens (SDK default 500).",
} as const;
/** The input fields every chat LLM of the job route takes. */
const chatFields = { messages, max_tokens: maxTokens500, temperature, top_p: topP, stream } as const;
const glmReasoningEffort = {
  type: "string",
  enum: ["low", "high", "max"],
  description: 'Reasoning effort (server default "low").',
} as const;
const prompt = {
  type: "string",
  required: true,
  description: "Text prompt.",
  example: '"a red fox in the snow"',
} as const;
/** A required file input (`required: true` as a literal: a `boolean` would make the field optional in the types). */
const upload = (description: string) =>
  ({ type: "filename", required: true, description, example: '"<filename from uploads.upload()>"' }) as const;
/** A file input that may be left out (e.g. one of two alternative names). */
const optionalUpload = (description: string) =>
  ({
    type: "filename",
    required: false,
    description,
    example: '"<filename from uploads.upload()>"',
  }) as const;

/** Known on-demand services. Field lists from the official MCP server, official examples and live client notes. */
export const SERVICE_CATALOG = {
  qwen3: {
    alias: "qwen3",
    name: "Qwen3",
    category: "text",
    kind: "chat",
    defaultPrediction: "completions",
    predictions: ["completions"],
    variants: ["default", "parallax_32b_fp8"],
    fields: chatFields,
    notes: "The non-streaming path is reported unreliable; chat uses the streaming parallax_32b_fp8 variant.",
    chatRoute: { kind: "job", variant: "parallax_32b_fp8" },
  },
  gpt_oss_120b: {
    alias: "gpt_oss_120b",
    name: "GPT-OSS 120B",
    category: "text",
    kind: "chat",
    defaultPrediction: "completions",
    predictions: ["completions"],
    fields: {
      messages,
      max_tokens: {
        type: "integer",
        min: 1,
        default: 1800,
        description: "Maximum completion tokens (SDK default 1800: low caps spend the budget on reasoning).",
      },
      temperature,
      top_p: topP,
      stream,
      reasoning_effort: {
        type: "string",
        enum: ["low", "medium", "high"],
        default: "low",
        description: 'Reasoning effort (SDK default "low").',
      },
    },
  },
  llama_3_1_70b: {
    alias: "llama_3_1_70b",
    name: "Llama 3.1 70B",
    category: "text",
    kind: "chat",
    defaultPrediction: "completions",
    predictions: ["completions"],
    variants: ["default", "quantized"],
    fields: chatFields,
  },
  llama_3_8b: {
    alias: "llama_3_8b",
    name: "Llama 3 8B",
    category: "text",
    kind: "chat",
    defaultPrediction: "completions",
    predictions: ["completions"],
    variants: ["default", "quantized"],
    fields: chatFields,
  },
  glm_5_3: {
    alias: "glm_5_3",
    name: "GLM-5.3",
    category: "text",
    kind: "chat",
    defaultPrediction: "completions",
    predictions: ["completions"],
    fields: { ...chatFields, reasoning_effort: glmReasoningEffort },
  },
  glm_5_3_flash: {
    alias: "glm_5_3_flash",
    name: "GLM-5.3 Flash",
    category: "text",
    kind: "chat",
    defaultPrediction: "completions",
    predictions: ["completions"],
    fields: { ...chatFields, reasoning_effort: glmReasoningEffort },
  },
  minimax_m2_5: {
    alias: "minimax_m2_5",
    name: "MiniMax M2.5",
    category: "text",
    kind: "chat",
    defaultPrediction: "completions",
    predictions: ["completions"],
    fields: chatFields,
  },
  flux: {
    alias: "flux",
    name: "FLUX.1",
    category: "image",
    kind: "media",
    defaultPrediction: "generate_image",
    predictions: ["generate_image"],
    variants: ["default", "quantized"],
    fields: {
      prompt,
      num_inference_steps: { type: "integer", min: 1, description: "Denoising steps." },
      num_steps: { type: "integer", min: 1, description: "Denoising steps (name used by some clients)." },
      guidance: { type: "number", min: 0, description: "Guidance scale." },
      width: { type: "integer", min: 64, description: "Image width in pixels." },
      height: { type: "integer", min: 64, description: "Image height in pixels." },
      seed: {
        type: ["string", "integer"],
        description: 'Random seed (sent as a string by known clients, e.g. "42").',
      },
      image2image_strength: { type: "number", min: 0, max: 1, description: "Strength for image-to-image." },
    },
  },
  stable_diffusion_xl_turbo: {
    alias: "stable_diffusion_xl_turbo",
    name: "Stable Diffusion XL Turbo",
    category: "image",
    kind: "media",
    defaultPrediction: "predict",
    predictions: ["predict"],
    fields: {
      prompt,
      steps: { type: "integer", min: 1, description: "Inference steps (1-4 are typical for Turbo)." },
      strength: { type: "number", min: 0, max: 1, description: "Strength." },
      guidance: { type: "number", min: 0, description: "Guidance scale (0 is typical for Turbo)." },
    },
  },
  grounding_dino: {
    alias: "grounding_dino",
    name: "Grounding DINO",
    category: "vision",
    kind: "media",
    defaultPrediction: "0",
    predictions: ["0"],
    fields: {
      input_img: upload("Image to search (uploaded filename or URL)."),
      detection_prompt: {
        type: "string",
        required: true,
        description: 'What to detect, e.g. "cat . dog".',
        example: '"cat . dog"',
      },
    },
  },
  blip: {
    alias: "blip",
    name: "BLIP",
    category: "vision",
    kind: "media",
    defaultPrediction: "predict",
    predictions: ["predict"],
    fields: { input_img: upload("Image to caption (uploaded filename or URL).") },
  },
  llava: {
    alias: "llava",
    name: "LLaVA",
    category: "vision",
    kind: "media",
    defaultPrediction: "predict",
    predictions: ["predict"],
    variants: ["quantized"],
    fields: {
      input_img: optionalUpload("Image (uploaded filename or URL); `image` is accepted instead."),
      image: optionalUpload("Image (alternative name of `input_img`)."),
      question: { type: "string", description: "Question about the image; `prompt` is accepted instead." },
      prompt: { type: "string", description: "Question about the image (alternative name of `question`)." },
    },
    oneOf: [
      ["input_img", "image"],
      ["question", "prompt"],
    ],
  },
  whisper: {
    alias: "whisper",
    name: "Whisper",
    category: "audio",
    kind: "media",
    defaultPrediction: "stt",
    predictions: ["stt"],
    variants: ["large-v3"],
    fields: { audio_filename: upload("Audio to transcribe (uploaded filename or URL).") },
  },
  image_to_image: {
    alias: "image_to_image",
    name: "Image to Image",
    category: "image",
    kind: "media",
    predictions: ["stylize", "upscale", "background_removal"],
    fields: { image_filename: upload("Source image (uploaded filename or URL).") },
    notes:
      "Pass the prediction (stylize, upscale or background_removal). Inputs beyond image_filename are not documented; extra keys are passed through.",
  },
  esrgan: {
    alias: "esrgan",
    name: "ESRGAN upscaler",
    category: "image",
    kind: "media",
    fields: { input_img: upload("Image to upscale (uploaded filename or URL).") },
  },
  step_video: {
    alias: "step_video",
    name: "Step-Video",
    category: "video",
    kind: "media",
    defaultPrediction: "generate",
    predictions: ["generate"],
    fields: {
      prompt,
      frames: {
        type: "integer",
        min: 1,
        description: "Number of frames (longer jobs: the SDK extends its deadline).",
      },
      fps: { type: "integer", min: 1, description: "Frames per second (10 assumed when omitted)." },
    },
  },
  voice_cloning: {
    alias: "voice_cloning",
    name: "Voice cloning",
    category: "audio",
    kind: "media",
    fields: {
      text: { type: "string", required: true, description: "Text to speak.", example: '"Hello there"' },
      language: { type: "string", description: 'Language, e.g. "en".' },
      voice: {
        type: "filename",
        description: "Reference voice (uploaded filename or URL, or a voice name).",
      },
    },
  },
  instant_id: {
    alias: "instant_id",
    name: "InstantID",
    category: "image",
    kind: "media",
    fields: {
      face_img: upload("Face image (uploaded filename or URL)."),
      prompt,
    },
  },
  talking_head: {
    alias: "talking_head",
    name: "Talking head",
    category: "video",
    kind: "media",
    fields: {
      img: upload("Portrait image (uploaded filename or URL)."),
      audio: upload("Speech audio (uploaded filename or URL)."),
    },
  },
} as const satisfies Record<string, ServiceSpec>;

export type KnownService = keyof typeof SERVICE_CATALOG;

// ---------------------------------------------------------------------------------------------
// Types derived from the table

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type ScalarOf<T> = T extends "string" | "filename"
  ? string
  : T extends "number" | "integer"
    ? number
    : T extends "boolean"
      ? boolean
      : T extends "messages"
        ? ChatMessage[]
        : never;

type ValueOf<F> = F extends { readonly enum: readonly (infer E)[] }
  ? E
  : F extends { readonly type: infer T }
    ? T extends readonly (infer U)[]
      ? ScalarOf<U>
      : ScalarOf<T>
    : never;

type RequiredKeys<Fields> = {
  [K in keyof Fields]: Fields[K] extends { readonly required: true } ? K : never;
}[keyof Fields];

type FieldsInput<Fields> = { [K in RequiredKeys<Fields>]: ValueOf<Fields[K]> } & {
  [K in Exclude<keyof Fields, RequiredKeys<Fields>>]?: ValueOf<Fields[K]>;
};

/** `{ a: string } | { b: string }` for the group `["a", "b"]`. */
type OneOfGroup<Fields, K> = K extends keyof Fields ? { [P in K]: ValueOf<Fields[K]> } : never;

type GroupsInput<Fields, G> = G extends readonly [infer Head extends readonly string[], ...infer Rest]
  ? OneOfGroup<Fields, Head[number]> & GroupsInput<Fields, Rest>
  : unknown;

/**
 * The input of an untyped call (`infer<string>(service, input)`): any keys, passed through unchanged.
 * Typed services take only their catalog's fields, so a misspelled field is a compile error; a field
 * the catalog does not list yet goes through the untyped call.
 */
export type ExtraInput = { [key: string]: unknown };

type SpecInput<S> = S extends { readonly fields: infer F; readonly oneOf: infer G }
  ? Simplify<FieldsInput<F>> & GroupsInput<F, G>
  : S extends { readonly fields: infer F }
    ? Simplify<FieldsInput<F>>
    : ExtraInput;

/** Input accepted by `infer(service, input)`: exact for known services, a plain object for `string`. */
export type InputFor<S extends string> = S extends KnownService
  ? SpecInput<(typeof SERVICE_CATALOG)[S]>
  : ExtraInput;

/** What a chat service answers on the job route (`message` may be null when reasoning used the budget). */
export interface ChatOutput {
  message?: string | null;
  [key: string]: unknown;
}

/** What an image service answers. */
export interface ImageOutput {
  image_url?: string;
  [key: string]: unknown;
}

/** `InferResult.output` of a service: typed by its kind and category for known services. */
export type OutputFor<S extends string> = S extends KnownService
  ? (typeof SERVICE_CATALOG)[S]["kind"] extends "chat"
    ? ChatOutput
    : (typeof SERVICE_CATALOG)[S]["category"] extends "image"
      ? ImageOutput
      : Record<string, unknown>
  : Record<string, unknown>;

/**
 * The service parameter of `infer`: a known alias, or a `string`-typed value (the untyped call). A
 * literal that is not a known alias (a misspelling) is a compile error; write `infer<string>(...)` to
 * call a service the catalog does not know yet.
 */
export type ServiceName<S extends string> = string extends S
  ? string
  : S extends KnownService
    ? S
    : UnknownServiceName;

/** What a misspelled service literal is checked against: the compiler's message names the way out. */
interface UnknownServiceName {
  readonly "not a known service: check the alias, or call infer<string>(service, input) for one the catalog does not list": never;
}

/** The catalog entry of a known alias, or undefined. */
export function serviceSpec(alias: string): ServiceSpec | undefined {
  return Object.hasOwn(SERVICE_CATALOG, alias)
    ? (SERVICE_CATALOG as Record<string, ServiceSpec>)[alias]
    : undefined;
}

/** True when the alias is a known chat (LLM) service. */
export function isChatService(alias: string): boolean {
  return serviceSpec(alias)?.kind === "chat";
}

/**
 * The file inputs (fields of type `filename`) of a known service, in catalog order; undefined for a
 * service the catalog does not know (the server decides for those).
 */
export function fileInputsOf(alias: string): string[] | undefined {
  const spec = serviceSpec(alias);
  if (spec === undefined) return undefined;
  return Object.entries(spec.fields)
    .filter(([, field]) =>
      Array.isArray(field.type) ? field.type.includes("filename") : field.type === "filename",
    )
    .map(([name]) => name);
}
