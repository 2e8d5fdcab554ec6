/**
 * What the hostile server can do to a request. Each scenario answers every operation (catalog, request
 * status, job creation, chat) with the same fault, so every family call path meets every fault.
 */
export const SCENARIOS = [
  "ok",
  "reset-before-headers",
  "reset-mid-body",
  "short-content-length",
  "slow-headers",
  "drip-body",
  "status-500-retry-after-garbage",
  "status-502-retry-after-negative",
  "status-503-retry-after-huge",
  "status-500-retry-after-past-date",
  "status-429-retry-after-ms-huge",
  "capacity-409",
  "html-200",
  "html-502",
  "oversized-json",
  "gzip-bomb",
  "redirect-cross-origin",
  "redirect-loop",
  "truncated-sse",
  "oversized-sse-line",
  "no-choices",
] as const;

export type Scenario = (typeof SCENARIOS)[number];

/**
 * Answers after which the server took nothing (the request never ran): a billable call may be sent
 * again after these. After any other answer, or none, the call may have run.
 */
export const TOOK_NOTHING: ReadonlySet<Scenario> = new Set<Scenario>([
  "capacity-409",
  "status-429-retry-after-ms-huge",
  // The transport's documented rule: a 503 means the server took nothing, so billable creates retry it.
  "status-503-retry-after-huge",
]);

/** The per-attempt timeout the storm's clients use; the slow scenarios wait longer than this. */
export const ATTEMPT_TIMEOUT_MS = 1000;
export const SLOW_MS = 1600;
/** The body cap the storm's clients are given... */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
/** ...and the size of the oversized answers (larger than the cap, smaller than the default). */
export const OVERSIZED_BYTES = 24 * 1024 * 1024;
