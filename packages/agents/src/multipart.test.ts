import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { escapeQuoted, multipartBody } from "./multipart.js";

const BOUNDARY = "----theta-test";
/** Every byte value, then CRLF and a line that starts like the boundary. */
const BINARY = new Uint8Array([...Array.from({ length: 256 }, (_, index) => index), 13, 10, 45, 45, 45, 45]);

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

function expected(filename: string, contentType: string, content: Uint8Array): Buffer {
  return Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="project_id"\r\n\r\nprj_abc\r\n`),
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n{"query_type":"text"}\r\n`,
    ),
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
      "utf8",
    ),
    content,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

const FIELDS = [
  { name: "project_id", value: "prj_abc" },
  { name: "metadata", value: '{"query_type":"text"}' },
];

describe("multipartBody", () => {
  it("builds the body byte for byte: binary content, non-ASCII filename as UTF-8, quotes escaped", async () => {
    const body = multipartBody(
      FIELDS,
      {
        name: "file",
        filename: 'Übersicht "Q1" 数据.bin',
        contentType: "application/octet-stream",
        content: BINARY,
      },
      BOUNDARY,
    );
    expect(body.contentType).toBe(`multipart/form-data; boundary=${BOUNDARY}`);
    const sent = await bytesOf(body.stream);
    expect(
      Buffer.compare(sent, expected("Übersicht %22Q1%22 数据.bin", "application/octet-stream", BINARY)),
    ).toBe(0);
  });

  it("streams every kind of content to the same bytes", async () => {
    const text = "región,total\nnorte,3\n";
    const bytes = new TextEncoder().encode(text);
    const sources = [
      text,
      bytes,
      new Blob([bytes]),
      new Blob([bytes]).stream(),
      Readable.from([Buffer.from(bytes.subarray(0, 5)), Buffer.from(bytes.subarray(5))]),
    ];
    for (const content of sources) {
      const body = multipartBody(
        FIELDS,
        { name: "file", filename: "sales.csv", contentType: "text/csv", content },
        BOUNDARY,
      );
      expect(Buffer.compare(await bytesOf(body.stream), expected("sales.csv", "text/csv", bytes))).toBe(0);
    }
  });

  it("reads a stream only as the body is read", async () => {
    let pulled = 0;
    async function* content() {
      pulled++;
      yield new Uint8Array([1]);
    }
    const body = multipartBody(
      FIELDS,
      { name: "file", filename: "a", contentType: "application/octet-stream", content: content() },
      BOUNDARY,
    );
    expect(pulled).toBe(0);
    await bytesOf(body.stream);
    expect(pulled).toBe(1);
  });

  it("escapes quotes and line breaks in names", () => {
    expect(escapeQuoted('a"b\r\nc')).toBe("a%22b%0D%0Ac");
  });
});
