/**
 * File inputs: presigned upload URLs, and the upload itself. The SDK never reads local files: callers
 * pass bytes or a stream (e.g. `fs.createReadStream(path)`), which is streamed, not buffered whole.
 */
import { createTransport, ThetaApiError, ThetaValidationError } from "@theta/core";
import { fileInputsOf } from "./catalog.js";
import type { OndemandContext } from "./context.js";
import { ondemandOperations } from "./generated/operations.js";
import { normalizePresignedUrls } from "./normalize.js";
import type { PresignedUpload, PutOptions, UploadData, UploadOptions, UploadUrlsOptions } from "./types.js";
import { requireString } from "./validate.js";

export interface UploadsResource {
  /** Presigned URLs for file inputs, normalized over both response shapes. */
  urls(
    service: string,
    fields: string[],
    options?: UploadUrlsOptions,
  ): Promise<Record<string, PresignedUpload>>;
  /** Uploads bytes or a stream to a presigned URL (PUT, `application/octet-stream`). */
  put(url: string, data: UploadData, options?: PutOptions): Promise<void>;
  /** `urls` + `put`; returns the filename to pass as the input field's value. */
  upload(
    service: string,
    field: string,
    data: UploadData,
    options?: UploadOptions,
  ): Promise<{ filename: string }>;
}

const CHUNK_BYTES = 64 * 1024;

/** A Node.js Readable, or any other async iterable of chunks. */
function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    value !== null &&
    typeof value === "object" &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === "function"
  );
}

const encoder = new TextEncoder();

function toBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (typeof chunk === "string") return encoder.encode(chunk);
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new ThetaValidationError({
    field: "data",
    message: "The upload stream produced a chunk that is not bytes or text",
    fix: "Pass a stream of Uint8Array/Buffer chunks (e.g. fs.createReadStream(path) without an encoding)",
  });
}

