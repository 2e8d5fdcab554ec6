/**
 * Host policy for endpoints a user types in (a dedicated inference deployment URL): the SDK will only
 * send credentials to Theta's own hosts.
 *
 * Accepted: `https://<host>[:443][/path]` where `<host>` is `thetaedgecloud.com`,
 * `onthetaedgecloud.com`, or a name under one of them (case-insensitive).
 *
 * Refused (decisions written down here so they stay deliberate):
 * - any scheme but `https:`, and `https:` without exactly `//` after it;
 * - userinfo (`user:pass@`), even empty (`https://@host`);
 * - any explicit port other than 443 (a Theta endpoint never needs one);
 * - query strings and fragments (an endpoint is a base URL; `#@` / `?@` are classic parser tricks);
 * - IP literals of every spelling: dotted, decimal, octal, hex, short (`127.1`), mixed, IPv6 in
 *   brackets, IPv4-mapped IPv6, zone ids — and `localhost`;
 * - a trailing dot (`x.thetaedgecloud.com.`): it is an alternate spelling of the same name and could
 *   dodge exact-match checks elsewhere;
 * - any character outside ASCII in the host part, checked on the raw text before anything is
 *   lowercased or parsed (the Kelvin sign `\u212A` lowercases to `k`; full-width dots and IDN names are
 *   mapped to ASCII by the URL parser);
 * - anything but ASCII letters, digits, `-` and `.` in the host: punycode labels (`xn--`), underscores,
 *   percent-encoding;
 * - backslashes, whitespace, control and invisible characters anywhere in the input.
 *
 * The raw text is checked first, then the WHATWG URL parser's view of it must agree exactly
 * (same hostname, no port, no userinfo), so a spelling the parser would normalize into something
 * else is refused rather than trusted.
 *
 * Refusal messages are fixed sentences: they never quote the input or any part of it (it may hold
 * credentials, and an attacker-chosen host in an error is a phishing aid).
 */
import { ThetaValidationError } from "./errors.js";

/** Registrable domains whose hosts `checkEndpoint` accepts (the host may equal one or sit under it). */
export const THETA_ENDPOINT_DOMAINS: readonly string[] = ["thetaedgecloud.com", "onthetaedgecloud.com"];

export const ENDPOINT_FIX =
  "Use the https://<name>.tec-sN.onthetaedgecloud.com URL shown in the Theta EdgeCloud dashboard for the deployment";

export interface CheckEndpointOptions {
  /** Name of the option or variable the URL came from, used in the error (default `endpoint`). */
  field?: string;
}

function refuse(field: string, reason: string): never {
  throw new ThetaValidationError({
    field,
    message: `${field} refused: ${reason}`,
    fix: ENDPOINT_FIX,
    code: "host_refused",
  });
}

/**
 * WHATWG "ends in a number": the last label (ignoring one trailing empty label) is all digits or
 * `0x` hex — the parser would read the host as IPv4.
 */
function endsInNumber(host: string): boolean {
  const labels = host.split(".");
  if (labels[labels.length - 1] === "" && labels.length > 1) labels.pop();
  const last = labels[labels.length - 1] ?? "";
  return /^[0-9]+$/.test(last) || /^0x[0-9a-f]*$/i.test(last);
}

/**
 * Checks a user-supplied endpoint URL against the host policy and returns the parsed URL.
 * Throws `ThetaValidationError` with code `host_refused` (never echoing the input, which may hold
 * credentials).
 */
