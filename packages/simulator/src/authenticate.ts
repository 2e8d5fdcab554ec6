/**
 * The one authenticator of the simulator: it checks a request's credentials as the family's auth scheme
 * in `@theta/core` says they are sent (Bearer, named headers, Bearer-or-Basic, or nothing). Like the
 * simulator's own tokens, any non-empty credential is accepted except the literal values `invalid` and
 * `expired`, which stand for a revoked and an expired credential.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { AuthScheme, CredentialSpec } from "@theta/core";

/** Credential values every scheme refuses with 401. */
export const REJECTED_CREDENTIALS: ReadonlySet<string> = new Set(["invalid", "expired"]);

export interface AuthDenial {
  readonly status: number;
  readonly message: string;
}

/** What a credential is called in messages: its description up to the parenthesis ("on-demand API token"). */
function labelOf(credentials: readonly CredentialSpec[], key: string): string {
  const description = credentials.find((credential) => credential.key === key)?.description ?? key;
  return description.replace(/\s*\(.*$/, "");
}

function headerValue(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return (Array.isArray(value) ? value.join(",") : (value ?? "")).trim();
}

function deny(message: string): AuthDenial {
  return { status: 401, message };
}

function checkBearer(headers: IncomingHttpHeaders, label: string): AuthDenial | undefined {
  const header = headerValue(headers, "authorization");
  if (header.length === 0) return deny(`missing ${label}: send Authorization: Bearer <${label}>`);
  const match = /^Bearer\s+(\S.*)$/i.exec(header);
  if (!match) return deny(`invalid ${label}: use Authorization: Bearer <${label}>`);
  if (REJECTED_CREDENTIALS.has((match[1] ?? "").trim())) return deny(`invalid ${label}`);
  return undefined;
}

function checkBasic(encoded: string, userLabel: string, passwordLabel: string): AuthDenial | undefined {
  const decoded = Buffer.from(encoded.trim(), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  const user = colon < 0 ? "" : decoded.slice(0, colon);
  const password = colon < 0 ? "" : decoded.slice(colon + 1);
  if (user.length === 0 || password.length === 0) {
    return deny(`invalid ${userLabel} or ${passwordLabel}: send Basic base64(<user>:<password>)`);
  }
  if (REJECTED_CREDENTIALS.has(user) || REJECTED_CREDENTIALS.has(password)) {
    return deny(`invalid ${userLabel} or ${passwordLabel}`);
  }
  return undefined;
}

/** Undefined when the request carries credentials `scheme` accepts, else the 401 to answer. */
export function authenticate(
  scheme: AuthScheme,
  credentials: readonly CredentialSpec[],
  headers: IncomingHttpHeaders,
): AuthDenial | undefined {
  switch (scheme.kind) {
    case "bearer":
      return checkBearer(headers, labelOf(credentials, scheme.credential));
    case "headers": {
      for (const [header, key] of Object.entries(scheme.headers)) {
        const label = labelOf(credentials, key);
        const value = headerValue(headers, header);
        if (value.length === 0) return deny(`missing ${label}: send ${header}: <${label}>`);
        if (REJECTED_CREDENTIALS.has(value)) return deny(`invalid ${label}`);
      }
      return undefined;
    }
    case "basic-or-bearer": {
      const token = labelOf(credentials, scheme.token);
      const user = labelOf(credentials, scheme.user);
      const password = labelOf(credentials, scheme.password);
      const header = headerValue(headers, "authorization");
      const basic = /^Basic\s+(\S+)$/i.exec(header);
      if (basic) return checkBasic(basic[1] ?? "", user, password);
      if (header.length === 0) {
        return deny(
          `missing credentials: send Authorization: Bearer <${token}> or Basic <${user}:${password}>`,
        );
      }
      return checkBearer(headers, token);
    }
    case "none":
      return undefined;
  }
}
