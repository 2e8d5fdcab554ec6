/**
 * A `multipart/form-data` body (RFC 7578) built as a stream: the small fields first, then the file
 * part, whose content is read chunk by chunk only as the request is sent. Field names and filenames
 * are escaped as browsers do (`"` as `%22`, CR as `%0D`, LF as `%0A`; other characters, non-ASCII
 * included, as UTF-8), which is what multipart parsers expect.
 */
import { contentChunks, type DocumentContent } from "./document-content.js";

export interface MultipartField {
  readonly name: string;
  readonly value: string;
}

export interface MultipartFile {
  readonly name: string;
  readonly filename: string;
  readonly contentType: string;
  readonly content: DocumentContent;
}

export interface MultipartBody {
  /** `multipart/form-data; boundary=...`. */
  readonly contentType: string;
  readonly boundary: string;
  /** The body, read once. */
  readonly stream: ReadableStream<Uint8Array>;
}

const encoder = new TextEncoder();

/** Escapes a quoted header parameter the way the WHATWG form-data encoder does. */
export function escapeQuoted(text: string): string {
  return text.replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A boundary that no content is likely to hold: 24 random bytes as hex, after dashes. */
export function randomBoundary(): string {
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  return `----theta-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}

/** The bytes of the body, in order: each field, then the file's header, content and the closing line. */
export async function* multipartChunks(
  boundary: string,
  fields: readonly MultipartField[],
  file: MultipartFile,
): AsyncGenerator<Uint8Array> {
  for (const field of fields) {
    yield encoder.encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="${escapeQuoted(field.name)}"\r\n\r\n${field.value}\r\n`,
    );
  }
  // A header value cannot hold CR or LF: the content type is checked by the caller, this is a backstop.
  const contentType = file.contentType.replace(/[\r\n]/g, "");
  yield encoder.encode(
    `--${boundary}\r\nContent-Disposition: form-data; name="${escapeQuoted(file.name)}"; filename="${escapeQuoted(file.filename)}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  yield* contentChunks(file.content);
  yield encoder.encode(`\r\n--${boundary}--\r\n`);
}

/** Turns an async generator into a web stream that pulls one chunk per read (no buffering ahead). */
function streamOf(chunks: AsyncGenerator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await chunks.next();
        if (done) controller.close();
        else if (value.byteLength > 0) controller.enqueue(value);
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      // Ends the content source too (e.g. closes a file stream the caller handed in).
      await chunks.return(undefined);
    },
  });
}

/** A streamed `multipart/form-data` body with `fields` then `file`. */
export function multipartBody(
  fields: readonly MultipartField[],
  file: MultipartFile,
  boundary: string = randomBoundary(),
): MultipartBody {
  return {
    boundary,
    contentType: `multipart/form-data; boundary=${boundary}`,
    stream: streamOf(multipartChunks(boundary, fields, file)),
  };
}
