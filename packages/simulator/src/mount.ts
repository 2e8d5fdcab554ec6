/**
 * Mounts started family modules: each handler goes to the method and path of its operation in the
 * family's spec table, under the prefix of the operation's server. A module that handles an operation
 * its spec does not have, or two routes on one method and path, is a programming error and stops the
 * start with a message naming both.
 */
import type { FamilyName } from "@theta/core";
import type { RouteHandler } from "./families/module.js";
import type { Route } from "./router.js";
import type { SpecTable } from "./spec-table.js";

export interface StartedFamily {
  readonly family: FamilyName;
  readonly spec: SpecTable;
  readonly routes: Readonly<Record<string, RouteHandler>>;
}

/** Routes per server prefix. `servers` are the prefixes a family's operation may be mounted under. */
export function mountFamilies(
  families: readonly StartedFamily[],
  servers: readonly string[],
): Map<string, Route[]> {
  const mounted = new Map<string, Route[]>();
  const owners = new Map<string, string>();
  for (const { family, spec, routes } of families) {
    for (const [operationId, handle] of Object.entries(routes)) {
      const operation = spec.operations[operationId];
      if (!operation) {
        throw new Error(
          `the ${family} module handles ${operationId}, which specs/${spec.api}.yaml does not have; rename the handler or add the operation to the spec`,
        );
      }
      if (!servers.includes(operation.server)) {
        throw new Error(
          `the ${family} module handles ${operationId}, whose server "${operation.server}" is not one of ${servers.join(", ")}`,
        );
      }
      const key = `${operation.method} /${operation.server}${operation.path}`;
      const owner = owners.get(key);
      if (owner) throw new Error(`${key} is served twice: by ${owner} and by ${family} ${operationId}`);
      owners.set(key, `${family} ${operationId}`);
      const route: Route = {
        method: operation.method,
        path: operation.path,
        operationId,
        family,
        public: operation.public,
        handle,
      };
      const list = mounted.get(operation.server) ?? [];
      list.push(route);
      mounted.set(operation.server, list);
    }
  }
  return mounted;
}
