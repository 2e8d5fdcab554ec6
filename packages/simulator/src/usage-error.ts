/** A bad `theta-simulator` argument: the bin prints the message and the usage text, and exits 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Parses a number flag value; `integer` also refuses fractions. */
export function parseNumber(flag: string, value: string | undefined, integer: boolean): number {
  const number = Number(value);
  if (
    value === undefined ||
    value === "" ||
    !Number.isFinite(number) ||
    (integer && !Number.isInteger(number))
  ) {
    throw new UsageError(`${flag} needs ${integer ? "an integer" : "a number"} (got ${value ?? "nothing"})`);
  }
  return number;
}

/** Checks that a flag value is one of `allowed`. */
export function oneOf<Allowed extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly Allowed[],
): Allowed {
  const match = allowed.find((candidate) => candidate === value);
  if (match === undefined) {
    throw new UsageError(`${flag} must be one of ${allowed.join(", ")} (got ${value ?? "nothing"})`);
  }
  return match;
}
