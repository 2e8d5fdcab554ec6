import { createHash } from "node:crypto";
import type { RequestContext } from "./http.js";
import type { Route } from "./router.js";
import type { Storage } from "./storage.js";

function xmlError(ctx: RequestContext, status: number, code: string, message: string): void {
  ctx.send(
    status,
    "application/xml; charset=UTF-8",
    `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  );
}

/** Reads an upload body as a stream: counts and hashes every byte, keeps only the first `keepBytes`. */
async function receive(
  ctx: RequestContext,
  keepBytes: number,
  maxBytes: number,
): Promise<{ size: number; sha256: string; head: Uint8Array } | "too-large"> {
  const hash = createHash("sha256");
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let size = 0;
  for await (const chunk of ctx.req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > maxBytes) return "too-large";
    hash.update(buf);
    if (keptBytes < keepBytes) {
      const part = buf.subarray(0, keepBytes - keptBytes);
      kept.push(Buffer.from(part));
      keptBytes += part.length;
    }
  }
  return { size, sha256: hash.digest("hex"), head: new Uint8Array(Buffer.concat(kept)) };
}

/** The prefix of the storage host: not an API family but the cloud storage the APIs hand out URLs of. */
export const STORAGE_HOST = "storage";

/**
 * The storage host's routes: the signed upload URLs and the generated outputs (it stands in for cloud
 * storage). Its paths are the simulator's own, since the APIs hand the URLs out: a spec's upload
 * operation (`PUT /{objectPath}`, `objectPath` being the whole path of the URL) names its operationId.
 */
export function createStorageRoutes(storage: Storage): Route[] {
  return [
    {
      method: "PUT",
      path: "/uploads/{id}",
      operationId: "uploadInputObject",
      public: true,
      async handle(ctx) {
        const verdict = storage.verify(ctx.params.id ?? "", ctx.query);
        if (!verdict.ok) {
          // Answer without reading a possibly huge body, then drop the connection.
          xmlError(ctx, verdict.status, verdict.code, verdict.message);
          ctx.req.resume();
          return;
        }
        const declared = Number(ctx.req.headers["content-length"] ?? Number.NaN);
        if (Number.isFinite(declared) && declared > storage.maxBytes) {
          xmlError(
            ctx,
            413,
            "EntityTooLarge",
            "Your proposed upload is larger than the maximum object size.",
          );
          ctx.req.resume();
          return;
        }
        const result = await receive(ctx, storage.keepBytes, storage.maxBytes);
        if (result === "too-large") {
          xmlError(
            ctx,
            413,
            "EntityTooLarge",
            "Your proposed upload is larger than the maximum object size.",
          );
          ctx.req.destroy();
          return;
        }
        const { slot } = verdict;
        const contentType = ctx.req.headers["content-type"];
        storage.saveUpload({
          filename: slot.filename,
          service: slot.service,
          prediction: slot.prediction,
          field: slot.field,
          size: result.size,
          sha256: result.sha256,
          ...(contentType ? { contentType } : {}),
          head: result.head,
        });
        ctx.send(200, "text/plain; charset=utf-8", "", { etag: `"${result.sha256.slice(0, 32)}"` });
      },
    },
    {
      method: "GET",
      path: "/outputs/{name}",
      operationId: "getOutputObject",
      public: true,
      handle(ctx) {
        const output = storage.output(ctx.params.name ?? "");
        if (!output) {
          xmlError(ctx, 404, "NoSuchKey", "The specified key does not exist.");
          return;
        }
        const bytes = output.make();
        if (ctx.method === "HEAD") {
          ctx.res.writeHead(200, {
            "content-type": output.contentType,
            "content-length": String(bytes.length),
          });
          ctx.logEntry.status = 200;
          ctx.res.end();
          return;
        }
        ctx.send(200, output.contentType, bytes, { "cache-control": "public, max-age=3600" });
      },
    },
  ];
}
