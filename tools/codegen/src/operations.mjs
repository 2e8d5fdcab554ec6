// The operations table: operationId -> method, path, server, public and the `x-theta-*` policy.
import { readBoolean, readCommonPolicy, readRetry } from "./policy-fields.mjs";
import { isPublic, readSecurity } from "./security.mjs";
import { innermostServer, readServersList } from "./servers.mjs";

export const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];
const OPERATION_ID = /^[A-Za-z][A-Za-z0-9]*$/;

/**
 * Reads every operation of `doc`. Returns the policies sorted by operationId, and the JSON-RPC
 * carriers (operations marked `x-theta-jsonrpc: true`) for the method reader; problems are added to
 * `problems` rather than thrown, so one run lists them all.
 */
export function collectOperations(doc, label, problems) {
  const schemeNames = new Set(Object.keys(doc.components?.securitySchemes ?? {}));
  const documentSecurity = readSecurity(doc.security, `${label} (top-level)`, schemeNames, problems);
  const documentServers = {
    servers: doc.servers,
    name: readServersList(doc.servers, `${label} (top-level)`, problems),
  };
  const operations = new Map();
  const carriers = [];
  const paths = doc.paths ?? {};
  for (const path of Object.keys(paths).sort()) {
    const item = paths[path];
    const pathServers = {
      servers: item?.servers,
      name: readServersList(item?.servers, `${label} path ${path}`, problems),
    };
    for (const method of HTTP_METHODS) {
      const operation = item?.[method];
      if (!operation) continue;
      const where = `${label} ${method.toUpperCase()} ${path}`;
      const before = problems.length;

      const operationId = operation.operationId;
      if (typeof operationId !== "string" || !OPERATION_ID.test(operationId)) {
        problems.push(`${where}: operationId is missing or not an identifier (letters and digits).`);
      } else if (operations.has(operationId)) {
        problems.push(`${where}: operationId "${operationId}" is used twice.`);
      }
      const policy = readCommonPolicy(operation, where, problems);
      const stream = readBoolean(operation, "x-theta-stream", where, problems, { optional: true });
      const jsonrpc = readBoolean(operation, "x-theta-jsonrpc", where, problems, { optional: true });
      const retry = readRetry(operation, where, problems);
      const operationSecurity = readSecurity(operation.security, where, schemeNames, problems);
      const operationServers = {
        servers: operation.servers,
        name: readServersList(operation.servers, where, problems),
      };
      const server = innermostServer([operationServers, pathServers, documentServers]);
      if (
        server === undefined &&
        [operation.servers, item?.servers, doc.servers].every((servers) => servers === undefined)
      ) {
        problems.push(
          `${where}: no servers list applies; add a top-level "servers" entry with its url and "x-theta-server: <name>".`,
        );
      }
      if (problems.length !== before) continue;

      const entry = {
        operationId,
        method: method.toUpperCase(),
        path,
        server,
        public: isPublic(operation.security !== undefined ? operationSecurity : documentSecurity),
        mutating: policy.mutating,
        billable: policy.billable,
        idempotent: policy.idempotent,
        confidence: policy.confidence,
      };
      if (retry !== undefined) entry.retry = retry;
      if (policy.timeoutMs !== undefined) entry.timeoutMs = policy.timeoutMs;
      if (stream !== undefined) entry.stream = stream;
      if (jsonrpc === true) {
        entry.jsonrpc = true;
        carriers.push({ operation, operationId, server, where, method: entry.method });
      }
      operations.set(operationId, entry);
    }
  }
  const sorted = [...operations.values()].sort((left, right) =>
    left.operationId < right.operationId ? -1 : left.operationId > right.operationId ? 1 : 0,
  );
  return { operations: sorted, carriers };
}
