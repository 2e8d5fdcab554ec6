/**
 * Redaction: everything that leaves the SDK as text (error messages, error bodies, logs, dry-run
 * plans) goes through here first.
 *
 * - Known secret values (every credential resolved by `resolveCredentials`, plus anything passed to
 *   `registerSecret`) are replaced with `[REDACTED]` wherever they appear, also URL-encoded,
 *   JSON-escaped and (for values of 16+ characters) base64-encoded, alone or inside a longer base64
 *   string such as a Basic `user:secret` credential. Values that would shred ordinary text are not
 *   registered: see `isFreeTextSecret`.
 * - Object keys that look secret (`authorization`, `api_key`, `password`, `token`, `cookie`, ...) have
 *   their value replaced with `[REDACTED]` — never a prefix or suffix of it — whatever the value,
 *   except the name of one of the SDK's credentials (`apiToken`, `THETA_API_KEY`). Token *counts*
 *   stay visible: `max_tokens`, `prompt_tokens`, `completion_tokens`, `total_tokens`, `tokens`,
 *   `*_tokens`.
 * - URLs lose their userinfo (`https://[REDACTED]@host`) and the values of signed query parameters.
 * - Free text loses `Bearer x` / `Basic x` credentials and `key=value` / `key: value` / `"key":"value"`
 *   pairs whose key looks secret.
 */
import { FAMILY_LIST } from "./families.js";

export const REDACTED = "[REDACTED]";

/**
 * Secret values shorter than this are not registered as free-text secrets by `registerSecret`:
 * replacing every occurrence of a short value would shred ordinary text. They are still masked as
 * values of secret-looking keys and headers, and after `Bearer` / `Basic`.
 */
export const MIN_SECRET_LENGTH = 8;

/** Secrets at least this long are also found base64-encoded (shorter encodings would match by chance). */
export const MIN_ENCODED_SECRET_LENGTH = 16;

/** Maximum nesting depth `redact` copies; deeper values become `[truncated]`. */
export const REDACT_MAX_DEPTH = 12;

const knownSecrets = new Set<string>();
/** Sorted (longest first) patterns derived from `knownSecrets`; rebuilt lazily. */
let secretPatterns: string[] | undefined;
/** Bumped whenever `knownSecrets` changes: see `redactionRulesVersion`. */
let rulesVersion = 0;

/**
 * A number that changes whenever the redaction rules change (a secret registered, or forgotten in a
 * test). A redacted copy made under one version may miss a secret registered after it, so whoever
 * keeps redacted text or values to reuse them keys them by this too.
 */
export function redactionRulesVersion(): number {
  return rulesVersion;
}

/**
 * The Theta host names, as they appear in URLs and messages. A "secret" that is part of one of them
 * (`thetaedgecloud.com`, `ondemand`) is not a secret, and replacing it would break every URL shown.
 */
const THETA_HOST_TEXT = [
  "https://ondemand.thetaedgecloud.com",
  "https://controller.thetaedgecloud.com",
  "https://api.thetaedgecloud.com",
  "https://www.thetaedgecloud.com/dashboard/api-keys",
  "https://api.thetavideoapi.com",
  "https://docs.thetatoken.org",
  "https://www.thetatoken.org",
].join("\n");

/** A single word as prose writes it: `invalid`, `Invalid`, `INVALID` (not `kQpZrTmW`). */
const PLAIN_WORD = /^(?:[a-z]+|[A-Z][a-z]+|[A-Z]+)$/;
/** Longer single words than this are rare in prose and may be random letters: they count as secrets. */
const PLAIN_WORD_MAX_LENGTH = 20;
/** A camelCase identifier without digits: `apiToken`, `clientSecret`. */
const CAMEL_CASE_NAME = /^[a-z]+(?:[A-Z][a-z]+)+$/;
/** An environment variable name: `THETA_ONDEMAND_API_BASE_URL`. */
const ENV_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
/** One of this SDK's environment variables: `THETA_ONDEMAND_API_TOKEN`. */
const THETA_ENV_NAME = /^THETA_[A-Z0-9_]+$/;

