import type { AuthScheme } from "@theta/core";

/**
 * The one credential a scheme calls its token: the Bearer credential, the first header's credential,
 * or a dedicated endpoint's token; undefined for a scheme without credentials. Backs the deprecated
 * `simulator.tokens`.
 */
export function tokenOf(
  scheme: AuthScheme,
  credentials: Readonly<Record<string, string>>,
): string | undefined {
  switch (scheme.kind) {
    case "bearer":
      return credentials[scheme.credential];
    case "headers": {
      const [first] = Object.values(scheme.headers);
      return first === undefined ? undefined : credentials[first];
    }
    case "basic-or-bearer":
      return credentials[scheme.token];
    case "none":
      return undefined;
  }
}
