/**
 * Service categories. The API has no categories endpoint; like the official MCP server, the SDK derives
 * the category from the alias and name, adding `vision` for image-understanding models.
 */
import { type ServiceCategory, serviceSpec } from "./catalog.js";

export const SERVICE_CATEGORIES: readonly ServiceCategory[] = [
  "image",
  "audio",
  "text",
  "video",
  "vision",
  "other",
];

const RULES: ReadonlyArray<readonly [ServiceCategory, RegExp]> = [
  ["vision", /blip|llava|grounding[_-]?dino|vision|caption|detect/],
  ["audio", /whisper|audio|voice|speech|tts|stt/],
  ["video", /video|talking[_-]?head|animate/],
  ["image", /flux|sdxl|stable|image|upscale|esrgan|instant[_-]?id|diffusion|img/],
  ["text", /llama|llm|text|chat|mistral|qwen|gpt|glm|minimax|deepseek|gemma|phi|completion/],
];

/** The category of a service: from the catalog for known aliases, else from alias/name keywords. */
export function categorize(alias: string, name?: string): ServiceCategory {
  const known = serviceSpec(alias);
  if (known) return known.category;
  const text = `${alias} ${name ?? ""}`.toLowerCase();
  for (const [category, pattern] of RULES) {
    if (pattern.test(text)) return category;
  }
  return "other";
}

export function isServiceCategory(value: unknown): value is ServiceCategory {
  return typeof value === "string" && (SERVICE_CATEGORIES as readonly string[]).includes(value);
}