/**
 * The option names of the SDK's credentials, from the family list. Errors name them, e.g. `{ credential: "apiToken" }` in a
 * missing-credential error: under a secret-looking key, they are names, not secrets.
 */
export const CREDENTIAL_NAMES: ReadonlySet<string> = new Set(
  FAMILY_LIST.flatMap((family) => family.credentials.map((credential) => credential.key)),
);

/** True when `value` names a credential (`apiToken`, `THETA_API_KEY`) instead of being one. */
function namesACredential(value: string): boolean {
  return CREDENTIAL_NAMES.has(value) || THETA_ENV_NAME.test(value);
}

/**
 * Whether a value is worth replacing wherever it appears in free text. Not: values shorter than
 * `MIN_SECRET_LENGTH`, single plain words (`invalid`, `Password`), credential and environment
 * variable names (`apiToken`, `clientSecret`, `THETA_API_KEY`, `HOME_DIR`) and parts of the Theta
 * host names (`thetaedgecloud.com`).
 * Such values are still masked as values of secret-looking keys and headers.
 */
export function isFreeTextSecret(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed.length < MIN_SECRET_LENGTH) return false;
  if (PLAIN_WORD.test(trimmed) && trimmed.length <= PLAIN_WORD_MAX_LENGTH) return false;
  if (ENV_NAME.test(trimmed) || namesACredential(trimmed)) return false;
  if (CAMEL_CASE_NAME.test(trimmed) && isSecretKey(trimmed)) return false;
  if (!trimmed.includes("\n") && THETA_HOST_TEXT.includes(trimmed.toLowerCase())) return false;
  return true;
}

/**
 * Adds a value to the process-wide set of known secrets (replaced wherever they appear). Values
 * that `isFreeTextSecret` refuses and non-strings are ignored. Safe to call repeatedly.
 */
export function registerSecret(value: string | undefined | null): void {
  if (typeof value !== "string") return;
  const trimmed = value.trim();
  if (!isFreeTextSecret(trimmed)) return;
  if (knownSecrets.has(trimmed)) return;
  knownSecrets.add(trimmed);
  secretPatterns = undefined;
  rulesVersion++;
}

/**
 * Test-only: forgets every registered secret so tests do not influence each other.
 * Never call this from library or application code — secrets registered earlier would leak again.
 */
export function clearRegisteredSecretsForTesting(): void {
  knownSecrets.clear();
  secretPatterns = undefined;
  rulesVersion++;
}

