/**
 * Redaction of text that arrives in pieces (a streamed chat answer shown as it comes). Redacting
 * each piece alone would miss a secret split across two pieces (`sk-12` + `34...`), or a
 * `password: value` whose value comes in the next piece. The stream redactor holds back the end of
 * the text until what it shows can no longer change: the last words, and any end that starts a
 * known secret.
 */
import { pendingSecretPrefixLength, redactText } from "./redact.js";

export interface TextStreamRedactor {
  /** Adds the next piece; returns the redacted text that is safe to show now (often `""`). */
  push(piece: string): string;
  /** Returns the redacted rest and starts over; call it when the stream ends. */
  end(): string;
}

/**
 * Words always held back: a pattern such as `Bearer x` or `key = value` spans up to three words,
 * so two held words are enough for the equality check below to see it whole.
 */
const HELD_WORDS = 2;
/** How many earlier word boundaries to try before holding everything. */
const CUT_ATTEMPTS = 16;
/** Past this much held text without a safe cut (one giant word), cut inside it anyway. */
const MAX_HELD_CHARS = 8192;
/** When cutting inside a giant word: keep at least this much of it back. */
const FORCED_TAIL_CHARS = 1024;
/** Cut positions tried inside a giant word. */
const FORCED_ATTEMPTS = 4;
/**
 * Past this much held text, everything held is shown redacted (a quoted secret value that never
 * closes is then masked to its end): the redactor never holds, nor rescans, more than this.
 */
const HARD_HELD_CHARS = 65_536;
/** Held text shorter than this is searched for a cut at every piece (that is cheap). */
const CHEAP_SEARCH_CHARS = 1024;
/** Beyond that, a failed search waits for this share of new text before the next one. */
const RETRY_GROWTH = 0.25;

/** Positions where a word starts after whitespace (the only places the redactor cuts normally). */
function wordStarts(text: string): number[] {
  const starts: number[] = [];
  for (let index = 1; index < text.length; index++) {
    if (/\s/.test(text[index - 1] as string) && !/\s/.test(text[index] as string)) starts.push(index);
  }
  return starts;
}

/** True when redacting the two parts alone gives what redacting them together gives. */
function cutIsClean(text: string, cut: number, whole: string): boolean {
  return redactText(text.slice(0, cut)) + redactText(text.slice(cut)) === whole;
}

/** Where `text` can be cut so that the part before it is final; 0 when nothing is yet. */
function safeCut(text: string): number {
  const limit = text.length - pendingSecretPrefixLength(text);
  const whole = redactText(text);
  const starts = wordStarts(text).filter((start) => start <= limit);
  let attempts = 0;
  for (let index = starts.length - HELD_WORDS; index >= 0 && attempts < CUT_ATTEMPTS; index--) {
    attempts++;
    const cut = starts[index] as number;
    if (cutIsClean(text, cut, whole)) return cut;
  }
  if (text.length <= MAX_HELD_CHARS) return 0;
  let cut = Math.min(limit, text.length - FORCED_TAIL_CHARS);
  for (let attempt = 0; attempt < FORCED_ATTEMPTS && cut > 0; attempt++, cut -= FORCED_TAIL_CHARS) {
    if (cutIsClean(text, cut, whole)) return cut;
  }
  return 0;
}

/**
 * A redactor for one stream of text (use one per stream: content and reasoning are two). What it
 * returns, joined, is the whole text with every secret `redactText` finds replaced, even when a
 * secret was split across pieces. It holds back at most 64 KiB: past that it shows what it holds,
 * redacted, and starts over (only a pattern longer than that, such as a quoted value that never
 * closes, is then cut).
 */
export function createTextStreamRedactor(): TextStreamRedactor {
  let held = "";
  /** Held length at which to look for a cut again (a failed search is not repeated per character). */
  let retryAt = 0;
  const takeAll = (): string => {
    const rest = held;
    held = "";
    retryAt = 0;
    return redactText(rest);
  };
  return {
    push(piece) {
      if (piece.length === 0) return "";
      held += piece;
      if (held.length > HARD_HELD_CHARS) return takeAll();
      if (held.length < retryAt) return "";
      const cut = safeCut(held);
      if (cut === 0) {
        retryAt = held.length < CHEAP_SEARCH_CHARS ? 0 : held.length + Math.ceil(held.length * RETRY_GROWTH);
        return "";
      }
      const ready = held.slice(0, cut);
      held = held.slice(cut);
      retryAt = 0;
      return redactText(ready);
    },
    end: takeAll,
  };
}
