import { createHmac, timingSafeEqual } from "node:crypto";
import type { Rng } from "./random.js";
import type { SimulatorClock, UploadInfo } from "./types.js";

/** Lifetime of a presigned upload URL, in seconds. */
export const PRESIGNED_URL_EXPIRES_SECONDS = 900;

export interface UploadSlot {
  id: string;
  filename: string;
  service: string;
  prediction: string;
  field: string;
  /** `X-Goog-Date` of the signed URL (YYYYMMDDTHHMMSSZ). */
  date: string;
  issuedAt: number;
}

export interface StoredOutput {
  contentType: string;
  make(): Buffer;
}

function googDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

function parseGoogDate(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

export type VerifyResult =
  | { ok: true; slot: UploadSlot }
  | { ok: false; status: number; code: string; message: string };

/** In-memory object storage for presigned uploads and generated outputs. */
export class Storage {
  private readonly slots = new Map<string, UploadSlot>();
  private readonly files = new Map<string, UploadInfo>();
  private readonly outputs = new Map<string, StoredOutput>();

  constructor(
    private readonly secret: string,
    private readonly clock: SimulatorClock,
    private readonly baseUrl: () => string,
    readonly keepBytes: number,
    readonly maxBytes: number,
  ) {}

  private sign(id: string, date: string, expires: string): string {
    return createHmac("sha256", this.secret).update(`${id}\n${date}\n${expires}`).digest("hex");
  }

  /** Creates an upload slot and its signed URL. */
  createSlot(
    service: string,
    prediction: string,
    field: string,
    rng: Rng,
  ): { url: string; filename: string } {
    const id = rng.id(32);
    const filename = `${service}_${field}_${rng.id(16)}`;
    const issuedAt = this.clock.now();
    const date = googDate(issuedAt);
    this.slots.set(id, { id, filename, service, prediction, field, date, issuedAt });
    const expires = String(PRESIGNED_URL_EXPIRES_SECONDS);
    const query = new URLSearchParams({
      "X-Goog-Algorithm": "GOOG4-HMAC-SHA256",
      "X-Goog-Credential": `theta-simulator@local/${date.slice(0, 8)}/auto/storage/goog4_request`,
      "X-Goog-Date": date,
      "X-Goog-Expires": expires,
      "X-Goog-SignedHeaders": "host",
      "X-Goog-Signature": this.sign(id, date, expires),
    });
    return { url: `${this.baseUrl()}/uploads/${id}?${query.toString()}`, filename };
  }

  verify(id: string, query: URLSearchParams): VerifyResult {
    const slot = this.slots.get(id);
    const date = query.get("X-Goog-Date") ?? "";
    const expires = query.get("X-Goog-Expires") ?? "";
    const signature = query.get("X-Goog-Signature") ?? "";
    const expected = slot ? Buffer.from(this.sign(id, date, expires)) : undefined;
    const given = Buffer.from(signature);
    if (!slot || !expected || expected.length !== given.length || !timingSafeEqual(expected, given)) {
      return {
        ok: false,
        status: 403,
        code: "SignatureDoesNotMatch",
        message: "The request signature we calculated does not match the signature you provided.",
      };
    }
    const start = parseGoogDate(date);
    const seconds = Number(expires);
    if (start === undefined || !Number.isFinite(seconds) || this.clock.now() > start + seconds * 1000) {
      return { ok: false, status: 400, code: "ExpiredToken", message: "The provided token has expired." };
    }
    return { ok: true, slot };
  }

  saveUpload(info: UploadInfo): void {
    this.files.set(info.filename, info);
  }

  upload(filename: string): UploadInfo | undefined {
    return this.files.get(filename);
  }

  uploads(): UploadInfo[] {
    return [...this.files.values()];
  }

  /** Registers a generated output; returns its public URL. */
  addOutput(name: string, output: StoredOutput): string {
    this.outputs.set(name, output);
    return `${this.baseUrl()}/outputs/${name}`;
  }

  output(name: string): StoredOutput | undefined {
    return this.outputs.get(name);
  }
}
