/**
 * What a document upload carries besides its agent: the content, its filename and content type, and
 * the metadata (the SQL form for `text_to_sql`, or the text form). Checked before any request.
 */
import { ThetaValidationError } from "@theta/core";
import { isRecord } from "./answers.js";
import { checkContent, type DocumentContent } from "./document-content.js";
import type { components } from "./generated/schema.js";

type Schemas = components["schemas"];

export type SqlMetadata = Schemas["SqlMetadata"];
export type TextMetadata = Schemas["TextMetadata"];
/** The SQL form, the text form, or other metadata kept as sent. */
export type DocumentMetadata = SqlMetadata | TextMetadata | Record<string, unknown>;

export interface DocumentUpload {
  /** The document's text or bytes: a string, Uint8Array, Blob or stream (never a path). */
  content: DocumentContent;
  /** The filename the API stores, e.g. `sales.csv`; any characters (non-ASCII too). */
  filename: string;
  /** E.g. `text/csv`. Default: from the filename's extension, else `application/octet-stream`. */
  contentType?: string;
  metadata?: DocumentMetadata;
}

/** A checked upload, with its content type decided. */
export interface CheckedUpload {
  readonly content: DocumentContent;
  readonly filename: string;
  readonly contentType: string;
  readonly metadata?: DocumentMetadata;
}

const TYPES_BY_EXTENSION: Readonly<Record<string, string>> = {
  csv: "text/csv",
  txt: "text/plain",
  md: "text/markdown",
  json: "application/json",
  html: "text/html",
  pdf: "application/pdf",
};

const CONTENT_TYPE_PATTERN = /^[\w.+-]+\/[\w.+-]+(\s*;\s*[\w.+-]+=("[^"\r\n]*"|[\w.+-]+))*$/;

/** The content type of a filename by its extension, else `application/octet-stream`. */
export function contentTypeOf(filename: string): string {
  const extension = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase() ?? "";
  return TYPES_BY_EXTENSION[extension] ?? "application/octet-stream";
}

function fail(field: string, message: string, fix: string): never {
  throw new ThetaValidationError({ field, message, fix });
}

function checkMetadata(metadata: unknown): DocumentMetadata | undefined {
  if (metadata === undefined) return undefined;
  if (!isRecord(metadata))
    fail("metadata", "metadata must be an object", 'pass e.g. { query_type: "text", description: "..." }');
  if (metadata.query_type === "sql") {
    const schema = metadata.sql_schema;
    if (!isRecord(schema) || typeof schema.table_name !== "string" || schema.table_name === "") {
      fail(
        "metadata.sql_schema.table_name",
        "SQL metadata needs sql_schema.table_name",
        "pass sql_schema: { table_name, columns: [{ name, type }] }",
      );
    }
    const columns = schema.columns;
    const columnsOk =
      Array.isArray(columns) &&
      columns.length > 0 &&
      columns.every(
        (column: unknown) =>
          isRecord(column) &&
          typeof column.name === "string" &&
          column.name !== "" &&
          typeof column.type === "string" &&
          column.type !== "",
      );
    if (!columnsOk) {
      fail(
        "metadata.sql_schema.columns",
        "SQL metadata needs sql_schema.columns, a non-empty array of { name, type }",
        'pass e.g. columns: [{ name: "region", type: "TEXT" }]',
      );
    }
    if (metadata.sql_description !== undefined && typeof metadata.sql_description !== "string") {
      fail(
        "metadata.sql_description",
        "metadata.sql_description must be a string",
        "describe the table in a sentence",
      );
    }
  } else if (metadata.query_type === "text") {
    if (metadata.description !== undefined && typeof metadata.description !== "string") {
      fail(
        "metadata.description",
        "metadata.description must be a string",
        "describe the document in a sentence",
      );
    }
  }
  return metadata;
}

export function checkUpload(upload: unknown): CheckedUpload {
  if (!isRecord(upload))
    fail(
      "upload",
      "the upload must be an object { content, filename, contentType?, metadata? }",
      "pass { content, filename }",
    );
  const content = checkContent(upload.content);
  const filename = upload.filename;
  if (typeof filename !== "string" || filename.trim() === "") {
    fail(
      "filename",
      "filename must be a non-empty string",
      'pass the name the document is stored under, e.g. "sales.csv"',
    );
  }
  const given = upload.contentType;
  if (given !== undefined && (typeof given !== "string" || !CONTENT_TYPE_PATTERN.test(given))) {
    fail(
      "contentType",
      "contentType must be a media type such as text/csv",
      "pass e.g. text/csv, text/plain or application/json, or leave it out",
    );
  }
  const metadata = checkMetadata(upload.metadata);
  return {
    content,
    filename,
    contentType: typeof given === "string" ? given : contentTypeOf(filename),
    ...(metadata === undefined ? {} : { metadata }),
  };
}

/** Content that can be sent twice (not a stream, which is read once). */
export function isReplayable(content: DocumentContent): boolean {
  return (
    typeof content === "string" ||
    content instanceof Uint8Array ||
    (typeof Blob !== "undefined" && content instanceof Blob)
  );
}
