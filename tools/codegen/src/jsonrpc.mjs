// JSON-RPC methods. Convention (specs/README.md, "JSON-RPC"): one `POST` operation marked
// `x-theta-jsonrpc: true` whose JSON request body is a `oneOf` of `$ref`s to request schemas,
// discriminated by `method` (with a `mapping` from each method name to its schema). Each request
// schema has `properties.method.const`, `properties.params`, its own policy extensions and
// `x-theta-result: { $ref }` naming its result schema.
import { componentSchemaName, resolveLocalRef } from "./local-ref.mjs";
import { readCommonPolicy } from "./policy-fields.mjs";

/**
 * Reads the methods of every carrier. Returns them sorted by method name, each with the component
 * schema names its params and result types come from.
 */
export function collectMethods(doc, label, carriers, problems) {
  const schemas = doc.components?.schemas ?? {};
  const methods = new Map();
  for (const carrier of carriers) {
    if (carrier.method !== "POST") {
      problems.push(`${carrier.where}: x-theta-jsonrpc operations must be POST (JSON-RPC over HTTP).`);
      continue;
    }
    const union = requestUnion(doc, carrier, problems);
    if (union === undefined) continue;
    const mapping = union.discriminator.mapping ?? {};
    // Method names declared by the members, even those with other problems, so a mapping entry is
    // only called stray when no member declares it.
    const declared = new Set();
    for (const [index, member] of union.oneOf.entries()) {
      const schemaName = componentSchemaName(member?.$ref);
      const memberWhere = `${carrier.where} request body oneOf[${index}]`;
      if (schemaName === undefined || schemas[schemaName] === undefined) {
        problems.push(
          `${memberWhere}: must be { $ref: "#/components/schemas/<Name>" } naming an existing schema (found ${JSON.stringify(member)}).`,
        );
        continue;
      }
      const declaredMethod = schemas[schemaName]?.properties?.method?.const;
      if (typeof declaredMethod === "string") declared.add(declaredMethod);
      const entry = readMethod(schemas, schemaName, label, carrier, problems);
      if (entry === undefined) continue;
      const previous = methods.get(entry.policy.method);
      if (previous !== undefined) {
        problems.push(
          `${label} components.schemas.${schemaName}: method "${entry.policy.method}" is already declared by components.schemas.${previous.requestSchema}; method names must be unique.`,
        );
        continue;
      }
      if (mapping[entry.policy.method] !== member.$ref) {
        problems.push(
          `${carrier.where}: discriminator.mapping must map "${entry.policy.method}" to "${member.$ref}" ` +
            `(without it OpenAPI and the generated types take the schema name "${schemaName}" as the method).`,
        );
      }
      methods.set(entry.policy.method, entry);
    }
    for (const key of Object.keys(mapping)) {
      if (!declared.has(key)) {
        problems.push(
          `${carrier.where}: discriminator.mapping names "${key}", which no oneOf member declares.`,
        );
      }
    }
  }
  return [...methods.values()].sort((left, right) =>
    left.policy.method < right.policy.method ? -1 : left.policy.method > right.policy.method ? 1 : 0,
  );
}

/** The request body's `oneOf` + `discriminator`, checked; undefined after adding a problem. */
function requestUnion(doc, carrier, problems) {
  const body = resolveLocalRef(doc, carrier.operation.requestBody);
  const union = resolveLocalRef(doc, body?.content?.["application/json"]?.schema);
  if (union === undefined || !Array.isArray(union.oneOf) || union.oneOf.length === 0) {
    problems.push(
      `${carrier.where}: the application/json request body schema must be a oneOf of $refs to the request schemas, one per method.`,
    );
    return undefined;
  }
  if (union.discriminator?.propertyName !== "method") {
    problems.push(
      `${carrier.where}: the request body oneOf needs "discriminator: { propertyName: method, mapping }".`,
    );
    return undefined;
  }
  return union;
}

/** One request schema -> { policy, requestSchema, resultSchema }; undefined after adding problems. */
function readMethod(schemas, schemaName, label, carrier, problems) {
  const schema = schemas[schemaName];
  const where = `${label} components.schemas.${schemaName}`;
  const before = problems.length;
  const method = schema?.properties?.method?.const;
  if (typeof method !== "string" || method.trim() === "") {
    problems.push(
      `${where}: properties.method.const must be the JSON-RPC method name, e.g. "theta.GetVersion".`,
    );
  }
  if (schema?.properties?.params === undefined) {
    problems.push(
      `${where}: properties.params is missing; describe the params (e.g. "type: array, maxItems: 0" for none).`,
    );
  }
  const policy = readCommonPolicy(schema ?? {}, where, problems);
  const resultRef = schema?.["x-theta-result"]?.$ref;
  const resultSchema = componentSchemaName(resultRef);
  if (resultSchema === undefined) {
    problems.push(
      `${where}: x-theta-result is missing; name the result schema with "x-theta-result: { $ref: '#/components/schemas/<Name>' }".`,
    );
  } else if (schemas[resultSchema] === undefined) {
    problems.push(`${where}: x-theta-result points at "${resultRef}", which is not in components.schemas.`);
  }
  if (problems.length !== before) return undefined;
  const entry = {
    method,
    operationId: carrier.operationId,
    server: carrier.server,
    mutating: policy.mutating,
    billable: policy.billable,
    idempotent: policy.idempotent,
    confidence: policy.confidence,
  };
  if (policy.timeoutMs !== undefined) entry.timeoutMs = policy.timeoutMs;
  return { policy: entry, requestSchema: schemaName, resultSchema };
}
