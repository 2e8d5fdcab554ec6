import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { fixtureSpec } from "./paths.js";

type JsonObject = { [key: string]: unknown };

/**
 * A fixture spec with one value replaced (or, for `undefined`, deleted) at `path`, e.g.
 * `["servers", 0, "x-theta-server"]`: each error test breaks one thing in an otherwise valid spec.
 */
export function fixtureWith(name: string, path: readonly (string | number)[], value: unknown): JsonObject {
  const doc = parse(readFileSync(fixtureSpec(name), "utf8")) as JsonObject;
  let parent: unknown = doc;
  for (const key of path.slice(0, -1)) {
    parent = (parent as JsonObject)[key];
    if (parent === null || typeof parent !== "object") throw new Error(`no object at ${path.join(".")}`);
  }
  const last = path[path.length - 1];
  if (last === undefined) throw new Error("path must not be empty");
  const container = parent as JsonObject;
  if (value === undefined) delete container[last];
  else container[last] = value;
  return doc;
}
