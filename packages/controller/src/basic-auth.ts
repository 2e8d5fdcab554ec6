/**
 * Basic Auth for a disposable deployment's endpoint, generated when the caller gives none (as the seed
 * skill does: a recognizable user name, a random password). The password is registered with the
 * redactor at once, so it never shows in logs, errors or reports.
 */
import { registerSecret } from "@theta/core";

export interface GeneratedBasicAuth {
  readonly username: string;
  readonly password: string;
}

function randomBytes(count: number): Uint8Array {
  const bytes = new Uint8Array(count);
  globalThis.crypto.getRandomValues(bytes);
  return bytes;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** base64url without padding (the password then needs no escaping anywhere). */
function base64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** `theta_<8 hex>` and 18 random bytes as base64url (24 characters). */
export function generateBasicAuth(): GeneratedBasicAuth {
  const username = `theta_${hex(randomBytes(4))}`;
  const password = base64Url(randomBytes(18));
  registerSecret(password);
  return { username, password };
}
