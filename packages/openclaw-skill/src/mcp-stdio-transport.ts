/**
 * The MCP server's stdio transport: newline-delimited JSON-RPC on stdin/stdout, like the MCP SDK's
 * `StdioServerTransport`, with two differences the SDK's cannot offer:
 *
 * - Each line is seen as parsed JSON before the SDK's schemas copy it (they drop an own
 *   `__proto__` key silently and refuse `constructor` with an unreadable error), so the server can
 *   answer such input with a clear error (`screen`).
 * - A line longer than the read limit stops the transport with a `McpLineTooLongError` (the SDK's
 *   transport just closes, and the server used to stop silently with status 0).
 */
import type { Readable, Writable } from "node:stream";
import { STDIO_DEFAULT_MAX_BUFFER_SIZE } from "@modelcontextprotocol/sdk/shared/stdio.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { type JSONRPCMessage, JSONRPCMessageSchema } from "@modelcontextprotocol/sdk/types.js";

/** The longest request line read (10 MiB, the MCP SDK's own stdio limit). */
export const MCP_MAX_LINE_BYTES: number = STDIO_DEFAULT_MAX_BUFFER_SIZE;

const NEWLINE = 0x0a;

/** One line of input was longer than the read limit; the transport has stopped. */
export class McpLineTooLongError extends Error {
  readonly limitBytes: number;

  constructor(limitBytes: number) {
    const mebibytes = limitBytes / 2 ** 20;
    super(
      `a request line is longer than the ${Number.isInteger(mebibytes) ? `${mebibytes} MiB` : `${limitBytes}-byte`} (${limitBytes} bytes) read limit; send smaller requests (pass large files by upload URL, not inline)`,
    );
    this.name = "McpLineTooLongError";
    this.limitBytes = limitBytes;
  }
}

/** What `screen` decides about one parsed line: pass it on, or answer it without the protocol. */
export type ScreenVerdict = { readonly reply: JSONRPCMessage } | undefined;

export interface McpStdioTransportOptions {
  readonly stdin?: Readable;
  readonly stdout?: Writable;
  /** Default `MCP_MAX_LINE_BYTES`. */
  readonly maxLineBytes?: number;
  /** Sees each line as parsed JSON (own keys as sent); a reply is sent instead of passing it on. */
  readonly screen?: (message: unknown) => ScreenVerdict;
}

export class McpStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  readonly #stdin: Readable;
  readonly #stdout: Writable;
  readonly #maxLineBytes: number;
  readonly #screen: ((message: unknown) => ScreenVerdict) | undefined;
  /** The bytes of the line still being read. */
  #partial: Buffer[] = [];
  #partialBytes = 0;
  #started = false;
  #closed = false;

  constructor(options: McpStdioTransportOptions = {}) {
    this.#stdin = options.stdin ?? process.stdin;
    this.#stdout = options.stdout ?? process.stdout;
    this.#maxLineBytes = options.maxLineBytes ?? MCP_MAX_LINE_BYTES;
    this.#screen = options.screen;
  }

  async start(): Promise<void> {
    if (this.#started) throw new Error("McpStdioTransport already started");
    this.#started = true;
    this.#stdin.on("data", this.#onData);
    this.#stdin.on("error", this.#onStreamError);
    // No "end" listener, as in the SDK: requests still running when stdin ends get their answers.
  }

  readonly #onData = (chunk: Buffer | string): void => {
    let rest = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    for (let newline = rest.indexOf(NEWLINE); newline >= 0; newline = rest.indexOf(NEWLINE)) {
      if (!this.#append(rest.subarray(0, newline))) return;
      const line = Buffer.concat(this.#partial, this.#partialBytes);
      this.#partial = [];
      this.#partialBytes = 0;
      this.#handleLine(line.toString("utf8").replace(/\r$/, ""));
      if (this.#closed) return;
      rest = rest.subarray(newline + 1);
    }
    this.#append(rest);
  };

  /** Adds bytes to the current line; false (and the transport stopped) past the limit. */
  #append(bytes: Buffer): boolean {
    if (bytes.length === 0) return true;
    if (this.#partialBytes + bytes.length > this.#maxLineBytes) {
      this.#partial = [];
      this.#partialBytes = 0;
      this.onerror?.(new McpLineTooLongError(this.#maxLineBytes));
      void this.close();
      return false;
    }
    this.#partial.push(bytes);
    this.#partialBytes += bytes.length;
    return true;
  }

  #handleLine(line: string): void {
    if (line.trim() === "") return;
    let message: JSONRPCMessage;
    try {
      const parsed = JSON.parse(line) as unknown;
      const verdict = this.#screen?.(parsed);
      if (verdict) {
        void this.send(verdict.reply);
        return;
      }
      message = JSONRPCMessageSchema.parse(parsed);
    } catch (error) {
      // As the SDK's transport does: report the bad line and go on with the next.
      this.onerror?.(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    this.onmessage?.(message);
  }

  readonly #onStreamError = (error: Error): void => {
    this.onerror?.(error);
  };

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#stdin.off("data", this.#onData);
    this.#stdin.off("error", this.#onStreamError);
    if (this.#stdin.listenerCount("data") === 0) this.#stdin.pause();
    this.#partial = [];
    this.#partialBytes = 0;
    this.onclose?.();
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve) => {
      if (this.#stdout.write(`${JSON.stringify(message)}\n`)) resolve();
      else this.#stdout.once("drain", resolve);
    });
  }
}
