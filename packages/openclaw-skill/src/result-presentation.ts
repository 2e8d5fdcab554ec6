/**
 * How a command's result reads to a model. A model pays for every byte of a tool result, so the
 * agent adapters (MCP, OpenClaw) send compact text; the CLI prints the result as it is (it is for
 * humans and scripts). Declaring a presentation is optional and small: a command that declares
 * nothing reads as minified JSON of its result, which is already the compact default.
 */
import type { ObjectSchema } from "./schema.js";

export interface ResultPresentation<Result = unknown> {
  /**
   * The facts that matter, as compact text (default: the result as minified JSON). It gets the
   * redacted result of `run`; a dry-run plan never reaches it.
   */
  readonly text?: (result: Result) => string;
  /**
   * The result as data for clients that read data (MCP `structuredContent`; default: the result). It
   * travels next to the text on every call, so a large result can give the facts of the text only.
   */
  readonly data?: (result: Result) => Record<string, unknown>;
  /**
   * JSON Schema of the data. It becomes the MCP tool's `outputSchema`, and the data is then sent as
   * `structuredContent` too, so clients that read data do not parse the text.
   */
  readonly outputSchema?: ObjectSchema;
}