function base64OfBytes(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function toBase64Url(base64: string): string {
  return base64.replace(/\+/g, "-").replace(/\//g, "_");
}

/**
 * The base64 spellings of a secret: alone (standard and URL alphabets, with and without padding),
 * and the characters that only depend on the secret when it sits at byte offset 0, 1 or 2 of a
 * longer encoded value (`base64("user:" + secret)`, a whole credential file...).
 */
function base64Forms(secret: string): string[] {
  const bytes = new TextEncoder().encode(secret);
  const whole = base64OfBytes(bytes);
  const forms = [whole, whole.replace(/=+$/, "")];
  for (let offset = 0; offset < 3; offset++) {
    const shifted = new Uint8Array(offset + bytes.length);
    shifted.set(bytes, offset);
    const encoded = base64OfBytes(shifted);
    // Character i holds bits [6i, 6i + 6); keep those inside the secret's bits.
    const first = Math.ceil((8 * offset) / 6);
    const end = Math.floor((8 * (offset + bytes.length)) / 6);
    forms.push(encoded.slice(first, end));
  }
  return [...forms, ...forms.map(toBase64Url)];
}

function patterns(): string[] {
  if (secretPatterns) return secretPatterns;
  const out = new Set<string>();
  for (const secret of knownSecrets) {
    out.add(secret);
    // Encoded spellings of the same value, as they would appear in a URL, JSON text or a Basic header.
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out.add(encoded);
    const json = JSON.stringify(secret).slice(1, -1);
    if (json !== secret) out.add(json);
    const formEncoded = encoded.replace(/%20/g, "+");
    if (formEncoded !== encoded) out.add(formEncoded);
    if (secret.length >= MIN_ENCODED_SECRET_LENGTH) for (const form of base64Forms(secret)) out.add(form);
  }
  secretPatterns = [...out].sort((a, b) => b.length - a.length);
  return secretPatterns;
}

function replaceKnownSecrets(text: string): string {
  let out = text;
  for (const secret of patterns()) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/**
 * The length of the longest end of `text` that is the start of a known secret (in any spelling):
 * a stream redactor must hold that much back, since the rest of the secret may follow.
 */
export function pendingSecretPrefixLength(text: string): number {
  let longest = 0;
  for (const secret of patterns()) {
    for (let length = Math.min(secret.length - 1, text.length); length > longest; length--) {
      if (text.endsWith(secret.slice(0, length))) {
        longest = length;
        break;
      }
    }
  }
  return longest;
}

// ---------------------------------------------------------------------------------------------
// Keys

/** Splits `maxTokens`, `X-Api-Key`, `api_key`, `sa.id` into lowercase words. */
function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
}

const SECRET_WORDS = new Set([
  "authorization",
  "authentication",
  "auth",
  "secret",
  "secrets",
  "password",
  "passwd",
  "passphrase",
  "pass",
  "pwd",
  "token",
  "apitoken",
  "credential",
  "credentials",
  "apikey",
  "cookie",
  "cookies",
  "bearer",
  "signature",
  "privatekey",
  "mnemonic",
]);

/** Word pairs that are secret together (`api key`, `access key`, `sa id`, `session id`). */
const SECRET_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ["api", "key"],
  ["access", "key"],
  ["private", "key"],
  ["secret", "key"],
  ["signing", "key"],
  ["sa", "id"],
  ["sa", "secret"],
  ["session", "id"],
  ["client", "secret"],
];

/** `token` followed by one of these is a count, not a credential (`token_count`, `token_usage`). */
const TOKEN_COUNT_FOLLOWERS = new Set(["count", "counts", "usage", "limit", "limits", "budget", "ids"]);

/**
 * Verdicts of `isSecretKey` already reached: a redacted value repeats the same keys (a catalog of 19
 * services has thousands of `type`, `description`, `default` keys), and splitting a key into words
 * costs three regular expressions. Bounded, so that ever-new keys cannot grow it forever.
 */
const secretKeyVerdicts = new Map<string, boolean>();
const MAX_SECRET_KEY_VERDICTS = 4096;

/**
 * True when an object key / header name / query parameter name looks like it holds a secret.
 * Token counts (`max_tokens`, `prompt_tokens`, `tokens`, `*_tokens`, `token_count`) are not secret.
 */
export function isSecretKey(key: string): boolean {
  const known = secretKeyVerdicts.get(key);
  if (known !== undefined) return known;
  const verdict = judgeKey(key);
  if (secretKeyVerdicts.size >= MAX_SECRET_KEY_VERDICTS) secretKeyVerdicts.clear();
  secretKeyVerdicts.set(key, verdict);
  return verdict;
}

function judgeKey(key: string): boolean {
  const words = keyWords(key);
  if (words.length === 0) return false;
  if (words.length === 1 && words[0] === "key") return true;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const next = words[i + 1];
    if (word === "tokens") continue;
    if (word === "token" && next !== undefined && TOKEN_COUNT_FOLLOWERS.has(next)) continue;
    if (SECRET_WORDS.has(word)) return true;
    if (next !== undefined && SECRET_PAIRS.some(([a, b]) => a === word && b === next)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// URLs

/** Query parameters whose value is always redacted (compared lowercase). */
const SIGNED_QUERY_PARAMS = new Set([
  "signature",
  "sig",
  "token",
  "access_token",
  "id_token",
  "refresh_token",
  "key",
  "api_key",
  "apikey",
  "api-key",
  "expires",
  "credential",
  "password",
  "secret",
  "auth",
]);

function isSignedQueryParam(name: string): boolean {
  let decoded = name;
  try {
    decoded = decodeURIComponent(name.replace(/\+/g, " "));
  } catch {
    // keep the raw name
  }
  const lower = decoded.toLowerCase();
  if (SIGNED_QUERY_PARAMS.has(lower)) return true;
  if (lower.startsWith("x-amz-") || lower.startsWith("x-goog-")) return true;
  if (lower.startsWith("x_goog") || lower.startsWith("x_amz")) return true;
  return isSecretKey(decoded);
}

function redactParams(params: string): string {
  return params
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      if (eq < 0) return pair;
      const name = pair.slice(0, eq);
      return isSignedQueryParam(name) ? `${name}=${REDACTED}` : pair;
    })
    .join("&");
}

const URL_PREFIX = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)/;

