import type { IncomingMessage, ServerResponse } from "node:http";
import type { Rng } from "./random.js";
import type { RequestLogEntry } from "./types.js";

/** How a fault rule asked the answer to be altered. */
export type ResponseMode = "normal" | "truncate" | "malformed" | "reset";

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** Number of SSE events written before a `truncate-stream` fault cuts the stream. */
export const TRUNCATE_AFTER_EVENTS = 3;
/** Index (0-based) of the SSE event that a `malformed-json` fault breaks. */
export const MALFORMED_EVENT_INDEX = 1;

export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly method: string;
  /** The server prefix the request came in under. */
  readonly server: string;
  /** Path below the server prefix, without the query string. */
  readonly path: string;
  readonly query: URLSearchParams;
  params: Record<string, string>;
  /**
   * The dedicated endpoint a request to a user-endpoint server (`inference`) addresses: the key in the
   * path (`/inference/<key>/...`), or "" for the standing endpoint; undefined on other servers.
   */
  endpointKey: string | undefined;
  mode: ResponseMode;
  readonly logEntry: RequestLogEntry;
  /** True once the client went away or the answer was fully sent. */
  readonly closed: boolean;
  /** Reads the body as JSON (undefined when empty). Throws HttpError 400/413. */
  readJson(limitBytes?: number): Promise<unknown>;
  /** Sends a JSON answer, honouring fault modes. */
  json(status: number, body: unknown, headers?: Record<string, string>): void;
  /** Sends the `{"status":"error","message":...}` envelope. */
  error(status: number, message: string): void;
  /** Sends raw bytes (no fault alteration besides truncation). */
  send(
    status: number,
    contentType: string,
    body: string | Uint8Array,
    headers?: Record<string, string>,
  ): void;
  /** Starts an SSE answer. */
  sse(rng: Rng): SseWriter;
}

const DEFAULT_JSON_LIMIT = 16 * 1024 * 1024;

export async function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limitBytes) tooLarge = true;
    if (!tooLarge) chunks.push(buf);
  }
  if (tooLarge) throw new HttpError(413, `request body is larger than ${limitBytes} bytes`);
  return Buffer.concat(chunks);
}

/** Reads and discards the whole request body. */
export async function drainBody(req: IncomingMessage): Promise<void> {
  for await (const _chunk of req) {
    // discard
  }
}

function breakJson(text: string): string {
  // Drop the closing brace and leave a dangling comma and a bare word: never valid JSON.
  return `${text.slice(0, Math.max(1, text.length - 1))},"truncated":tru`;
}

export function createContext(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  server: string,
  path: string,
  logEntry: RequestLogEntry,
  extraHeaders: () => Record<string, string>,
): RequestContext {
  let finished = false;
  let clientGone = false;
  res.on("close", () => {
    clientGone = true;
  });

  const writeHead = (status: number, headers: Record<string, string>) => {
    logEntry.status = status;
    res.writeHead(status, { ...headers, ...extraHeaders() });
  };

  const ctx: RequestContext = {
    req,
    res,
    url,
    method: (req.method ?? "GET").toUpperCase(),
    server,
    path,
    query: url.searchParams,
    params: {},
    endpointKey: undefined,
    mode: "normal",
    logEntry,
    get closed() {
      return finished || clientGone || res.destroyed;
    },
    async readJson(limitBytes = DEFAULT_JSON_LIMIT) {
      const body = await readBody(req, limitBytes);
      if (body.length === 0) return undefined;
      try {
        return JSON.parse(body.toString("utf8")) as unknown;
      } catch {
        throw new HttpError(400, "request body is not valid JSON; send a JSON object");
      }
    },
    json(status, body, headers = {}) {
      const text = JSON.stringify(body);
      const base = { "content-type": "application/json; charset=utf-8", ...headers };
      if (ctx.mode === "truncate") {
        writeHead(status, base); // chunked: the client sees a clean end after half the JSON
        res.end(text.slice(0, Math.floor(text.length / 2)));
      } else if (ctx.mode === "reset") {
        // Promise the whole body, send half, then reset the connection.
        writeHead(status, { ...base, "content-length": String(Buffer.byteLength(text)) });
        res.write(text.slice(0, Math.floor(text.length / 2)), () => res.destroy());
      } else if (ctx.mode === "malformed") {
        const broken = breakJson(text);
        writeHead(status, { ...base, "content-length": String(Buffer.byteLength(broken)) });
        res.end(broken);
      } else {
        writeHead(status, { ...base, "content-length": String(Buffer.byteLength(text)) });
        res.end(text);
      }
      finished = true;
    },
    error(status, message) {
      ctx.json(status, { status: "error", message });
    },
    send(status, contentType, body, headers = {}) {
      const bytes = typeof body === "string" ? Buffer.from(body) : Buffer.from(body);
      if (ctx.mode === "truncate") {
        writeHead(status, { "content-type": contentType, ...headers });
        res.end(bytes.subarray(0, Math.floor(bytes.length / 2)));
      } else if (ctx.mode === "reset") {
        writeHead(status, {
          "content-type": contentType,
          "content-length": String(bytes.length),
          ...headers,
        });
        res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.destroy());
      } else {
        writeHead(status, {
          "content-type": contentType,
          "content-length": String(bytes.length),
          ...headers,
        });
        res.end(bytes);
      }
      finished = true;
    },
    sse(rng) {
      writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache",
        "x-accel-buffering": "no",
      });
      res.flushHeaders();
      return new SseWriter(ctx, rng, () => {
        finished = true;
      });
    },
  };
  return ctx;
}

