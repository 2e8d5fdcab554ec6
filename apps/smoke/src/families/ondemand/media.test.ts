import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { crc32, makePng, makeWav } from "./media.js";

describe("makePng", () => {
  it("writes a valid PNG: signature, IHDR size, chunk CRCs and pixel data", () => {
    const png = makePng(8, 4);
    expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    let offset = 8;
    const types: string[] = [];
    let idat: Uint8Array | undefined;
    while (offset < png.length) {
      const length = view.getUint32(offset);
      const type = new TextDecoder().decode(png.subarray(offset + 4, offset + 8));
      const crc = view.getUint32(offset + 8 + length);
      expect(crc32(png.subarray(offset + 4, offset + 8 + length))).toBe(crc);
      if (type === "IHDR") {
        expect(view.getUint32(offset + 8)).toBe(8);
        expect(view.getUint32(offset + 12)).toBe(4);
      }
      if (type === "IDAT") idat = png.subarray(offset + 8, offset + 8 + length);
      types.push(type);
      offset += 12 + length;
    }
    expect(types).toEqual(["IHDR", "IDAT", "IEND"]);
    expect(inflateSync(idat!).length).toBe(4 * (1 + 8 * 3));
  });

  it("computes the standard CRC-32", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
  });
});

describe("makeWav", () => {
  it("writes a PCM RIFF header that matches the sample count", () => {
    const wav = makeWav(0.5, 8000);
    const v = new DataView(wav.buffer);
    const ascii = (o: number) => new TextDecoder().decode(wav.subarray(o, o + 4));
    expect(ascii(0)).toBe("RIFF");
    expect(ascii(8)).toBe("WAVE");
    expect(ascii(36)).toBe("data");
    expect(v.getUint32(24, true)).toBe(8000);
    expect(v.getUint32(40, true)).toBe(8000);
    expect(wav.length).toBe(44 + 8000);
    expect(v.getUint32(4, true)).toBe(wav.length - 8);
    const samples = Array.from({ length: 100 }, (_, i) => v.getInt16(44 + i * 2, true));
    expect(samples.some((s) => s !== 0)).toBe(true);
  });
});
