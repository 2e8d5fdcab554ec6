/**
 * Whether two values are the same JSON data, as a model would read them: primitives, arrays and
 * plain objects, compared all the way down, keys in the same order (the order decides the JSON text).
 * Anything else (a Map, a Date, a class instance) counts as different, and so does nesting deeper
 * than `MAX_SAME_DATA_DEPTH` (a cycle ends there instead of recursing forever). The walk allocates
 * only the key lists: on a repeated result it costs a fraction of a copy.
 */
export const MAX_SAME_DATA_DEPTH = 64;

function isPlainRecord(value: object): value is Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

export function sameData(left: unknown, right: unknown, depth = 0): boolean {
  if (typeof left !== "object" || left === null || typeof right !== "object" || right === null) {
    return Object.is(left, right);
  }
  if (depth >= MAX_SAME_DATA_DEPTH) return false;
  if (Array.isArray(left)) {
    if (!Array.isArray(right) || left.length !== right.length) return false;
    for (let index = 0; index < left.length; index++) {
      if (!sameData(left[index], right[index], depth + 1)) return false;
    }
    return true;
  }
  if (Array.isArray(right) || !isPlainRecord(left) || !isPlainRecord(right)) return false;
  const leftKeys = Object.keys(left);
  const rightKeys = Object.keys(right);
  if (leftKeys.length !== rightKeys.length) return false;
  for (let index = 0; index < leftKeys.length; index++) {
    const key = leftKeys[index] as string;
    if (key !== rightKeys[index] || !sameData(left[key], right[key], depth + 1)) return false;
  }
  return true;
}
