/** Incremental UTF-8 decoding of a byte stream, on the runtime's fast (non-streaming) decoder. */

/**
 * Shared non-streaming UTF-8 decoder. Decoding whole sequences without `stream: true` takes the
 * runtime's fast path (several times faster than streaming decoding); `Utf8ChunkDecoder` cuts the
 * input at sequence boundaries so the result is the same as streaming decoding would give.
 */
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/** How many bytes at the end of `bytes` start a UTF-8 sequence that the next chunk completes (0-3). */
function incompleteTail(bytes: Uint8Array): number {
  const n = bytes.length;
  const stop = n >= 4 ? n - 4 : 0;
  for (let i = n - 1; i >= stop; i--) {
    const byte = bytes[i] as number;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: look further back
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return n - i < length ? n - i : 0;
  }
  // Four continuation bytes in a row are invalid whatever follows: decode them now.
  return 0;
}

/**
 * Incremental UTF-8 decoding of a byte stream: characters split across chunks are kept intact, a
 * leading byte-order mark is dropped, malformed bytes become U+FFFD (as TextDecoder does).
 */
export class Utf8ChunkDecoder {
  #carry: Uint8Array | undefined;
  #atStart = true;

  /** The text of `chunk`, without the bytes of a character it leaves incomplete (kept for later). */
  decode(chunk: Uint8Array): string {
    let bytes = chunk;
    const carry = this.#carry;
    if (carry) {
      bytes = new Uint8Array(carry.length + chunk.length);
      bytes.set(carry);
      bytes.set(chunk, carry.length);
      this.#carry = undefined;
    }
    const tail = incompleteTail(bytes);
    if (tail > 0) {
      this.#carry = bytes.slice(bytes.length - tail);
      bytes = bytes.subarray(0, bytes.length - tail);
    }
    return bytes.length === 0 ? "" : this.#text(utf8.decode(bytes));
  }

  /** The end of the input: the text of whatever is still held (an incomplete character becomes U+FFFD). */
  end(): string {
    const carry = this.#carry;
    this.#carry = undefined;
    return carry ? this.#text(utf8.decode(carry)) : "";
  }

  #text(text: string): string {
    if (this.#atStart && text.length > 0) {
      this.#atStart = false;
      if (text.charCodeAt(0) === 0xfeff) return text.slice(1);
    }
    return text;
  }
}