export function checkEndpoint(url: string, opts: CheckEndpointOptions = {}): URL {
  const field = opts.field ?? "endpoint";
  if (typeof url !== "string") refuse(field, "it is not a string");
  const raw = url.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, "");
  if (raw.length === 0) refuse(field, "it is empty");
  if (raw.length > 2048) refuse(field, "it is longer than 2048 characters");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we look for
  if (/[\u0000-\u001f\u007f-\u009f]/.test(raw)) refuse(field, "it contains control characters");
  if (/[\s\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/u.test(raw)) {
    refuse(field, "it contains whitespace or invisible characters");
  }
  if (raw.includes("\\")) refuse(field, "it contains a backslash");

  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(raw);
  if (!scheme) refuse(field, "it is not an absolute https:// URL");
  if ((scheme[1] as string).toLowerCase() !== "https") refuse(field, "only https:// URLs are allowed");
  const afterScheme = raw.slice(scheme[0].length);
  if (!afterScheme.startsWith("//") || afterScheme.startsWith("///")) {
    refuse(field, "it must be https:// followed directly by the host name");
  }
  const rest = afterScheme.slice(2);
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
  const tail = authorityEnd < 0 ? "" : rest.slice(authorityEnd);

  // Before anything is lowercased or parsed: case mapping and IDNA turn some non-ASCII letters into
  // ASCII ones (the Kelvin sign U+212A lowercases to "k"), so a look-alike would pass every later check.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the range starts at U+0000 on purpose
  if (/[^\u0000-\u007f]/.test(authority)) {
    refuse(
      field,
      "the host name contains a character outside ASCII (look-alike letters, full-width dots and internationalized names are not allowed)",
    );
  }
  if (authority.includes("@")) refuse(field, "it contains credentials (user:password@ before the host)");
  if (tail.includes("?")) refuse(field, "query strings are not allowed in an endpoint");
  if (tail.includes("#")) refuse(field, "fragments (#...) are not allowed in an endpoint");
  if (authority.includes("%")) refuse(field, "percent-encoded host names are not allowed");
  if (authority.includes("[") || authority.includes("]"))
    refuse(field, "IP address literals are not allowed");

  let host = authority;
  const colon = authority.indexOf(":");
  if (colon >= 0) {
    if (authority.indexOf(":", colon + 1) >= 0) refuse(field, "IP address literals are not allowed");
    const port = authority.slice(colon + 1);
    host = authority.slice(0, colon);
    if (port !== "443") refuse(field, "only the default https port (443) is allowed");
  }
  host = host.toLowerCase();
  if (host.length === 0) refuse(field, "the host name is empty");
  if (host.endsWith(".")) refuse(field, "a trailing dot in the host name is not allowed");
  if (endsInNumber(host)) refuse(field, "IP address literals are not allowed");
  if (!/^[a-z0-9.-]+$/.test(host)) {
    refuse(
      field,
      "the host name may only contain ASCII letters, digits, '-' and '.' (no look-alike characters)",
    );
  }
  if (host.length > 253) refuse(field, "the host name is longer than 253 characters");
  for (const label of host.split(".")) {
    if (label.length === 0) refuse(field, "the host name has an empty label ('..')");
    if (label.length > 63) refuse(field, "a host name label is longer than 63 characters");
    if (label.startsWith("-") || label.endsWith("-"))
      refuse(field, "a host name label starts or ends with '-'");
    if (label.startsWith("xn--")) refuse(field, "punycode (internationalized) host names are not allowed");
  }
  if (host === "localhost" || host.endsWith(".localhost")) refuse(field, "localhost is not allowed");
  const underTheta = THETA_ENDPOINT_DOMAINS.some((domain) => host === domain || host.endsWith(`.${domain}`));
  if (!underTheta) {
    refuse(field, `the host is not under ${THETA_ENDPOINT_DOMAINS.join(" or ")}`);
  }

  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    refuse(field, "it is not a valid URL");
  }
  if (parsed.protocol !== "https:") refuse(field, "only https:// URLs are allowed");
  if (parsed.username !== "" || parsed.password !== "") {
    refuse(field, "it contains credentials (user:password@ before the host)");
  }
  if (parsed.hostname !== host) refuse(field, "the URL parser reads a different host than the text shows");
  if (parsed.port !== "") refuse(field, "only the default https port (443) is allowed");
  if (parsed.search !== "" || parsed.hash !== "")
    refuse(field, "query strings and fragments are not allowed");
  return parsed;
}

// ---------------------------------------------------------------------------------------------
// Loopback

function parseDottedDecimalIpv4(text: string): number[] | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return undefined;
    const value = Number(part);
    if (value > 255) return undefined;
    out.push(value);
  }
  return out;
}

/** Parses an IPv6 address (no brackets, no zone) into 8 16-bit groups. */
export function parseIpv6(text: string): number[] | undefined {
  let body = text;
  const groups: number[] = [];
  let tailV4: number[] | undefined;
  const lastColon = body.lastIndexOf(":");
  if (lastColon >= 0 && body.slice(lastColon + 1).includes(".")) {
    tailV4 = parseDottedDecimalIpv4(body.slice(lastColon + 1));
    if (!tailV4) return undefined;
    body = `${body.slice(0, lastColon + 1)}0:0`;
  }
  const halves = body.split("::");
  if (halves.length > 2) return undefined;
  const parse = (part: string): number[] | undefined => {
    if (part === "") return [];
    const out: number[] = [];
    for (const group of part.split(":")) {
      if (!/^[0-9a-f]{1,4}$/i.test(group)) return undefined;
      out.push(Number.parseInt(group, 16));
    }
    return out;
  };
  const head = parse(halves[0] as string);
  const rest = halves.length === 2 ? parse(halves[1] as string) : [];
  if (!head || !rest) return undefined;
  if (halves.length === 2) {
    const missing = 8 - head.length - rest.length;
    if (missing < 1) return undefined;
    groups.push(...head, ...new Array<number>(missing).fill(0), ...rest);
  } else {
    if (head.length !== 8) return undefined;
    groups.push(...head);
  }
  if (tailV4) {
    groups[6] = ((tailV4[0] as number) << 8) | (tailV4[1] as number);
    groups[7] = ((tailV4[2] as number) << 8) | (tailV4[3] as number);
  }
  return groups;
}

/**
 * True for `localhost`, 127.0.0.0/8 (dotted decimal, as the URL parser normalizes it), `::1` and
 * IPv4-mapped / IPv4-compatible 127.0.0.0/8 in IPv6 (`[::ffff:127.0.0.1]`). Brackets and a zone id are
 * accepted. Used for the simulator's plain-http opt-in.
 */
export function isLoopbackHost(hostname: string): boolean {
  let host = hostname.trim().toLowerCase();
  if (host === "localhost" || host === "localhost.") return true;
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  const v4 = parseDottedDecimalIpv4(host);
  if (v4) return v4[0] === 127;
  if (!host.includes(":")) return false;
  const zone = host.indexOf("%");
  if (zone >= 0) host = host.slice(0, zone);
  const groups = parseIpv6(host);
  if (!groups) return false;
  const firstFiveZero = groups.slice(0, 5).every((group) => group === 0);
  if (firstFiveZero && groups[5] === 0 && groups[6] === 0 && groups[7] === 1) return true;
  // ::ffff:127.x.y.z (mapped) and ::127.x.y.z (compatible, deprecated)
  if (firstFiveZero && (groups[5] === 0xffff || groups[5] === 0)) return (groups[6] as number) >> 8 === 127;
  return false;
}
