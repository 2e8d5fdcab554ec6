// Whether an operation is public, from OpenAPI `security`: an operation-level `security` replaces the
// document's; the operation is public when no requirement applies (an empty list, no `security`
// anywhere, or an empty alternative `{}`, which OpenAPI defines as "no credential needed").

/** Validates a `security` list; returns it, or undefined when absent or after adding problems. */
export function readSecurity(security, where, schemeNames, problems) {
  if (security === undefined) return undefined;
  if (!Array.isArray(security)) {
    problems.push(
      `${where}: security must be a list of requirements (use "security: []" for a public operation).`,
    );
    return undefined;
  }
  let valid = true;
  for (const [index, requirement] of security.entries()) {
    if (requirement === null || typeof requirement !== "object" || Array.isArray(requirement)) {
      problems.push(`${where}: security[${index}] must be an object such as { bearerAuth: [] }.`);
      valid = false;
      continue;
    }
    for (const scheme of Object.keys(requirement)) {
      if (!schemeNames.has(scheme)) {
        problems.push(
          `${where}: security[${index}] names "${scheme}", which is not in components.securitySchemes.`,
        );
        valid = false;
      }
    }
  }
  return valid ? security : undefined;
}

/** True when no security requirement applies to an operation with `effective` as its security. */
export function isPublic(effective) {
  if (effective === undefined || effective.length === 0) return true;
  return effective.some((requirement) => Object.keys(requirement).length === 0);
}
