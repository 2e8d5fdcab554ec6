/**
 * The official Theta on-demand MCP server's tool names and parameters, as aliases of the
 * `theta.ondemand.*` commands (see `defineAlias`).
 */
import { ThetaValidationError } from "@theta/core";
import type { Command } from "../../command.js";
import { defineAlias, extraField, renamedField, sameField } from "../../command-alias.js";
import { listServicesCommand } from "./catalog.js";
import { inferCommand, statusCommand } from "./requests.js";
import { inputPresignedUrlsCommand } from "./uploads.js";

function requestIdOf(args: Readonly<Record<string, unknown>>): string {
  const id = args.request_id ?? args.requestId;
  if (typeof id !== "string") {
    throw new ThetaValidationError({
      field: "request_id",
      message: "request_id is required",
      fix: 'pass "request_id" (or "requestId") with the id returned by infer',
    });
  }
  return id;
}

function uploadFieldsOf(args: Readonly<Record<string, unknown>>): string[] {
  const lists = [args.input_fields, args.inputFields].flatMap((list) => (Array.isArray(list) ? list : []));
  const fields = [...(typeof args.input_field === "string" ? [args.input_field] : []), ...lists].filter(
    (field): field is string => typeof field === "string",
  );
  if (fields.length === 0) {
    throw new ThetaValidationError({
      field: "input_field",
      message: "input_field is required",
      fix: 'pass "input_field" (or "input_fields"/"inputFields") naming the file input, e.g. "audio_filename"',
    });
  }
  return [...new Set(fields)];
}

export const mcpVocabularyAliases: readonly Command[] = [
  defineAlias(listServicesCommand, {
    name: "list_services",
    title: "List services (MCP vocabulary)",
    description:
      "List the Theta EdgeCloud on-demand AI services (models), optionally only one category. Free and read-only; works without an API key. Same as theta.ondemand.listServices.",
    fields: { category: sameField },
    examples: [{ category: "image" }],
  }),
  defineAlias(inferCommand, {
    name: "infer",
    title: "Run inference (MCP vocabulary)",
    description:
      "Run a paid inference request on a Theta EdgeCloud on-demand service. Waits up to `wait` seconds (default 30); if unfinished, returns a request id for get_request_status. Respects dry-run and the spend cap. Same as theta.ondemand.infer.",
    fields: {
      service: sameField,
      input: sameField,
      wait: sameField,
      prediction: sameField,
      variant: sameField,
      webhook: sameField,
    },
    examples: [{ service: "stable_diffusion_xl_turbo", input: { prompt: "a blue cloud icon" } }],
  }),
  defineAlias(statusCommand, {
    name: "get_request_status",
    title: "Request status (MCP vocabulary)",
    description:
      "Check the status and result of an inference request by its id (request_id). Free and read-only. Same as theta.ondemand.status.",
    fields: {
      request_id: renamedField("requestId"),
      requestId: renamedField("requestId", "Same as request_id."),
    },
    toTarget: (args) => ({ requestId: requestIdOf(args) }),
    examples: [{ request_id: "infr_rqst_abc123" }],
  }),
  defineAlias(inputPresignedUrlsCommand, {
    name: "get_upload_url",
    title: "Upload URL (MCP vocabulary)",
    description:
      "Get a presigned URL to upload a file input (e.g. audio for whisper) for a service; PUT the file there, then pass the returned filename as that input to infer. Same as theta.ondemand.inputPresignedUrls.",
    fields: {
      service: sameField,
      input_field: extraField({
        type: "string",
        minLength: 1,
        description: "The file input field, e.g. audio_filename.",
      }),
      input_fields: renamedField("inputFields", "Several file input fields at once."),
      inputFields: renamedField("inputFields", "Same as input_fields."),
      prediction: sameField,
    },
    toTarget: (args) => ({
      service: args.service,
      inputFields: uploadFieldsOf(args),
      ...(args.prediction === undefined ? {} : { prediction: args.prediction }),
    }),
    examples: [{ service: "whisper", input_field: "audio_filename" }],
  }),
];
