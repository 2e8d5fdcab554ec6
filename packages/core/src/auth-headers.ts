/** Turns a family's resolved credentials into request headers, as its auth scheme (families.ts) says. */
import type { CallerTerms } from "./caller-terms.js";
import { type ResolvedCredentials, requireCredential } from "./credentials.js";
import type { AuthScheme, FamilySpec } from "./families.js";
import { registerSecret } from "./redact.js";

export type CredentialValues = Record<string, string | undefined>;

const utf8 = new TextEncoder();

/** Standard base64 of the UTF-8 bytes of `text` (works without Node's Buffer). */
function base64OfText(text: string): string {
  let binary = "";
  for (const byte of utf8.encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * The headers for `scheme` from `values`; a credential that is not set adds no header (core refuses the
 * request before sending when the operation needs it). A Basic credential's encoded form is registered
 * with the redactor, like the secrets it is made of.
 */
export function authHeaders(scheme: AuthScheme, values: CredentialValues): Record<string, string> {
  switch (scheme.kind) {
    case "bearer": {
      const token = values[scheme.credential];
      return token ? { authorization: `Bearer ${token}` } : {};
    }
    case "headers": {
      const headers: Record<string, string> = {};
      for (const [header, credential] of Object.entries(scheme.headers)) {
        const value = values[credential];
        if (value) headers[header] = value;
      }
      return headers;
    }
    case "basic-or-bearer": {
      const token = values[scheme.token];
      if (token) return { authorization: `Bearer ${token}` };
      const user = values[scheme.user];
      const password = values[scheme.password];
      if (!user || !password) return {};
      const encoded = base64OfText(`${user}:${password}`);
      registerSecret(encoded);
      return { authorization: `Basic ${encoded}` };
    }
    case "none":
      return {};
  }
}

/**
 * Throws ThetaConfigError (`missing_credential`, naming the option and the environment variables)
 * when a credential the family's auth scheme sends is not set. A dedicated endpoint's credentials are
 * never required: a deployment created without auth fields is public.
 */
export function requireAuthCredentials(
  spec: FamilySpec,
  resolved: ResolvedCredentials,
  terms?: CallerTerms,
): void {
  const scheme = spec.auth;
  if (scheme.kind === "bearer") {
    if (!resolved.values[scheme.credential]) requireCredential(spec, resolved, scheme.credential, terms);
  } else if (scheme.kind === "headers") {
    for (const credential of Object.values(scheme.headers)) {
      if (!resolved.values[credential]) requireCredential(spec, resolved, credential, terms);
    }
  }
}
