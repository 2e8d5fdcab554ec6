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
      "The on-demand model catalog: alias, price, inputs and variants of each service. Use it first to pick a service; free, no key needed.",
    fields: { category: sameField, detail: sameField },
    examples: [{ category: "image" }],
  }),
  defineAlias(inferCommand, {
    name: "infer",
    title: "Run inference (MCP vocabulary)",
    description:
      "Run an on-demand service and return its output, or a request id for get_request_status if unfinished. Paid (dry-run and spend cap apply).",
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
    description: "The state and, once finished, the output of an inference request. Free.",
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
      "An upload URL for a file input: PUT the file there, then pass filename as that input to infer. Free.",
    fields: {
      service: sameField,
      input_field: extraField({
        type: "string",
        minLength: 1,
        description: "File input, e.g. audio_filename.",
      }),
      input_fields: renamedField("inputFields", "Several file inputs."),
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