/**
 * Redacts one URL: userinfo becomes `[REDACTED]`, signed / secret query and fragment parameters
 * keep their name and lose their value, known secret values anywhere are replaced.
 * Works on strings that are not valid URLs too (it never throws).
 */
export function redactUrl(url: string | URL): string {
  const text = typeof url === "string" ? url : url.href;
  return replaceKnownSecrets(redactUrlStructure(text));
}

function redactUrlStructure(text: string): string {
  let rest = text;
  let prefix = "";
  const scheme = URL_PREFIX.exec(rest);
  if (scheme) {
    prefix = scheme[1] as string;
    rest = rest.slice(prefix.length);
    // Authority ends at the first "/", "?", "#" or "\" (WHATWG treats "\" as "/" for http(s)).
    const end = rest.search(/[/?#\\]/);
    const authority = end < 0 ? rest : rest.slice(0, end);
    const at = authority.lastIndexOf("@");
    if (at >= 0) {
      prefix += `${REDACTED}@${authority.slice(at + 1)}`;
      rest = end < 0 ? "" : rest.slice(end);
    }
  }
  const hashAt = rest.indexOf("#");
  const beforeHash = hashAt < 0 ? rest : rest.slice(0, hashAt);
  const fragment = hashAt < 0 ? undefined : rest.slice(hashAt + 1);
  const queryAt = beforeHash.indexOf("?");
  let out = prefix;
  if (queryAt < 0) {
    out += beforeHash;
  } else {
    out += `${beforeHash.slice(0, queryAt)}?${redactParams(beforeHash.slice(queryAt + 1))}`;
  }
  if (fragment !== undefined) out += `#${redactParams(fragment)}`;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Text

/** A URL in free text (the lookbehind keeps the scan linear, as above). */
const URL_IN_TEXT = /(?<![a-zA-Z0-9+.-])[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s"'<>`]+/g;

/** `Bearer <token>` (any token) and `Basic <base64>` (not plain lowercase words like "Basic usage"). */
const AUTH_SCHEME = /\b(Bearer|Basic|Token|Digest)(\s+)([A-Za-z0-9\-._~+/]+=*)/gi;

/**
 * `key=` / `key:` / `"key":` (quotes possibly JSON-escaped). The lookbehind lets a key start only
 * where a run of key characters starts, which keeps the scan linear on long unbroken text.
 */
const ASSIGNMENT_KEY = /(\\?["'])?(?<![A-Za-z0-9_.-])([A-Za-z_][A-Za-z0-9_.-]*)(\\?["'])?(\s*[:=]\s*)/g;

/**
 * The value after an assignment: quoted (possibly JSON-escaped; a quote still open at the end of the
 * text, as in a shortened error body, runs to the end), or a bare run (with an optional scheme).
 */
const ASSIGNMENT_VALUE =
  /(\[REDACTED\]|\\?"(?:[^"\\]|\\[^"])*(?:\\?"|$)|'(?:[^'\\]|\\.)*(?:'|$)|(?:(?:Bearer|Basic|Token)\s+)?(?:\[REDACTED\]|[^\s"'&,;)}\]\\]+))/y;

