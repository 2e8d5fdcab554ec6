/**
 * Reading response bodies: a success body read whole under a size cap counted after decoding, an
 * error body read up to 64 KiB, a body nobody will read cancelled.
 */
import type { ThetaError } from "./errors.js";

export const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** Reads at most `limit` bytes of a body as text, then cancels the rest. */
export async function readTextCapped(response: Response, limit: number): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      text += decoder.decode(value, { stream: true });
      if (bytes >= limit) {
        await reader.cancel().catch(() => undefined);
        break;
      }
    }
    return text + decoder.decode();
  } finally {
    reader.releaseLock();
  }
}

export function discardBody(response: Response): void {
  if (response.body && !response.bodyUsed) response.body.cancel().catch(() => undefined);
}

export function isEventStreamType(response: Response): boolean {
  return /^\s*text\/event-stream\b/i.test(response.headers.get("content-type") ?? "");
}

/** The native body methods that read a whole body (json and formData are built on text and arrayBuffer). */
export type WholeBodyKind = "text" | "arrayBuffer" | "blob" | "bytes";

const utf8Decoder = new TextDecoder();

/**
 * Reads a success body whole, refusing it (`tooLarge`) once it passes `limit` bytes counted after
 * content decoding. A body without content encoding whose declared length is within the limit is
 * read by the runtime's own method (the length bounds it); any other body is read chunk by chunk
 * from `stream` and cancelled at the limit, so a compressed bomb is never decoded past it.
 */
export async function readWholeBody(
  response: Response,
  kind: WholeBodyKind,
  native: () => Promise<unknown>,
  stream: ReadableStream<Uint8Array> | null,
  limit: number,
  tooLarge: () => ThetaError,
): Promise<unknown> {
  if (!stream) return native();
  const { headers } = response;
  const encoding = headers.get("content-encoding");
  if (encoding === null || /^\s*identity\s*$/i.test(encoding)) {
    const declared = headers.get("content-length");
    if (declared !== null && /^\s*\d+\s*$/.test(declared)) {
      if (Number(declared) <= limit) return native();
      stream.cancel().catch(() => undefined);
      throw tooLarge();
    }
  }
  const bytes = await readCapped(stream, limit, tooLarge);
  switch (kind) {
    case "text":
      return utf8Decoder.decode(bytes);
    case "arrayBuffer":
      return bytes.buffer;
    case "bytes":
      return bytes;
    case "blob":
      return new Blob([bytes], { type: headers.get("content-type") ?? "" });
  }
}

/** The bytes of `stream`, or `tooLarge()` (the stream cancelled) once they pass `limit`. */
async function readCapped(
  stream: ReadableStream<Uint8Array>,
  limit: number,
  tooLarge: () => ThetaError,
): Promise<Uint8Array<ArrayBuffer>> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
