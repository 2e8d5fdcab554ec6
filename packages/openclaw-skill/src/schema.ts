/**
 * The input schema of a command is written once as a plain JSON Schema (draft 2020-12 subset)
 * object literal `as const`. The same object is the OpenClaw tool `parameters`, the MCP
 * `inputSchema`, the CLI help and the docs; `FromSchema` derives its TypeScript type and
 * `validateInput` checks a value against it (and fills in `default`s).
 */

export interface StringSchema {
  readonly type: "string";
  readonly description?: string;
  readonly enum?: readonly string[];
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly format?: string;
  readonly default?: string;
  readonly examples?: readonly string[];
}

export interface NumberSchema {
  readonly type: "number" | "integer";
  readonly description?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly default?: number;
  readonly examples?: readonly number[];
}

export interface BooleanSchema {
  readonly type: "boolean";
  readonly description?: string;
  readonly default?: boolean;
}

export interface ArraySchema {
  readonly type: "array";
  readonly description?: string;
  readonly items: JsonSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
}

export interface ObjectSchema {
  readonly type: "object";
  readonly description?: string;
  readonly properties?: { readonly [name: string]: JsonSchema };
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly examples?: readonly unknown[];
}

/** Any JSON value (no `type`). */
export interface AnySchema {
  readonly description?: string;
}

export type JsonSchema = StringSchema | NumberSchema | BooleanSchema | ArraySchema | ObjectSchema | AnySchema;

/** A command's input: always an object (MCP requires `type: "object"`). */
export type InputSchema = ObjectSchema;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type RequiredKeys<S> = S extends { readonly required: readonly (infer R)[] } ? R : never;
type DefaultedKeys<P> = { [K in keyof P]: P[K] extends { readonly default: unknown } ? K : never }[keyof P];

type ObjectFrom<S> = S extends { readonly properties: infer P }
  ? Simplify<
      {
        -readonly [K in keyof P as K extends RequiredKeys<S> | DefaultedKeys<P> ? K : never]: FromSchema<
          P[K]
        >;
      } & {
        -readonly [K in keyof P as K extends RequiredKeys<S> | DefaultedKeys<P> ? never : K]?: FromSchema<
          P[K]
        >;
      } & (S extends { readonly additionalProperties: false } ? unknown : { [extra: string]: unknown })
    >
  : { [key: string]: unknown };

/** The TypeScript type of a value that passed `validateInput(schema, ...)`. */
export type FromSchema<S> = S extends { readonly enum: readonly (infer E)[] }
  ? E
  : S extends { readonly type: "string" }
    ? string
    : S extends { readonly type: "number" | "integer" }
      ? number
      : S extends { readonly type: "boolean" }
        ? boolean
        : S extends { readonly type: "array"; readonly items: infer I }
          ? FromSchema<I>[]
          : S extends { readonly type: "object" }
            ? ObjectFrom<S>
            : unknown;

export interface SchemaIssue {
  /** Dotted path of the offending field (`messages[0].role`); `input` for the root. */
  readonly field: string;
  readonly message: string;
  readonly fix: string;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Keys that name a member every object inherits (`__proto__`, `constructor`, `toString`,
 * `hasOwnProperty`, ...) or `prototype`. Written into an object they can replace its prototype or
 * shadow what code expects, so no input may use them.
 */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  "prototype",
]);

/** True for a key that input objects may not have (see `PROTOTYPE_KEYS`). */
export function isPrototypeKey(key: string): boolean {
  return PROTOTYPE_KEYS.has(key);
}

function prototypeKeyIssue(field: string, key: string): SchemaIssue {
  return {
    field,
    message: `${field} is not allowed: "${key}" names a built-in member of every object, so it could change how the input is read`,
    fix: `remove the "${key}" key`,
  };
}

/**
 * The issue for the first prototype-like key anywhere inside `value` (free-form JSON such as a
 * model's `input`, or input before an adapter's own parsing drops such keys). Walks with its own
 * stack (no recursion limit) and visits each object once.
 */
export function findPrototypeKey(value: unknown, path = ""): SchemaIssue | undefined {
  const pending: { value: unknown; path: string }[] = [{ value, path }];
  const seen = new Set<object>();
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const current = next.value;
    if (typeof current !== "object" || current === null || seen.has(current)) continue;
    seen.add(current);
    if (Array.isArray(current)) {
      current.forEach((item, index) => {
        pending.push({ value: item, path: joinPath(next.path, index) });
      });
      continue;
    }
    for (const key of Object.keys(current)) {
      const child = joinPath(next.path, key);
      if (isPrototypeKey(key)) return prototypeKeyIssue(child, key);
      pending.push({ value: (current as Record<string, unknown>)[key], path: child });
    }
  }
  return undefined;
}

/** Checks free-form JSON for prototype-like keys; returns it unchanged. */
function checkFreeForm(value: unknown, path: string, issues: SchemaIssue[]): unknown {
  const issue = findPrototypeKey(value, path);
  if (issue) issues.push(issue);
  return value;
}

/** Adds an own, ordinary property (never a prototype change, whatever the key). */
function defineField(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number" && !Number.isInteger(value)) return "a number";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function joinPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  return parent === "" ? key : `${parent}.${key}`;
}