function waitForDrain(res: ServerResponse): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Writes SSE `data:` events. Some events are split into several socket writes at odd byte offsets
 * (deterministically from the request's rng), to exercise client parsers.
 */
export class SseWriter {
  private events = 0;
  private stopped = false;

  constructor(
    private readonly ctx: RequestContext,
    private readonly rng: Rng,
    private readonly onEnd: () => void,
  ) {}

  /** False once the stream was cut (fault) or the client left: stop producing. */
  get open(): boolean {
    return !this.stopped && !this.ctx.res.destroyed && !this.ctx.res.writableEnded;
  }

  /** Writes one `data: <json>` event. Returns false when the stream is no longer open. */
  async event(data: unknown): Promise<boolean> {
    if (!this.open) return false;
    if ((this.ctx.mode === "truncate" || this.ctx.mode === "reset") && this.events >= TRUNCATE_AFTER_EVENTS) {
      this.end();
      return false;
    }
    let json = JSON.stringify(data);
    if (this.ctx.mode === "malformed" && this.events === MALFORMED_EVENT_INDEX) json = breakJson(json);
    this.events++;
    await this.write(`data: ${json}\n\n`);
    return this.open;
  }

  /** Writes `data: [DONE]` and ends the answer. */
  async done(): Promise<void> {
    if (!this.open) return;
    if (this.ctx.mode === "truncate" || this.ctx.mode === "reset") {
      this.end();
      return;
    }
    await this.write("data: [DONE]\n\n");
    this.end();
  }

  end(): void {
    this.stopped = true;
    if (this.ctx.mode === "reset") this.ctx.res.destroy();
    else if (!this.ctx.res.writableEnded) this.ctx.res.end();
    this.onEnd();
  }

  private async write(text: string): Promise<void> {
    const bytes = Buffer.from(text, "utf8");
    const pieces: Buffer[] = [];
    if (bytes.length > 4 && this.rng.next() < 0.3) {
      const cuts = new Set<number>();
      const count = this.rng.int(1, 2);
      for (let i = 0; i < count; i++) cuts.add(this.rng.int(1, bytes.length - 1));
      let start = 0;
      for (const cut of [...cuts].sort((a, b) => a - b)) {
        pieces.push(bytes.subarray(start, cut));
        start = cut;
      }
      pieces.push(bytes.subarray(start));
    } else {
      pieces.push(bytes);
    }
    for (let i = 0; i < pieces.length; i++) {
      if (!this.open) return;
      const piece = pieces[i];
      if (!piece) continue;
      const ok = this.ctx.res.write(piece);
      if (!ok) await waitForDrain(this.ctx.res);
      if (i < pieces.length - 1) await tick();
    }
  }
}
