/**
 * The content of a document as the caller has it: a string, bytes, a Blob, or a stream (a web
 * `ReadableStream` or any async iterable of bytes, such as a Node `Readable`). The SDK never opens
 * a path: reading a file is the caller's choice (`createReadStream(path)` is a stream).
 */
import { ThetaValidationError } from "@theta/core";

export type DocumentContent =
  | string
  | Uint8Array
  | Blob
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array | string>;

const encoder = new TextEncoder();

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    value !== null &&
    typeof value === "object" &&
    typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function"
  );
}

function isReadableStream(value: unknown): value is ReadableStream<Uint8Array> {
  return typeof ReadableStream !== "undefined" && value instanceof ReadableStream;
}

/** Refuses what is not document content (e.g. a path mistaken for content is fine: it is a string). */
export function checkContent(content: unknown): DocumentContent {
  if (
    typeof content === "string" ||
    content instanceof Uint8Array ||
    (typeof Blob !== "undefined" && content instanceof Blob) ||
    isReadableStream(content) ||
    isAsyncIterable(content)
  ) {
    return content as DocumentContent;
  }
  throw new ThetaValidationError({
    field: "content",
    message: "content must be a string, a Uint8Array, a Blob or a stream of bytes",
    fix: "pass the document's text or bytes; to send a local file, pass createReadStream(path)",
  });
}

/** Reads a web stream as an async iterable (Node 20's ReadableStream is one; some runtimes' are not). */
async function* readStream(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** The content's bytes, chunk by chunk, read only as the request is sent. */
export async function* contentChunks(content: DocumentContent): AsyncGenerator<Uint8Array> {
  if (typeof content === "string") {
    yield encoder.encode(content);
    return;
  }
  if (content instanceof Uint8Array) {
    yield content;
    return;
  }
  let source: AsyncIterable<Uint8Array | string>;
  if (typeof Blob !== "undefined" && content instanceof Blob) source = readStream(content.stream());
  else if (isReadableStream(content)) source = readStream(content);
  else source = content as AsyncIterable<Uint8Array | string>;
  for await (const chunk of source) {
    if (typeof chunk === "string") yield encoder.encode(chunk);
    else if (chunk instanceof Uint8Array) yield chunk;
    else {
      throw new ThetaValidationError({
        field: "content",
        message: "the content stream yielded something that is not bytes or text",
        fix: "stream Uint8Array (or Buffer) chunks",
      });
    }
  }
}
