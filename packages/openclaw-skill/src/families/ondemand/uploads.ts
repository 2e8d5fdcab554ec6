/** File inputs: `theta.ondemand.inputPresignedUrls` (agents) and `theta.ondemand.upload` (CLI only). */
import { createReadStream, statSync } from "node:fs";
import { resolve } from "node:path";
import { ThetaValidationError } from "@theta/core";
import { ondemandOperations } from "@theta/ondemand";
import { type Command, defineCommand, type RunContext } from "../../command.js";
import { predictionField, serviceField } from "./fields.js";

/**
 * The file's bytes, opened only once the upload starts reading: an upload refused before sending (an
 * unknown field, dry-run, the spend cap) never opens the file, so no handle is left behind.
 */
async function* fileBytes(path: string): AsyncGenerator<Uint8Array> {
  for await (const chunk of createReadStream(path)) yield chunk as Uint8Array;
}

async function presignedUrls(
  runContext: RunContext,
  service: string,
  fields: readonly string[],
  prediction: string | undefined,
): Promise<Record<string, unknown>> {
  const client = runContext.client("ondemand");
  const urls = await client.uploads.urls(service, [...fields], {
    ...(prediction === undefined ? {} : { prediction }),
    ...(runContext.signal ? { signal: runContext.signal } : {}),
  });
  const uploads: Record<string, unknown> = {};
  for (const [field, entry] of Object.entries(urls)) {
    uploads[field] = {
      uploadUrl: entry.url,
      filename: entry.filename,
      method: "PUT",
      contentType: "application/octet-stream",
    };
  }
  const first = fields[0] ?? "<field>";
  return {
    service,
    uploads,
    next: `PUT the raw file bytes to uploadUrl (Content-Type: application/octet-stream), then call theta.ondemand.infer with input.${first} set to the returned filename. uploadUrl is a short-lived signed URL: do not share it.`,
  };
}

async function uploadFile(
  runContext: RunContext,
  args: { service: string; field: string; file: string; prediction?: string | undefined },
): Promise<Record<string, unknown>> {
  const path = resolve(args.file);
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new Error("not a file");
    size = stat.size;
  } catch {
    throw new ThetaValidationError({
      field: "file",
      message: `file "${args.file}" is not a readable file`,
      fix: "pass the path of an existing local file",
    });
  }
  const client = runContext.client("ondemand");
  const { filename } = await client.uploads.upload(args.service, args.field, fileBytes(path), {
    size,
    ...(args.prediction === undefined ? {} : { prediction: args.prediction }),
    ...(runContext.signal ? { signal: runContext.signal } : {}),
    onProgress: (sentBytes) => runContext.progress({ type: "upload", sentBytes, totalBytes: size }),
  });
  return {
    service: args.service,
    field: args.field,
    filename,
    bytes: size,
    next: `Call theta.ondemand.infer with service "${args.service}" and input.${args.field} = "${filename}".`,
  };
}

export const inputPresignedUrlsCommand: Command = defineCommand({
  name: "theta.ondemand.inputPresignedUrls",
  title: "Upload URLs for file inputs",
  description:
    "Upload URLs for a service's file inputs: PUT the file to uploadUrl, then pass filename as that input to infer. Free, but creates upload slots (blocked by dry-run).",
  inputSchema: {
    type: "object",
    properties: {
      service: serviceField,
      inputFields: {
        type: "array",
        items: { type: "string", minLength: 1 },
        minItems: 1,
        description: 'File inputs, e.g. ["audio_filename"].',
      },
      prediction: predictionField,
    },
    required: ["service", "inputFields"],
    additionalProperties: false,
  },
  family: "ondemand",
  operations: [ondemandOperations.createInputPresignedUrls],
  revealsUploadUrls: true,
  examples: [{ service: "whisper", inputFields: ["audio_filename"] }],
  run: (args, runContext) => presignedUrls(runContext, args.service, args.inputFields, args.prediction),
});

export const uploadCommand: Command = defineCommand({
  name: "theta.ondemand.upload",
  title: "Upload a local file input",
  description:
    "Upload a local file for a service's file input (gets a presigned URL, then PUTs the file with progress) and return the filename to pass as that input to theta.ondemand.infer. CLI only: agent tools never read local files. No charge, but it stores the file on Theta (blocked by dry-run).",
  inputSchema: {
    type: "object",
    properties: {
      service: serviceField,
      field: { type: "string", minLength: 1, description: "The file input field, e.g. audio_filename." },
      file: { type: "string", minLength: 1, description: "Path of the local file to upload." },
      prediction: predictionField,
    },
    required: ["service", "field", "file"],
    additionalProperties: false,
  },
  family: "ondemand",
  operations: [ondemandOperations.createInputPresignedUrls, ondemandOperations.uploadInputObject],
  surfaces: ["cli"],
  examples: [{ service: "whisper", field: "audio_filename", file: "./speech.wav" }],
  run: (args, runContext) => uploadFile(runContext, args),
});
