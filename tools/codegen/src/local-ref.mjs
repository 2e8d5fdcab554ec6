/**
 * Follows a local `$ref` (`#/components/...`) inside the document, so a request body or schema may
 * be written inline or referenced. Non-local references are returned as they are: the generator
 * reads only what the document itself holds.
 */
export function resolveLocalRef(doc, node) {
  let current = node;
  // A chain of references is allowed; a cycle is not (stop after a depth no real spec reaches).
  for (let depth = 0; depth < 16; depth++) {
    if (current === null || typeof current !== "object" || typeof current.$ref !== "string") return current;
    const pointer = localSchemaPointer(current.$ref);
    if (pointer === undefined) return current;
    current = pointer.reduce((parent, key) => (parent === undefined ? undefined : parent?.[key]), doc);
  }
  return undefined;
}

/** The JSON-pointer segments of a local `$ref`, or undefined when it points outside the document. */
export function localSchemaPointer(ref) {
  if (!ref.startsWith("#/")) return undefined;
  return ref
    .slice(2)
    .split("/")
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** `#/components/schemas/<Name>` -> `<Name>`; undefined for any other reference. */
export function componentSchemaName(ref) {
  if (typeof ref !== "string") return undefined;
  const pointer = localSchemaPointer(ref);
  if (pointer?.length !== 3 || pointer[0] !== "components" || pointer[1] !== "schemas") return undefined;
  return pointer[2];
}
