/**
 * The ids the controller puts in URLs (`prj_...`, `org_...`, `img_...`, `vm_...`, `usr_...`) and the
 * deployment handle (shard, suffix). A malformed id is refused before any request: it would reach the
 * wrong route (a `/` or `?` changes the URL) or answer a confusing 403.
 */
import { ThetaValidationError } from "@theta/core";

export interface IdKind {
  /** e.g. `prj_`. */
  readonly prefix: string;
  /** e.g. `project id`. */
  readonly name: string;
  readonly example: string;
}

export const PROJECT_ID: IdKind = {
  prefix: "prj_",
  name: "project id",
  example: "prj_9uxm3drw0ka0t96g8k3pdb6p697a",
};
export const ORG_ID: IdKind = {
  prefix: "org_",
  name: "organization id",
  example: "org_5b0sj4id6m7kdsz3qgs4q2nh1vz4",
};
export const TEMPLATE_ID: IdKind = {
  prefix: "img_",
  name: "template id",
  example: "img_qqu31asazaig666jtzp7gjd4pway",
};
export const VM_ID: IdKind = { prefix: "vm_", name: "VM type id", example: "vm_gt1" };
export const USER_ID: IdKind = {
  prefix: "usr_",
  name: "user id",
  example: "usr_5kyver75cswdi2s2u4eby1d7dxyx",
};

/** Every id seen is the prefix followed by letters and digits. */
const ID_BODY = /^[A-Za-z0-9]+$/;
/** Shards and suffixes seen are short runs of letters, digits (and, to be safe, `-` / `_`). */
const HANDLE_PART = /^[A-Za-z0-9_-]{1,64}$/;
/** Characters that would change the meaning of a URL if they reached one. */
const URL_CHARACTERS = /[/?#%\\&=]/;

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * What is wrong with `value` as an id of `kind`, or undefined when it is fine. Never quotes the value
 * (a key pasted into the wrong variable would otherwise be printed).
 */
export function idProblem(value: unknown, kind: IdKind): string | undefined {
  if (typeof value !== "string") return `is ${describe(value)}, not a string`;
  if (value.trim() === "") return "is empty";
  if (/\s/.test(value)) return "contains whitespace";
  const urlCharacter = URL_CHARACTERS.exec(value)?.[0];
  if (urlCharacter !== undefined) return `contains "${urlCharacter}", which ids never do`;
  if (!value.startsWith(kind.prefix)) return `does not start with ${kind.prefix}`;
  if (!ID_BODY.test(value.slice(kind.prefix.length))) {
    return `has characters other than letters and digits after ${kind.prefix}`;
  }
  return undefined;
}

export interface IdSource {
  /** The option or argument name, e.g. `projectId`. */
  readonly field: string;
  /** The environment variable that can hold it, e.g. `THETA_EC_PROJECT_ID`. */
  readonly variable?: string;
  /** Where the user finds the right value. */
  readonly where?: string;
}

/** Returns `value` when it is a well-formed id of `kind`; otherwise a ThetaValidationError naming the source. */
export function checkId(value: unknown, kind: IdKind, source: IdSource): string {
  const problem = idProblem(value, kind);
  if (problem === undefined) return value as string;
  const name = source.variable ? `${source.field} (${source.variable})` : source.field;
  const setting = source.variable ? `set ${source.field} or ${source.variable}` : `pass ${source.field}`;
  throw new ThetaValidationError({
    field: source.field,
    message: `${name} ${problem}: it must be a ${kind.name} like ${kind.example}`,
    fix: `${setting} to the ${kind.name}${source.where ? ` shown ${source.where}` : ""} (${kind.prefix} followed by letters and digits)`,
  });
}

/** A shard or suffix as a path segment: numbers become strings, anything that could alter the URL is refused. */
export function checkHandlePart(value: unknown, field: "shard" | "suffix"): string {
  const text =
    typeof value === "number" && Number.isInteger(value) && value >= 0
      ? String(value)
      : typeof value === "string"
        ? value
        : undefined;
  if (text === undefined || !HANDLE_PART.test(text)) {
    const what =
      text === undefined
        ? `is ${describe(value)}`
        : text === ""
          ? "is empty"
          : "has characters other than letters, digits, - and _ (or is longer than 64)";
    throw new ThetaValidationError({
      field,
      message: `The deployment ${field} ${what}`,
      fix: `Pass the ${field} from deployments.list() or deployments.create() (the deployment's ${field === "shard" ? "Shard" : "Suffix"})`,
    });
  }
  return text;
}
