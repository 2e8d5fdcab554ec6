/**
 * A `multipart/form-data` parser (RFC 7578) over the whole body: parts with their names, filenames,
 * content types and exact bytes. Filenames are read as UTF-8 with the browser escapes (`%22`, `%0D`,
 * `%0A`) undone; `filename*=UTF-8''...` (RFC 5987) is read too. A malformed body is an HttpError 400
 * saying what is wrong.
 */
import { HttpError } from "../../http.js";

export interface MultipartPart {
  readonly name: string;
  readonly filename?: string;
  readonly contentType?: string;
  readonly data: Buffer;
}

/** The boundary of a `multipart/form-data` content type; HttpError 400/415 when there is none. */
export function boundaryOf(contentType: string | undefined): string {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "multipart/form-data") {
    throw new HttpError(
      415,
      "send the document as multipart/form-data with the parts file, project_id and metadata",
    );
  }
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? "");
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) throw new HttpError(400, "the multipart/form-data content type has no boundary parameter");
  return boundary;
}

function unescapeQuoted(value: string): string {
  return value.replace(/%22/g, '"').replace(/%0D/gi, "\r").replace(/%0A/gi, "\n");
}

/** The parameters of a Content-Disposition value: `form-data; name="file"; filename="a.csv"`. */
function dispositionParameters(value: string): Map<string, string> {
  const parameters = new Map<string, string>();
  const pattern = /;\s*([\w*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  for (const match of value.matchAll(pattern)) {
    const key = (match[1] ?? "").toLowerCase();
    const quoted = match[2];
    parameters.set(
      key,
      quoted === undefined ? (match[3] ?? "").trim() : unescapeQuoted(quoted.replace(/\\(.)/g, "$1")),
    );
  }
  const extended = parameters.get("filename*");
  if (extended !== undefined) {
    const encoded = /^utf-8''(.*)$/i.exec(extended)?.[1];
    if (encoded !== undefined) {
      try {
        parameters.set("filename", decodeURIComponent(encoded));
      } catch {
        throw new HttpError(400, "the multipart filename* parameter is not valid percent-encoded UTF-8");
      }
    }
  }
  return parameters;
}

function parseHeaders(block: Buffer): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.toString("utf8").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon <= 0)
      throw new HttpError(400, `malformed multipart part header: ${JSON.stringify(line.slice(0, 80))}`);
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

/** Every part of `body`, in order. */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const separator = Buffer.from(`\r\n--${boundary}`);
  // The first delimiter opens the body (a preamble before it is ignored, as RFC 2046 says).
  let position = body.indexOf(delimiter);
  if (position < 0) throw new HttpError(400, "the multipart body does not contain its boundary");
  position += delimiter.length;
  const parts: MultipartPart[] = [];
  for (;;) {
    if (body.subarray(position, position + 2).toString("latin1") === "--") return parts;
    if (body.subarray(position, position + 2).toString("latin1") !== "\r\n") {
      throw new HttpError(400, "malformed multipart body: a boundary line is not followed by CRLF");
    }
    position += 2;
    const headerEnd = body.indexOf("\r\n\r\n", position, "latin1");
    if (headerEnd < 0) throw new HttpError(400, "malformed multipart body: a part has no end of headers");
    const headers = parseHeaders(body.subarray(position, headerEnd));
    const dataStart = headerEnd + 4;
    const dataEnd = body.indexOf(separator, dataStart);
    if (dataEnd < 0)
      throw new HttpError(400, "malformed multipart body: the closing boundary is missing (truncated?)");
    const disposition = headers.get("content-disposition") ?? "";
    if (!/^form-data\b/i.test(disposition)) {
      throw new HttpError(400, "every multipart part needs Content-Disposition: form-data; name=...");
    }
    const parameters = dispositionParameters(disposition);
    const name = parameters.get("name");
    if (name === undefined || name === "") throw new HttpError(400, "a multipart part has no name");
    const filename = parameters.get("filename");
    const contentType = headers.get("content-type");
    parts.push({
      name,
      ...(filename === undefined ? {} : { filename }),
      ...(contentType === undefined ? {} : { contentType }),
      data: body.subarray(dataStart, dataEnd),
    });
    position = dataEnd + separator.length;
  }
}