function check(schema: JsonSchema, value: unknown, path: string, issues: SchemaIssue[]): unknown {
  const field = path === "" ? "input" : path;
  const fail = (message: string, fix: string): unknown => {
    issues.push({ field, message: `${field} ${message}`, fix });
    return value;
  };
  if (!("type" in schema)) return checkFreeForm(value, path, issues);
  switch (schema.type) {
    case "string": {
      if (typeof value !== "string") return fail(`must be a string, got ${describeType(value)}`, "pass text");
      if (schema.enum && !schema.enum.includes(value)) {
        return fail(`must be one of ${schema.enum.join(", ")}`, `use one of: ${schema.enum.join(", ")}`);
      }
      if (schema.minLength !== undefined && value.length < schema.minLength) {
        return fail(
          schema.minLength === 1 ? "must not be empty" : `must have at least ${schema.minLength} characters`,
          "pass a non-empty value",
        );
      }
      if (schema.maxLength !== undefined && value.length > schema.maxLength) {
        return fail(`must have at most ${schema.maxLength} characters`, "shorten it");
      }
      if (schema.pattern !== undefined && !new RegExp(schema.pattern, "u").test(value)) {
        return fail(`does not match ${schema.pattern}`, "check the format");
      }
      return value;
    }
    case "number":
    case "integer": {
      if (typeof value !== "number" || !Number.isFinite(value)) {
        return fail(`must be a number, got ${describeType(value)}`, "pass a number");
      }
      if (schema.type === "integer" && !Number.isInteger(value)) {
        return fail("must be a whole number", "pass an integer");
      }
      const range = `${schema.minimum ?? "-∞"}..${schema.maximum ?? "∞"}`;
      if (schema.minimum !== undefined && value < schema.minimum) {
        return fail(`must be ≥ ${schema.minimum}`, `pass a value in ${range}`);
      }
      if (schema.maximum !== undefined && value > schema.maximum) {
        return fail(`must be ≤ ${schema.maximum}`, `pass a value in ${range}`);
      }
      return value;
    }
    case "boolean":
      if (typeof value !== "boolean")
        return fail(`must be true or false, got ${describeType(value)}`, "pass a boolean");
      return value;
    case "array": {
      if (!Array.isArray(value))
        return fail(`must be an array, got ${describeType(value)}`, "pass a JSON array");
      if (schema.minItems !== undefined && value.length < schema.minItems) {
        return fail(`must have at least ${schema.minItems} item(s)`, "add items");
      }
      if (schema.maxItems !== undefined && value.length > schema.maxItems) {
        return fail(`must have at most ${schema.maxItems} item(s)`, "remove items");
      }
      return value.map((item, index) => check(schema.items, item, joinPath(path, index), issues));
    }
    case "object": {
      if (!isPlainObject(value))
        return fail(`must be an object, got ${describeType(value)}`, "pass a JSON object");
      // Own properties only, on both sides: `properties.toString` or an inherited `value.wait` must
      // not count as declared or given.
      const out: Record<string, unknown> = {};
      const properties = schema.properties ?? {};
      const propertySchemaOf = (name: string): JsonSchema | undefined =>
        Object.hasOwn(properties, name) ? properties[name] : undefined;
      for (const name of schema.required ?? []) {
        if (!Object.hasOwn(value, name) || value[name] === undefined) {
          const child = joinPath(path, name);
          issues.push({ field: child, message: `${child} is required`, fix: `add "${name}"` });
        }
      }
      for (const name of Object.keys(value)) {
        const raw = value[name];
        if (raw === undefined) continue;
        const child = joinPath(path, name);
        if (isPrototypeKey(name)) {
          issues.push(prototypeKeyIssue(child, name));
          continue;
        }
        const propertySchema = propertySchemaOf(name);
        if (propertySchema) {
          defineField(out, name, check(propertySchema, raw, child, issues));
        } else if (schema.additionalProperties === false) {
          const known = Object.keys(properties);
          issues.push({
            field: child,
            message: `${child} is not a known field`,
            fix: known.length > 0 ? `use one of: ${known.join(", ")}` : "remove it",
          });
        } else if (typeof schema.additionalProperties === "object") {
          defineField(out, name, check(schema.additionalProperties, raw, child, issues));
        } else {
          defineField(out, name, checkFreeForm(raw, child, issues));
        }
      }
      for (const [name, propertySchema] of Object.entries(properties)) {
        if (out[name] === undefined && "default" in propertySchema && propertySchema.default !== undefined) {
          defineField(out, name, propertySchema.default);
        }
      }
      return out;
    }
  }
}

/**
 * Checks `value` against `schema`; returns a copy with `default`s filled in, or the issues found.
 * `undefined` is treated as `{}` for object schemas (a command called without arguments).
 */
export function validateInput<S extends InputSchema>(
  schema: S,
  value: unknown,
): { ok: true; value: FromSchema<S> } | { ok: false; issues: SchemaIssue[] } {
  const issues: SchemaIssue[] = [];
  const result = check(schema, value === undefined || value === null ? {} : value, "", issues);
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: result as FromSchema<S> };
}
