/**
 * The spec side of the conformance tests, for any family: it reads every `specs/*.yaml` of the
 * repository (only the tests do; the built package never reads a spec), sends a request to one
 * operation of a running simulator exactly as its spec describes it (method, path, server, auth scheme
 * of the family), checks that the simulator routed it to that operation, and validates the request body
 * and the answer (JSON, or every SSE event) against the spec's schemas with Ajv. Every validated answer
 * is recorded, so a test can require that each operation of a spec was answered at least once.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { authHeaders, FAMILIES, type FamilyName } from "@theta/core";
import Ajv2020Module, { type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { expect } from "vitest";
import { parse } from "yaml";
import type { Simulator } from "../../index.js";

// Both are CommonJS with a `default` export that is also the module itself.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;
type Ajv = InstanceType<typeof Ajv2020>;

export type Json = Record<string, unknown>;

const SPECS_DIR = fileURLToPath(new URL("../../../../../specs/", import.meta.url));
const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

export interface SpecOperationNode {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  /** JSON pointer of the operation object in its document. */
  readonly pointer: string;
  readonly node: Json;
  /** The server the operation is sent to, as the spec names it (derived here independently of the generator). */
  readonly server: string;
  readonly public: boolean;
}

export interface LoadedSpec {
  readonly api: string;
  readonly doc: Json;
  readonly operations: ReadonlyMap<string, SpecOperationNode>;
  readonly ajv: Ajv;
  readonly id: string;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

export function at(doc: Json, pointer: string): unknown {
  let node: unknown = doc;
  for (const raw of pointer.replace(/^#\//, "").split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    node = (node as Json | undefined)?.[key];
  }
  return node;
}

function serverName(servers: unknown): string | undefined {
  if (!Array.isArray(servers)) return undefined;
  for (const server of servers as Json[]) {
    const name = server?.["x-theta-server"];
    if (typeof name === "string") return name;
  }
  return undefined;
}

function loadSpec(file: string): LoadedSpec | undefined {
  const doc = parse(readFileSync(`${SPECS_DIR}${file}`, "utf8")) as Json | null;
  if (!doc || typeof doc.openapi !== "string") return undefined;
  const api = file.replace(/\.ya?ml$/, "");
  const id = `https://theta-simulator.local/specs/${file}`;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ ...doc, $id: id });
  const documentServer = serverName(doc.servers) ?? api;
  const operations = new Map<string, SpecOperationNode>();
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Json>)) {
    for (const method of METHODS) {
      const node = item[method] as Json | undefined;
      if (typeof node?.operationId !== "string") continue;
      const security = (node.security ?? doc.security) as Json[] | undefined;
      const ownServer = node["x-theta-server"];
      operations.set(node.operationId, {
        operationId: node.operationId,
        method: method.toUpperCase(),
        path,
        pointer: `#/paths/${escapePointer(path)}/${method}`,
        node,
        server:
          (typeof ownServer === "string" ? ownServer : undefined) ??
          serverName(node.servers) ??
          serverName(item.servers) ??
          documentServer,
        public:
          security === undefined ||
          security.length === 0 ||
          security.some((requirement) => Object.keys(requirement).length === 0),
      });
    }
  }
  return { api, doc, operations, ajv, id };
}

/** Every OpenAPI document under `specs/`, by api name (`specs/<api>.yaml`). */
export function loadSpecs(): Map<string, LoadedSpec> {
  const specs = new Map<string, LoadedSpec>();
  for (const file of readdirSync(SPECS_DIR).sort()) {
    if (!/\.ya?ml$/.test(file)) continue;
    const spec = loadSpec(file);
    if (spec) specs.set(spec.api, spec);
  }
  return specs;
}

export interface CallRequest {
  /** Query string including `?`. */
  readonly query?: string;
  /** A JSON body (validated against the operation's request schema first), or raw text. */
  readonly body?: unknown;
  readonly contentType?: string;
  /**
   * The family's credentials to send (default: `simulator.credentials.<family>`); values given here
   * replace those; `null` sends none.
   */
  readonly credentials?: Readonly<Record<string, string>> | null;
  /** Send to this URL instead of building it from the spec (a URL the API handed out, e.g. presigned). */
  readonly url?: string;
}

/** A checked answer: the body was consumed to validate it. */
export interface CheckedAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed JSON body, for JSON answers. */
  readonly json: Json;
}

export interface Harness {
  readonly spec: LoadedSpec;
  operation(operationId: string): SpecOperationNode;
  /** Calls one operation as its spec describes it and validates the answer; see the file comment. */
  call(
    simulator: Simulator,
    operationId: string,
    params?: Readonly<Record<string, string>>,
    request?: CallRequest,
  ): Promise<CheckedAnswer>;
  /** The validator of one operation's answer schema (to show that the checks can fail). */
  responseValidator(operationId: string, status: string, contentType: string): (value: unknown) => boolean;
  /** Operation ids answered and validated so far. */
  readonly answered: ReadonlySet<string>;
}

const isJsonType = (contentType: string) =>
  contentType === "application/json" || contentType.endsWith("+json");

