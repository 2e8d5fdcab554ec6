/**
 * Freezes a value and everything in it: what is kept to be given out again (a kept answer, a kept
 * catalog) must not be changed by one caller for the next. Frozen before its members, so a cycle ends
 * at the first object seen twice.
 */
export function deepFreeze<Value>(value: Value): Value {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const item of Object.values(value)) deepFreeze(item);
  return value;
}
