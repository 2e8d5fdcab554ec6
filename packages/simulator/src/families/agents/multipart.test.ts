import { describe, expect, it } from "vitest";
import { HttpError } from "../../http.js";
import { boundaryOf, parseMultipart } from "./multipart.js";

const BOUNDARY = "xYz-boundary";

/** Every byte value, plus a CRLF and a near-boundary line inside the content. */
const BINARY = Buffer.concat([
  Buffer.from(Array.from({ length: 256 }, (_, index) => index)),
  Buffer.from(`\r\n--${BOUNDARY.slice(0, -1)}\r\n`),
  Buffer.from([0, 13, 10, 45, 45]),
]);

function body(filenameHeader: string, content: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="project_id"\r\n\r\nprj_abc\r\n`),
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; ${filenameHeader}\r\nContent-Type: application/octet-stream\r\n\r\n`,
      "utf8",
    ),
    content,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

describe("parseMultipart", () => {
  it("keeps binary content byte for byte and reads a non-ASCII filename as UTF-8", () => {
    const parts = parseMultipart(body('filename="Übersicht %22Q1%22 数据.bin"', BINARY), BOUNDARY);
    expect(parts.map((part) => part.name)).toEqual(["project_id", "file"]);
    expect(parts[0]?.data.toString("utf8")).toBe("prj_abc");
    const file = parts[1];
    expect(file?.filename).toBe('Übersicht "Q1" 数据.bin');
    expect(file?.contentType).toBe("application/octet-stream");
    expect(Buffer.compare(file?.data ?? Buffer.alloc(0), BINARY)).toBe(0);
  });

  it("reads filename* (RFC 5987) too", () => {
    const parts = parseMultipart(body(`filename*=UTF-8''caf%C3%A9.txt`, Buffer.from("x")), BOUNDARY);
    expect(parts[1]?.filename).toBe("café.txt");
  });

  it("refuses a truncated body with 400", () => {
    const truncated = body('filename="a.bin"', BINARY).subarray(0, 300);
    expect(() => parseMultipart(truncated, BOUNDARY)).toThrow(HttpError);
    expect(() => parseMultipart(truncated, BOUNDARY)).toThrow(/closing boundary is missing/);
  });

  it("takes the boundary from the content type, quoted or not", () => {
    expect(boundaryOf(`multipart/form-data; boundary="${BOUNDARY}"`)).toBe(BOUNDARY);
    expect(boundaryOf(`Multipart/Form-Data; charset=utf-8; boundary=${BOUNDARY}`)).toBe(BOUNDARY);
    expect(() => boundaryOf("application/json")).toThrow(/multipart\/form-data/);
    expect(() => boundaryOf("multipart/form-data")).toThrow(/no boundary/);
  });
});
