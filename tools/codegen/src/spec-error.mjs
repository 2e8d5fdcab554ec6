/** A problem in a spec that stops generation; the message names the spec file, the place and the fix. */
export class SpecError extends Error {
  name = "SpecError";
}
