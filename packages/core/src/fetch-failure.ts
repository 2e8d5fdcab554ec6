/**
 * What a rejected `fetch` says about the request: never sent (nothing reached the server, so any
 * request may be sent again), refused outright for its port, or possibly sent.
 */

/** Error codes along an error's cause chain (undici nests the socket error in `cause`). */
function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== null && typeof current === "object"; depth++) {
    const record = current as { code?: unknown; name?: unknown; cause?: unknown; errors?: unknown };
    if (typeof record.code === "string") codes.push(record.code);
    if (typeof record.name === "string") codes.push(record.name);
    if (Array.isArray(record.errors)) {
      for (const inner of record.errors) codes.push(...errorCodes(inner));
    }
    current = record.cause;
  }
  return codes;
}

/** Failures that happen before a single byte of the request could reach the server. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EAI_NONAME",
  "EAI_FAIL",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EHOSTDOWN",
  "ENETDOWN",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
]);

export function wasNotSent(error: unknown): boolean {
  return errorCodes(error).some(
    (code) =>
      NOT_SENT_CODES.has(code) ||
      code.startsWith("ERR_TLS_") ||
      code.startsWith("CERT_") ||
      code.includes("_CERT_") ||
      code === "DEPTH_ZERO_SELF_SIGNED_CERT" ||
      code === "SELF_SIGNED_CERT_IN_CHAIN",
  );
}

/**
 * True when fetch refused the URL's port before connecting: undici fails such requests with a
 * "bad port" network error (the fetch standard's list of ports blocked as unsafe, e.g. 6000, 10080).
 */
export function isBlockedPort(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== null && typeof current === "object"; depth++) {
    const record = current as { message?: unknown; cause?: unknown };
    if (record.message === "bad port") return true;
    current = record.cause;
  }
  return false;
}