/** A harness for the operations of `spec`, sent with the credentials and auth scheme of `family`. */
export function createHarness(spec: LoadedSpec, family: FamilyName): Harness {
  const validators = new Map<string, ValidateFunction>();
  const answered = new Set<string>();

  const operation = (operationId: string): SpecOperationNode => {
    const found = spec.operations.get(operationId);
    if (!found) throw new Error(`operationId ${operationId} is missing from specs/${spec.api}.yaml`);
    return found;
  };

  const validatorFor = (pointer: string): ValidateFunction => {
    const known = validators.get(pointer);
    if (known) return known;
    if (at(spec.doc, pointer) === undefined)
      throw new Error(`specs/${spec.api}.yaml has no schema at ${pointer}`);
    const validate = spec.ajv.compile({ $ref: `${spec.id}${pointer}` });
    validators.set(pointer, validate);
    return validate;
  };

  const check = (pointer: string, value: unknown, what: string): void => {
    const validate = validatorFor(pointer);
    const ok = validate(value);
    expect(
      ok,
      `${what}: ${spec.ajv.errorsText(validate.errors)}\n${JSON.stringify(value).slice(0, 400)}`,
    ).toBe(true);
  };

  /** Pointer of the response object for `status` (following a `$ref` to components/responses). */
  const responsePointer = (op: SpecOperationNode, status: string): string => {
    const responses = op.node.responses as Record<string, Json>;
    const key = responses[status] ? status : `${status[0]}XX`;
    const response = responses[key];
    if (!response) throw new Error(`${op.operationId} declares no ${status} response`);
    return typeof response.$ref === "string" ? response.$ref : `${op.pointer}/responses/${key}`;
  };

  /** Validates every `data:` event of an SSE answer against the schema `x-theta-event-schema` names. */
  const checkEvents = (base: string, text: string, what: string): void => {
    const declared = at(spec.doc, `${base}/content/text~1event-stream/schema`) as Json | undefined;
    // `x-theta-event-schema` names the schema of one `data:` line: a JSON pointer string or a {$ref}.
    const eventSchemaOf = (node: Json | undefined): string | undefined => {
      const value = node?.["x-theta-event-schema"];
      if (typeof value === "string") return value;
      const ref = (value as Json | undefined)?.$ref;
      return typeof ref === "string" ? ref : undefined;
    };
    let eventPointer = eventSchemaOf(declared);
    if (!eventPointer && typeof declared?.$ref === "string")
      eventPointer = eventSchemaOf(at(spec.doc, declared.$ref) as Json);
    expect(eventPointer, `${what}: no x-theta-event-schema for the stream`).toBeDefined();
    for (const block of text.split("\n\n").filter((b) => b.trim().length > 0)) {
      const data = block.replace(/^data: /, "");
      if (data === "[DONE]") continue;
      check(eventPointer as string, JSON.parse(data), `${what} event`);
    }
  };

  const call: Harness["call"] = async (simulator, operationId, params = {}, request = {}) => {
    const op = operation(operationId);
    const what = `${operationId} ${request.query ?? ""}`.trim();
    const contentType = request.contentType ?? "application/json";
    if (request.body !== undefined && isJsonType(contentType)) {
      check(
        `${op.pointer}/requestBody/content/${escapePointer(contentType)}/schema`,
        request.body,
        `${operationId} request`,
      );
    }
    const path = op.path.replace(/\{(\w+)\}/g, (_match, name: string) =>
      encodeURIComponent(params[name] ?? ""),
    );
    const base = simulator.baseUrls[op.server as keyof Simulator["baseUrls"]];
    if (request.url === undefined) {
      expect(base, `${operationId}: the simulator has no base URL for server "${op.server}"`).toBeDefined();
    }
    const given = simulator.credentials[family as keyof Simulator["credentials"]] ?? {};
    const values = request.credentials === null ? {} : { ...given, ...request.credentials };
    const headers: Record<string, string> = {
      ...authHeaders(FAMILIES[family].auth, values),
      "content-type": contentType,
    };
    const body =
      request.body === undefined || typeof request.body === "string"
        ? request.body
        : JSON.stringify(request.body);
    const response = await fetch(request.url ?? `${base}${path}${request.query ?? ""}`, {
      method: op.method,
      headers,
      body,
    });
    const text = await response.text();
    const last = simulator.state.log().at(-1);
    expect(last?.operationId, `the simulator routed ${op.method} ${op.path} to another operation`).toBe(
      operationId,
    );
    const status = String(response.status);
    const responseBase = responsePointer(op, status);
    const declared = at(spec.doc, `${responseBase}/content`) as Json | undefined;
    const type = (response.headers.get("content-type") ?? "").split(";")[0] ?? "";
    let json: Json = {};
    if (declared) {
      expect(type in declared, `${what}: ${type} not declared for ${status}`).toBe(true);
      if (type === "text/event-stream") checkEvents(responseBase, text, what);
      else if (isJsonType(type)) {
        json = JSON.parse(text) as Json;
        check(`${responseBase}/content/${escapePointer(type)}/schema`, json, `${what} ${status}`);
      }
    }
    answered.add(operationId);
    return { status: response.status, headers: response.headers, text, json };
  };

  return {
    spec,
    operation,
    call,
    responseValidator(operationId, status, contentType) {
      const pointer = `${responsePointer(operation(operationId), status)}/content/${escapePointer(contentType)}/schema`;
      const validate = validatorFor(pointer);
      return (value) => validate(value) === true;
    },
    answered,
  };
}
