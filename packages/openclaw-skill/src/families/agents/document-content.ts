/** The content of a document as an agent passes it: text, or bytes as base64 (`encoding: "base64"`). */
import { ThetaValidationError } from "@theta/core";

export const contentField = {
  type: "string",
  description: 'The document\'s content: its text, or its bytes in base64 with encoding "base64".',
} as const;

export const encodingField = {
  type: "string",
  enum: ["utf8", "base64"],
  default: "utf8",
  description: 'How content is given: "utf8" text (default) or "base64" bytes.',
} as const;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The content to upload: the text as it is, or the decoded bytes; refuses base64 that is not. */
export function decodeContent(content: string, encoding: "utf8" | "base64"): string | Uint8Array {
  if (encoding === "utf8") return content;
  const compact = content.replace(/\s+/g, "");
  if (!BASE64.test(compact)) {
    throw new ThetaValidationError({
      field: "content",
      message: 'content is not valid base64 (encoding is "base64")',
      fix: 'pass the bytes base64-encoded (A-Z, a-z, 0-9, +, /, = padding), or the text with encoding "utf8"',
    });
  }
  return new Uint8Array(Buffer.from(compact, "base64"));
}
