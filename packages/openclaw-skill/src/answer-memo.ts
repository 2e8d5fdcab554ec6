/**
 * The model answer of a command whose run gave the same data as its previous run, reused. A model
 * asks for the same catalog or list again and again, and redacting and rendering a large result is
 * most of the work of such a call (the HTTP call and its parse stay on every call).
 *
 * "The same" is, under the same redaction rules (a secret registered since changes them): the same
 * source when the result was marked with one (core's `markSource`: made from the same answer text,
 * so nothing is compared), else the same JSON data as a private copy of the previous result. The
 * reused answer is then byte for byte the one the result would give. Only commands that declare a
 * presentation are kept (their results are the data their output schema describes), one answer each.
 */
import { redactionRulesVersion, sourceOf } from "@theta/core";
import type { Command } from "./command.js";
import type { ModelAnswer } from "./model-answer.js";

export interface AnswerMemo {
  /** The kept answer of `command` when `result` is the same data as last time; else `answerOf()`, kept. */
  answer(command: Command, result: unknown, answerOf: () => ModelAnswer): ModelAnswer;
}

interface KeptAnswer {
  /** The source the result was marked with (core's `markSource`): the same source is the same data. */
  readonly source: string | undefined;
  /** Else a private copy of the result: a change to the result object later cannot fool the comparison. */
  readonly result: unknown;
  readonly rulesVersion: number;
  readonly answer: ModelAnswer;
}

function isPlainRecord(value: object): value is Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Whether two values are the same JSON data: primitives, arrays and plain objects, compared all the
 * way down. Anything else (a Map, a Date, a class instance) counts as different, so its answer is
 * made anew. The walk allocates nothing: on a repeated catalog it costs a fraction of a copy.
 */
export function sameData(left: unknown, right: unknown): boolean {
  if (typeof left !== "object" || left === null || typeof right !== "object" || right === null) {
    return Object.is(left, right);
  }
  if (Array.isArray(left)) {
    if (!Array.isArray(right) || left.length !== right.length) return false;
    for (let index = 0; index < left.length; index++) {
      if (!sameData(left[index], right[index])) return false;
    }
    return true;
  }
  if (Array.isArray(right) || !isPlainRecord(left) || !isPlainRecord(right)) return false;
  // for...in rather than Object.keys: no key arrays made. An inherited enumerable key (a polluted
  // Object.prototype) is not own on `right`, so it can only make the two differ.
  let keys = 0;
  for (const key in left) {
    if (!Object.hasOwn(right, key) || !sameData(left[key], right[key])) return false;
    keys++;
  }
  for (const _key in right) keys--;
  return keys === 0;
}

/** A private copy of `result`, or `undefined` when it cannot be copied (it holds a function, say). */
function copyOf(result: unknown): { readonly value: unknown } | undefined {
  try {
    return { value: structuredClone(result) };
  } catch {
    return undefined;
  }
}

export function createAnswerMemo(): AnswerMemo {
  const kept = new Map<string, KeptAnswer>();
  return {
    answer(command, result, answerOf) {
      if (command.presentation === undefined) return answerOf();
      const rulesVersion = redactionRulesVersion();
      const source = sourceOf(result);
      const previous = kept.get(command.name);
      if (
        previous &&
        previous.rulesVersion === rulesVersion &&
        (source === undefined
          ? previous.source === undefined && sameData(previous.result, result)
          : previous.source === source)
      ) {
        return previous.answer;
      }
      kept.delete(command.name);
      // Copied before answering: the answer is made from the result as it is now.
      const copy = source === undefined ? copyOf(result) : { value: undefined };
      const answer = answerOf();
      // Rules that changed while answering leave it unclear which ones the answer was redacted under.
      if (copy !== undefined && redactionRulesVersion() === rulesVersion) {
        kept.set(command.name, { source, result: copy.value, rulesVersion, answer });
      }
      return answer;
    },
  };
}