/** A pull-based stream over an async iterator: reads the source only as fast as the connection sends. */
function iteratorStream(
  iterator: AsyncIterator<unknown>,
  onChunk: (bytes: number) => void,
): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await iterator.next();
        if (done) {
          controller.close();
          return;
        }
        const bytes = toBytes(value);
        onChunk(bytes.byteLength);
        controller.enqueue(bytes);
      },
      async cancel(reason) {
        await iterator.return?.(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

function readerIterator(stream: ReadableStream<Uint8Array>): AsyncIterator<unknown> {
  const reader = stream.getReader();
  return {
    next: () => reader.read() as Promise<IteratorResult<unknown>>,
    return: async (reason?: unknown) => {
      await reader.cancel(reason).catch(() => undefined);
      return { done: true, value: undefined };
    },
  };
}

function bytesIterator(bytes: Uint8Array): AsyncIterator<unknown> {
  let offset = 0;
  return {
    next: async () => {
      if (offset >= bytes.byteLength) return { done: true, value: undefined };
      const chunk = bytes.subarray(offset, offset + CHUNK_BYTES);
      offset += chunk.byteLength;
      return { done: false, value: chunk };
    },
  };
}

interface PreparedBody {
  body: Uint8Array | ReadableStream<Uint8Array>;
  size?: number;
}

function prepareBody(data: UploadData, options: PutOptions): PreparedBody {
  let sent = 0;
  const onChunk = (bytes: number): void => {
    sent += bytes;
    options.onProgress?.(sent);
  };
  if (data instanceof Uint8Array) {
    // Already in memory: sent as is (re-sendable), or in chunks when progress is wanted.
    if (!options.onProgress) return { body: data, size: data.byteLength };
    return { body: iteratorStream(bytesIterator(data), onChunk), size: data.byteLength };
  }
  if (typeof Blob !== "undefined" && data instanceof Blob) {
    return { body: iteratorStream(readerIterator(data.stream()), onChunk), size: data.size };
  }
  if (typeof ReadableStream !== "undefined" && data instanceof ReadableStream) {
    const size = options.size;
    return size === undefined
      ? { body: iteratorStream(readerIterator(data), onChunk) }
      : { body: iteratorStream(readerIterator(data), onChunk), size };
  }
  if (isAsyncIterable(data)) {
    const iterator = data[Symbol.asyncIterator]();
    const size = options.size;
    return size === undefined
      ? { body: iteratorStream(iterator, onChunk) }
      : { body: iteratorStream(iterator, onChunk), size };
  }
  throw new ThetaValidationError({
    field: "data",
    message:
      "Unsupported upload data: expected a Blob, a ReadableStream, an async iterable of bytes (a Node.js Readable) or a Uint8Array",
    fix: "Pass the bytes (Uint8Array/Buffer), a Blob, or a stream such as fs.createReadStream(path)",
  });
}

function parseUploadUrl(raw: string): URL {
  requireString(raw, "url", "pass the url returned by uploads.urls()");
  try {
    return new URL(raw);
  } catch {
    throw new ThetaValidationError({
      field: "url",
      message: "The upload URL is not an absolute URL",
      fix: "Pass the url returned by uploads.urls() unchanged",
    });
  }
}

/**
 * Refuses, before any request, a field that is not a file input of a known service (the server would
 * answer 400): the error names the service's file inputs.
 */
function checkFileInputs(service: string, fields: readonly string[], option: "field" | "fields"): void {
  const fileInputs = fileInputsOf(service);
  if (fileInputs === undefined) return;
  const unknown = fields.filter((field) => !fileInputs.includes(field));
  if (unknown.length === 0) return;
  const names = fileInputs.map((name) => `"${name}"`).join(", ");
  throw new ThetaValidationError({
    field: option,
    message:
      fileInputs.length === 0
        ? `${service} has no file inputs, so "${unknown[0]}" cannot be uploaded for it`
        : `"${unknown[0]}" is not a file input of ${service}; its file ${fileInputs.length === 1 ? "input is" : "inputs are"} ${names}`,
    fix:
      fileInputs.length === 0
        ? `pass its inputs directly to infer (see services.get("${service}"))`
        : `upload for ${names} instead`,
  });
}

export function createUploads(ctx: OndemandContext): UploadsResource {
  const urls: UploadsResource["urls"] = async (service, fields, options = {}) => {
    requireString(service, "service", 'pass the service alias, e.g. "whisper"');
    if (!Array.isArray(fields) || fields.length === 0) {
      throw new ThetaValidationError({
        field: "fields",
        message: "fields must be a non-empty array of input field names",
        fix: 'pass the file inputs of the service, e.g. ["audio_filename"]',
      });
    }
    for (const [index, field] of fields.entries()) {
      requireString(field, `fields[${index}]`, 'pass input field names, e.g. "audio_filename"');
    }
    checkFileInputs(service, fields, "fields");
    if (options.prediction !== undefined) {
      requireString(options.prediction, "prediction", 'pass a prediction name such as "background_removal"');
    }
    const body = { input_fields: fields };
    const operationId =
      options.prediction === undefined
        ? ondemandOperations.createInputPresignedUrls.operationId
        : ondemandOperations.createInputPresignedUrlsWithPrediction.operationId;
    const { data } =
      options.prediction === undefined
        ? await ctx.family.api.POST("/infer_request/{alias}/input_presigned_urls", {
            params: { path: { alias: service } },
            body,
            signal: options.signal,
          })
        : await ctx.family.api.POST("/infer_request/{alias}/{prediction}/input_presigned_urls", {
            params: { path: { alias: service, prediction: options.prediction } },
            body,
            signal: options.signal,
          });
    const result = normalizePresignedUrls(data, operationId);
    const missing = fields.filter((field) => !result[field]);
    if (missing.length > 0) {
      throw new ThetaApiError({
        status: 200,
        operationId,
        code: "api_error",
        retriable: false,
        serverMessage: `no upload URL for ${missing.map((f) => `"${f}"`).join(", ")}`,
        fix: `Check the input field names of ${service} (services.get("${service}") lists its input_vars of type filename)`,
      });
    }
    return result;
  };

  const put: UploadsResource["put"] = async (url, data, options = {}) => {
    const target = parseUploadUrl(url);
    const contentType = options.contentType ?? "application/octet-stream";
    const prepared = prepareBody(data, options);
    const size = prepared.size ?? options.size;
    if (size !== undefined && (!Number.isInteger(size) || size < 0)) {
      throw new ThetaValidationError({
        field: "size",
        message: "size must be a non-negative integer number of bytes",
        fix: "pass the exact byte length of the data, or leave size out",
      });
    }
    // The signed URL lives on the storage host: a transport of its own (no credentials, the spec's
    // upload policy for exactly this path), so the token never travels there.
    const policy = { ...ondemandOperations.uploadInputObject, path: target.pathname };
    const transport = createTransport({
      family: ctx.family.family,
      baseUrl: target.origin,
      operations: { uploadInputObject: policy },
      http: ctx.family.http,
      allowInsecureLoopback: ctx.family.allowInsecureLoopback,
      fetch: ctx.options.fetch,
      logger: ctx.options.logger,
      userAgent: ctx.options.userAgent,
    });
    const headers: Record<string, string> = { "content-type": contentType };
    if (size !== undefined) headers["content-length"] = String(size);
    const response = await transport(target.href, {
      method: "PUT",
      headers,
      body: prepared.body as BodyInit,
      signal: options.signal,
    });
    // Drain the (small) answer so the connection can be reused.
    await response.arrayBuffer().catch(() => undefined);
  };

  return {
    urls,
    put,
    async upload(service, field, data, options = {}) {
      requireString(field, "field", 'pass the input field name, e.g. "audio_filename"');
      checkFileInputs(service, [field], "field");
      const urlOptions: UploadUrlsOptions = {};
      if (options.prediction !== undefined) urlOptions.prediction = options.prediction;
      if (options.signal !== undefined) urlOptions.signal = options.signal;
      const slots = await urls(service, [field], urlOptions);
      const slot = slots[field] as PresignedUpload;
      await put(slot.url, data, options);
      return { filename: slot.filename };
    },
  };
}
