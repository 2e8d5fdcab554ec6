/** What a mutating request under dry-run would have sent: the plan carried by ThetaDryRunError. */
import { redact } from "./redact.js";

/** What a mutating request under dry-run would have sent (redacted). */
export interface DryRunPlan {
  dryRun: true;
  family: string;
  operationId: string;
  method: string;
  /** Redacted URL (userinfo and signed query parameters masked). */
  url: string;
  /** Redacted headers, including the authentication the client would have added. */
  headers: Record<string, string>;
  /** Parsed JSON body (redacted), a short description of a non-JSON body, or undefined. */
  body: unknown;
  mutating: boolean;
  billable: boolean;
  note: string;
}

export function describeBodyForPlan(
  bytes: Uint8Array | undefined,
  streamed: boolean,
  contentType: string,
): unknown {
  if (streamed) return "[streamed body, not buffered]";
  if (!bytes || bytes.byteLength === 0) return undefined;
  const text = new TextDecoder().decode(bytes);
  if (/json/i.test(contentType) || /^\s*[[{]/.test(text)) {
    try {
      return redact(JSON.parse(text) as unknown);
    } catch {
      // fall through: describe it
    }
  }
  return `[${bytes.byteLength} bytes${contentType ? ` of ${contentType.split(";")[0]}` : ""}]`;
}
