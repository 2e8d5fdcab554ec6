/**
 * The model answer of a command whose run gave the same data as its previous run, reused. A model
 * asks for the same catalog or list again and again, and redacting and rendering a large result is
 * most of the work of such a call (the HTTP call and its parse stay on every call).
 *
 * "The same" is, under the same redaction rules (a secret registered since changes them): the same
 * source when the result was marked with one (core's `markSource`: made from the same answer text,
 * so nothing is compared), else the same JSON data, keys in the same order, as a private copy of the
 * previous result (`same-data.ts`). The reused answer is then byte for byte the one the result would
 * give. Only commands that declare a presentation are kept (their results are the data their output
 * schema describes), one answer each. A kept answer is frozen: every caller gets the same object.
 */
import { redactionRulesVersion, sourceOf } from "@theta/core";
import type { Command } from "./command.js";
import { deepFreeze } from "./deep-freeze.js";
import type { ModelAnswer } from "./model-answer.js";
import { sameData } from "./same-data.js";

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
      if (copy === undefined || redactionRulesVersion() !== rulesVersion) return answer;
      // Frozen: it is given to every later caller, so none of them may change it for the others.
      const frozen = deepFreeze(answer);
      kept.set(command.name, { source, result: copy.value, rulesVersion, answer: frozen });
      return frozen;
    },
  };
}
