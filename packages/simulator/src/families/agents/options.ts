import { oneOf, parseNumber } from "../../usage-error.js";
import type { FamilyFlag } from "../module.js";

/** How answers are sent: `{status: "success", body}` (the official example's code) or the payload bare (its docs). */
export type AgentsEnvelope = "wrapped" | "bare";

const ENVELOPES: readonly AgentsEnvelope[] = ["wrapped", "bare"];

/** Default largest document file part: 16 MiB. */
export const DEFAULT_MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

/** `options.agents` of `startSimulator()`. */
export interface AgentsOptions {
  /** Envelope of every answer of the family (evidence contradiction #10). Default "wrapped". */
  envelope?: AgentsEnvelope;
  /** Largest document content accepted; a bigger one answers 413. Default 16 MiB. */
  maxDocumentBytes?: number;
}

/** The options with their defaults applied. */
export interface AgentsSettings {
  readonly envelope: AgentsEnvelope;
  readonly maxDocumentBytes: number;
}

export function agentsSettings(options: AgentsOptions): AgentsSettings {
  return {
    envelope: options.envelope ?? "wrapped",
    maxDocumentBytes: options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES,
  };
}

export function checkAgentsOptions(options: AgentsOptions): void {
  if (options.envelope !== undefined && !ENVELOPES.includes(options.envelope)) {
    throw new RangeError('startSimulator: agents.envelope must be "wrapped" or "bare"');
  }
  const limit = options.maxDocumentBytes;
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) {
    throw new RangeError("startSimulator: agents.maxDocumentBytes must be an integer >= 1");
  }
}

export const AGENTS_FLAGS: readonly FamilyFlag<AgentsOptions>[] = [
  {
    flag: "--agents-envelope",
    value: "S",
    help: "wrapped | bare: agent answers in {status, body} or bare (default wrapped)",
    apply: (options, value) => ({ ...options, envelope: oneOf("--agents-envelope", value, ENVELOPES) }),
  },
  {
    flag: "--agents-max-document-bytes",
    value: "N",
    help: "largest document content accepted (default 16 MiB; bigger answers 413)",
    apply: (options, value) => ({
      ...options,
      maxDocumentBytes: parseNumber("--agents-max-document-bytes", value, true),
    }),
  },
];
