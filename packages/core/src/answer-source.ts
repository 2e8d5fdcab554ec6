/**
 * What a value was made from: the text of the HTTP answer it was parsed from, plus whatever else
 * decided it (a filter, an option). Two values marked with the same source are the same data, so
 * whoever derives something costly from one (a summary, the answer a model reads) can reuse it for
 * the other without comparing them: a catalog read again and again is the same text every time.
 *
 * Kept beside the value (a WeakMap), never on it: the value is unchanged, nothing serializes the
 * mark, and it goes when the value goes. A value changed after it was marked no longer matches its
 * source, so only whoever made the value marks it, before handing it out.
 */
const sources = new WeakMap<object, string>();

/** Marks `value` as made from `source` alone; returns `value`. */
export function markSource<Value extends object>(value: Value, source: string): Value {
  sources.set(value, source);
  return value;
}

/** The source `value` was marked with, if any. */
export function sourceOf(value: unknown): string | undefined {
  return typeof value === "object" && value !== null ? sources.get(value) : undefined;
}
