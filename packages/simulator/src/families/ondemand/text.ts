import { hashString, Rng } from "../../random.js";

const WORDS = (
  "the edge network model answer simulated request node quickly returns a short useful result for your " +
  "question with care and clear steps data stream tokens arrive in order while the GPU cluster stays busy " +
  "every reply is deterministic from seed prompt local test runs offline safely"
).split(" ");
/** Multi-byte words, used now and then so that clients meet UTF-8 split across writes. */
const EXOTIC_WORDS = ["café", "naïve", "résumé", "→", "über", "日本", "🚀"];

/** Splits text into token pieces: each piece is one word with its leading whitespace. */
export function toPieces(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [];
}

function sentence(rng: Rng, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(rng.next() < 0.06 ? rng.pick(EXOTIC_WORDS) : rng.pick(WORDS));
  const first = out[0] ?? "ok";
  out[0] = first.charAt(0).toUpperCase() + first.slice(1);
  return `${out.join(" ")}.`;
}

/** Deterministic prose of exactly `count` words. */
export function prose(rng: Rng, count: number): string {
  const sentences: string[] = [];
  let left = count;
  while (left > 0) {
    const n = Math.min(left, rng.int(6, 12));
    sentences.push(sentence(rng, n));
    left -= n;
  }
  return sentences.join(" ");
}

/** The rng for content derived from the simulator seed and the request's text. */
export function contentRng(seed: number, ...parts: string[]): Rng {
  return new Rng(hashString(parts.join("\u0000"), seed));
}

const ECHO = /\[\[echo:([\s\S]*?)\]\]/;
const WORDS_DIRECTIVE = /\[\[words:(\d{1,6})\]\]/;

/**
 * The reply to a prompt. Directives in the prompt: `[[echo:TEXT]]` answers exactly TEXT;
 * `[[words:N]]` answers N words; otherwise 18–40 deterministic words.
 */
export function replyText(rng: Rng, prompt: string): string {
  const echo = ECHO.exec(prompt);
  if (echo) return echo[1] ?? "";
  const words = WORDS_DIRECTIVE.exec(prompt);
  const count = words ? Number(words[1]) : rng.int(18, 40);
  return prose(rng, count);
}

/** Reasoning text of a length set by the effort. */
export function reasoningText(rng: Rng, prompt: string, effort: string | undefined): string {
  const count = effort === "max" ? 96 : effort === "high" ? 48 : effort === "medium" ? 24 : 12;
  const topic = prompt.trim().split(/\s+/).slice(0, 6).join(" ");
  return `The user asks: "${topic}". ${prose(rng, count)}`;
}

/** A short deterministic caption for an image. */
export function caption(rng: Rng): string {
  const subject = rng.pick([
    "a cat",
    "a mountain lake",
    "a city street",
    "a red bicycle",
    "two people",
    "a bowl of fruit",
  ]);
  const place = rng.pick(["at sunset", "in the snow", "on a wooden table", "under a blue sky", "in a park"]);
  return `${subject} ${place}`;
}