/**
 * What every pattern of `redactText` needs: a URL has `:`, an assignment `:` or `=`, an auth scheme
 * its word. Text without any of them is left as it is by all of them.
 */
const MAY_HOLD_A_CREDENTIAL = /[:=]|bearer|basic|token|digest/i;

function redactAssignments(text: string): string {
  let out = "";
  let copied = 0;
  ASSIGNMENT_KEY.lastIndex = 0;
  for (let match = ASSIGNMENT_KEY.exec(text); match !== null; match = ASSIGNMENT_KEY.exec(text)) {
    const key = match[2] as string;
    // A non-secret key: keep scanning right after its separator, so `a: password=x` still finds `password`.
    if (!isSecretKey(key) && !SIGNED_QUERY_PARAMS.has(key.toLowerCase())) continue;
    const valueStart = match.index + match[0].length;
    ASSIGNMENT_VALUE.lastIndex = valueStart;
    const valueMatch = ASSIGNMENT_VALUE.exec(text);
    if (!valueMatch) continue;
    const value = valueMatch[0];
    ASSIGNMENT_KEY.lastIndex = valueStart + value.length;
    const bare = value.replace(/^(Bearer|Basic|Token)\s+/i, "").replace(/[\\"']/g, "");
    // Already redacted, or the name of a credential (`credential: apiToken`), not a secret.
    if (bare === REDACTED || namesACredential(bare)) continue;
    const quote = /^(\\?["'])/.exec(value);
    const replacement = quote ? `${quote[1]}${REDACTED}${quote[1]}` : REDACTED;
    out += text.slice(copied, valueStart) + replacement;
    copied = valueStart + value.length;
  }
  return out + text.slice(copied);
}

/**
 * Scrubs free text: known secret values, `Bearer x` / `Basic x`, secret-looking `key=value` /
 * `key: value` / `"key":"value"` pairs, URL userinfo and signed query parameters.
 */
export function redactText(text: string): string {
  if (typeof text !== "string") return text;
  if (text.length === 0) return text;
  let out = replaceKnownSecrets(text);
  // Most strings of an API answer ("integer", "Text to image.") can match none of the patterns below;
  // one scan tells, instead of four (the redaction of a large answer is mostly these strings).
  if (!MAY_HOLD_A_CREDENTIAL.test(out)) return out;
  out = out.replace(URL_IN_TEXT, (url) => redactUrlStructure(url));
  out = out.replace(AUTH_SCHEME, (match, scheme: string, space: string, credential: string) => {
    const lowerScheme = scheme.toLowerCase();
    // "Basic usage", "token limit": plain lowercase words are prose, not credentials.
    if (lowerScheme !== "bearer" && /^[a-z]+$/.test(credential)) return match;
    if (lowerScheme === "bearer" && /^(token|auth|authentication|header)$/i.test(credential)) return match;
    return `${scheme}${space}${REDACTED}`;
  });
  out = redactAssignments(out);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Headers

/** Header names whose value is always redacted (compared lowercase). */
export const SENSITIVE_HEADERS: ReadonlySet<string> = new Set([
  "authorization",
  "proxy-authorization",
  "x-api-key",
  "x-theta-api-key",
  "x-tva-sa-id",
  "x-tva-sa-secret",
  "cookie",
  "set-cookie",
  "x-auth-token",
  "x-amz-security-token",
  "x-goog-api-key",
]);

export type HeadersLike =
  | Headers
  | ReadonlyArray<readonly [string, string]>
  | Readonly<Record<string, string | readonly string[] | number | boolean | null | undefined>>;

function redactHeaderValue(name: string, value: string): string {
  const lower = name.toLowerCase();
  if (SENSITIVE_HEADERS.has(lower) || isSecretKey(lower)) {
    if (lower === "authorization" || lower === "proxy-authorization") {
      // Keep the scheme (useful when reading a dry-run plan); never any part of the credential.
      const scheme = /^\s*(Bearer|Basic|Digest|Token)\s+\S/i.exec(value);
      if (scheme) return `${scheme[1]} ${REDACTED}`;
    }
    return REDACTED;
  }
  return redactText(value);
}

/**
 * Returns a plain object copy of `headers` with every sensitive header redacted
 * (`Authorization: Bearer [REDACTED]`, `x-api-key: [REDACTED]`, ...). Other values are scrubbed with
 * `redactText`. Names keep their spelling for plain objects and are lowercase for `Headers`.
 */
export function redactHeaders(headers: HeadersLike | undefined | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  if (typeof Headers !== "undefined" && headers instanceof Headers) {
    headers.forEach((value, name) => {
      out[name] = redactHeaderValue(name, value);
    });
    return out;
  }
  if (Array.isArray(headers)) {
    for (const entry of headers as ReadonlyArray<readonly [string, string]>) {
      const [name, value] = entry;
      out[name] = redactHeaderValue(name, String(value));
    }
    return out;
  }
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    const text = Array.isArray(value) ? value.map(String).join(", ") : String(value);
    out[name] = redactHeaderValue(name, text);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Values

function isBinary(value: object): number | undefined {
  if (value instanceof ArrayBuffer) return value.byteLength;
  if (typeof SharedArrayBuffer !== "undefined" && value instanceof SharedArrayBuffer) return value.byteLength;
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (typeof Blob !== "undefined" && value instanceof Blob) return value.size;
  return undefined;
}

/** A web stream's reader method, or a Node stream's `pipe` and `on`. */
function quacksLikeAStream(value: object): boolean {
  const candidate = value as { pipe?: unknown; getReader?: unknown; on?: unknown };
  if (typeof candidate.getReader === "function") return true;
  return typeof candidate.pipe === "function" && typeof candidate.on === "function";
}

function isStream(value: object): boolean {
  if (typeof ReadableStream !== "undefined" && value instanceof ReadableStream) return true;
  if (typeof WritableStream !== "undefined" && value instanceof WritableStream) return true;
  return quacksLikeAStream(value);
}

const ERROR_MARKER = Symbol.for("theta.error");

function redactError(error: Error, depth: number, ancestors: Set<object>): Record<string, unknown> {
  const asJson = (error as { toJSON?: unknown }).toJSON;
  if ((error as unknown as Record<symbol, unknown>)[ERROR_MARKER] === true && typeof asJson === "function") {
    return redactValue(asJson.call(error), depth, ancestors) as Record<string, unknown>;
  }
  const out: Record<string, unknown> = { name: error.name, message: redactText(error.message) };
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" || typeof code === "number") out.code = code;
  if (error.cause !== undefined) out.cause = redactValue(error.cause, depth + 1, ancestors);
  return out;
}

function redactValue(value: unknown, depth: number, ancestors: Set<object>): unknown {
  switch (typeof value) {
    case "string":
      return redactText(value);
    case "number":
    case "boolean":
    case "undefined":
    case "bigint":
      return value;
    case "symbol":
      return value.toString();
    case "function":
      return "[function]";
    default:
      break;
  }
  if (value === null) return null;
  const object = value as object;
  if (ancestors.has(object)) return "[circular]";
  if (depth > REDACT_MAX_DEPTH) return "[truncated]";
  // Parsed JSON is plain objects and arrays: none of the classes below, so skip their dozen checks
  // (a large API answer is thousands of these). A plain object can still quack like a stream.
  if (Array.isArray(object) || (isPlainObject(object) && !quacksLikeAStream(object))) {
    ancestors.add(object);
    try {
      return Array.isArray(object)
        ? object.map((item) => redactValue(item, depth + 1, ancestors))
        : redactEntries(object as Record<string, unknown>, depth, ancestors);
    } finally {
      ancestors.delete(object);
    }
  }
  const bytes = isBinary(object);
  if (bytes !== undefined) return `[binary ${bytes} bytes]`;
  if (isStream(object)) return "[stream]";
  if (object instanceof Date) return new Date(object.getTime());
  if (object instanceof URL) return redactUrl(object);
  if (object instanceof URLSearchParams) return redactParams(object.toString());
  if (typeof Headers !== "undefined" && object instanceof Headers) return redactHeaders(object);
  if (typeof FormData !== "undefined" && object instanceof FormData) return "[form-data]";
  if (object instanceof RegExp) return redactText(object.toString());
  if (object instanceof Promise || object instanceof WeakMap || object instanceof WeakSet) return "[object]";

  ancestors.add(object);
  try {
    if (object instanceof Error) return redactError(object, depth, ancestors);
    if (object instanceof Map) {
      const out = new Map<unknown, unknown>();
      for (const [key, item] of object) {
        const masked = typeof key === "string" && isSecretKey(key);
        out.set(
          redactValue(key, depth + 1, ancestors),
          masked ? maskValue(item) : redactValue(item, depth + 1, ancestors),
        );
      }
      return out;
    }
    if (object instanceof Set) {
      const out = new Set<unknown>();
      for (const item of object) out.add(redactValue(item, depth + 1, ancestors));
      return out;
    }
    return redactEntries(object as Record<string, unknown>, depth, ancestors);
  } finally {
    ancestors.delete(object);
  }
}

/** An object made by `{}`, `JSON.parse` or `Object.create(null)`, not an instance of a class. */
function isPlainObject(object: object): boolean {
  const prototype = Object.getPrototypeOf(object);
  return prototype === Object.prototype || prototype === null;
}

function redactEntries(
  object: Record<string, unknown>,
  depth: number,
  ancestors: Set<object>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(object)) {
    const item = object[key];
    const value = isSecretKey(key) ? maskValue(item) : redactValue(item, depth + 1, ancestors);
    // An own `__proto__` key (JSON.parse makes one) assigned would set the copy's prototype instead:
    // the key lost, and the copy inheriting whatever a hostile server put under it.
    if (key === "__proto__") {
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    } else {
      out[key] = value;
    }
  }
  return out;
}

const ALREADY_REDACTED = /^(?:(?:Bearer|Basic|Digest|Token) )?\[REDACTED\]$/;

/**
 * The value under a secret-looking key: absent / boolean values and credential names stay (they
 * reveal nothing); anything else is replaced whole.
 */
function maskValue(value: unknown): unknown {
  if (value === undefined || value === null || typeof value === "boolean") return value;
  if (typeof value === "string" && value.length === 0) return value;
  // Already redacted (e.g. `Bearer [REDACTED]` from redactHeaders): keep, so redaction is idempotent.
  if (typeof value === "string" && ALREADY_REDACTED.test(value)) return value;
  // The name of a credential (`{ credential: "apiToken" }` in a missing-credential error).
  if (typeof value === "string" && namesACredential(value)) return value;
  return REDACTED;
}

/**
 * Deep copy of `value` that is safe to log or put in an error: secret-looking keys masked, strings
 * scrubbed with `redactText`, URLs redacted, cycles → `[circular]`, binary data →
 * `[binary N bytes]`, streams → `[stream]`, nesting deeper than 12 → `[truncated]`.
 * The declared type is kept for convenience; the copy may hold strings where the input had objects.
 */
export function redact<T>(value: T): T {
  return redactValue(value, 0, new Set<object>()) as T;
}
