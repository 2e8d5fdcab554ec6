/** Input fields several controller commands share (one schema each). */

export const shardField = {
  type: "string",
  pattern: "^[0-9]+$",
  description: 'The deployment\'s shard, as theta.deployments.list or create return it (e.g. "1").',
} as const;

export const suffixField = {
  type: "string",
  minLength: 1,
  description: "The deployment's suffix, as theta.deployments.list or create return it.",
} as const;

/** The fields that address one deployment (start, stop, delete). */
export const deploymentAddress = {
  type: "object",
  properties: { shard: shardField, suffix: suffixField },
  required: ["shard", "suffix"],
  additionalProperties: false,
} as const;

export const templatePageField = {
  type: "integer",
  minimum: 0,
  description: "Page index, from 0.",
} as const;

export const pageSizeField = {
  type: "integer",
  minimum: 1,
  maximum: 100,
  description: "Entries per page.",
} as const;
