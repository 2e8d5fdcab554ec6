// Readers of the `x-theta-*` policy extensions shared by operations and JSON-RPC methods. Each reader
// takes the object carrying the extension, the place (`specs/x.yaml GET /path` or
// `specs/x.yaml components.schemas.Name`) and the list of problems to add to; it returns the value,
// or undefined after adding a problem, so one run reports every mistake of a spec at once.

const CONFIDENCE_VALUES = ["confirmed", "uncertain"];

export function readEvidence(carrier, where, problems) {
  const evidence = carrier["x-theta-evidence"];
  const cited =
    (typeof evidence === "string" && evidence.trim() !== "") ||
    (Array.isArray(evidence) &&
      evidence.length > 0 &&
      evidence.every((citation) => typeof citation === "string" && citation.trim() !== ""));
  if (!cited) {
    problems.push(
      `${where}: x-theta-evidence is missing; cite where it was seen (a string or a list of strings).`,
    );
  }
  return evidence;
}

export function readBoolean(carrier, key, where, problems, { optional = false } = {}) {
  const value = carrier[key];
  if (value === undefined && optional) return undefined;
  if (typeof value !== "boolean") {
    problems.push(
      `${where}: ${key} must be true or false (found ${JSON.stringify(value)}); add "${key}: true|false".`,
    );
    return undefined;
  }
  return value;
}

/** `x-theta-confidence` is required: every operation and method says whether it is confirmed or a guess. */
export function readConfidence(carrier, where, problems) {
  const confidence = carrier["x-theta-confidence"];
  if (!CONFIDENCE_VALUES.includes(confidence)) {
    problems.push(
      `${where}: x-theta-confidence must be "confirmed" or "uncertain" (found ${JSON.stringify(confidence)}); ` +
        `say whether it was live-validated or seen in official code (confirmed) or not (uncertain).`,
    );
    return undefined;
  }
  return confidence;
}

export function readTimeout(carrier, where, problems) {
  const timeoutMs = carrier["x-theta-timeout-ms"];
  if (timeoutMs === undefined) return undefined;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1000 || timeoutMs > 600000) {
    problems.push(`${where}: x-theta-timeout-ms must be an integer between 1000 and 600000.`);
    return undefined;
  }
  return timeoutMs;
}

export function readRetry(carrier, where, problems) {
  const value = carrier["x-theta-retry"];
  if (value === undefined) return undefined;
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    problems.push(`${where}: x-theta-retry must be an object { maxRetries?, statuses? }.`);
    return undefined;
  }
  const retry = {};
  const before = problems.length;
  for (const key of Object.keys(value)) {
    if (key !== "maxRetries" && key !== "statuses") {
      problems.push(`${where}: x-theta-retry.${key} is unknown; allowed keys are maxRetries and statuses.`);
    }
  }
  if (value.maxRetries !== undefined) {
    if (!Number.isInteger(value.maxRetries) || value.maxRetries < 0 || value.maxRetries > 6) {
      problems.push(`${where}: x-theta-retry.maxRetries must be an integer 0-6.`);
    }
    retry.maxRetries = value.maxRetries;
  }
  if (value.statuses !== undefined) {
    const statusCodes =
      Array.isArray(value.statuses) &&
      value.statuses.every((status) => Number.isInteger(status) && status >= 100 && status <= 599);
    if (!statusCodes) {
      problems.push(`${where}: x-theta-retry.statuses must be a list of HTTP status codes.`);
    } else {
      retry.statuses = [...value.statuses].sort((left, right) => left - right);
    }
  }
  return problems.length === before ? retry : undefined;
}

/**
 * The flags every operation and method carries: `x-theta-mutating`, `x-theta-billable`,
 * `x-theta-idempotent` (defaults to !mutating), `x-theta-confidence`, and the required evidence.
 */
export function readCommonPolicy(carrier, where, problems) {
  readEvidence(carrier, where, problems);
  const mutating = readBoolean(carrier, "x-theta-mutating", where, problems);
  const billable = readBoolean(carrier, "x-theta-billable", where, problems);
  const idempotent =
    readBoolean(carrier, "x-theta-idempotent", where, problems, { optional: true }) ??
    (mutating === undefined ? undefined : !mutating);
  const confidence = readConfidence(carrier, where, problems);
  const timeoutMs = readTimeout(carrier, where, problems);
  return { mutating, billable, idempotent, confidence, timeoutMs };
}
