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
  if (!("type" in schema)) return value;
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
      const out: Record<string, unknown> = {};
      const properties = schema.properties ?? {};
      for (const name of schema.required ?? []) {
        if (value[name] === undefined) {
          const child = joinPath(path, name);
          issues.push({ field: child, message: `${child} is required`, fix: `add "${name}"` });
        }
      }
      for (const [name, raw] of Object.entries(value)) {
        if (raw === undefined) continue;
        const child = joinPath(path, name);
        const propertySchema = properties[name];
        if (propertySchema) {
          out[name] = check(propertySchema, raw, child, issues);
        } else if (schema.additionalProperties === false) {
          const known = Object.keys(properties);
          issues.push({
            field: child,
            message: `${child} is not a known field`,
            fix: known.length > 0 ? `use one of: ${known.join(", ")}` : "remove it",
          });
        } else if (typeof schema.additionalProperties === "object") {
          out[name] = check(schema.additionalProperties, raw, child, issues);
        } else {
          out[name] = raw;
        }
      }
      for (const [name, propertySchema] of Object.entries(properties)) {
        if (out[name] === undefined && "default" in propertySchema && propertySchema.default !== undefined) {
          out[name] = propertySchema.default;
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
