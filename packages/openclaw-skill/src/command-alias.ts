/**
 * MCP-vocabulary aliases (`list_services`, `infer`, ...): a command under another name and field
 * spelling that runs its target. An alias is declared from the target command plus the fields it
 * renames or adds; every other schema, the operations (so `mutating`, `billable`, whether credentials
 * are needed), the surfaces and the family come from the target, never copied.
 */

import { type Command, defineCommand } from "./command.js";
import { invalidInputError } from "./invalid-input.js";
import type { JsonSchema } from "./schema.js";
import { type InputSchema, validateInput } from "./schema.js";

/** One field of an alias's input. */
export type AliasField =
  /** The target's field of the same name, as it is (required when the target requires it). */
  | { readonly kind: "same" }
  /** Stands for the target field `from` under another name or description; never required. */
  | { readonly kind: "renamed"; readonly from: string; readonly description?: string }
  /** A field only the alias has; the alias's `toTarget` folds it into the target's input. */
  | { readonly kind: "extra"; readonly schema: JsonSchema };

/** The target's field of the same name, as it is. */
export const sameField: AliasField = { kind: "same" };

/** Stands for the target's field `from` (its schema, with `description` replaced when given). */
export function renamedField(from: string, description?: string): AliasField {
  return description === undefined ? { kind: "renamed", from } : { kind: "renamed", from, description };
}

/** A field the target does not have. */
export function extraField(schema: JsonSchema): AliasField {
  return { kind: "extra", schema };
}

export interface AliasSpec {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  /** The alias's fields, in the order tools and docs show them. */
  readonly fields: Readonly<Record<string, AliasField>>;
  /**
   * Builds the target's input from the alias's (validated) input. Default: `same` fields as they are,
   * each `renamed` field under its target name (the first spelling given wins). Required when the
   * alias has `extra` fields. May throw a ThetaValidationError naming an alias field.
   */
  readonly toTarget?: (input: Readonly<Record<string, unknown>>) => Record<string, unknown>;
  readonly examples?: readonly Record<string, unknown>[];
}

function targetField(target: Command, alias: string, name: string): JsonSchema {
  const properties = target.inputSchema.properties ?? {};
  const schema = Object.hasOwn(properties, name) ? properties[name] : undefined;
  if (schema === undefined) {
    throw new Error(`Alias ${alias} refers to "${name}", which ${target.name} has no field named`);
  }
  return schema;
}

function aliasSchema(target: Command, spec: AliasSpec): InputSchema {
  const targetRequired = new Set(target.inputSchema.required ?? []);
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [name, field] of Object.entries(spec.fields)) {
    if (field.kind === "same") {
      properties[name] = targetField(target, spec.name, name);
      if (targetRequired.has(name)) required.push(name);
    } else if (field.kind === "renamed") {
      const schema = targetField(target, spec.name, field.from);
      properties[name] =
        field.description === undefined ? schema : { ...schema, description: field.description };
    } else {
      properties[name] = field.schema;
    }
  }
  return {
    type: "object",
    properties,
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
  };
}

function defaultToTarget(
  spec: AliasSpec,
): (input: Readonly<Record<string, unknown>>) => Record<string, unknown> {
  return (input) => {
    const out: Record<string, unknown> = {};
    for (const [name, field] of Object.entries(spec.fields)) {
      const value = Object.hasOwn(input, name) ? input[name] : undefined;
      if (value === undefined || field.kind === "extra") continue;
      const targetName = field.kind === "same" ? name : field.from;
      if (out[targetName] === undefined) out[targetName] = value;
    }
    return out;
  };
}

/** An alias of `target`: validated against its own schema, then run as the target with the mapped input. */
export function defineAlias(target: Command, spec: AliasSpec): Command {
  const hasExtra = Object.values(spec.fields).some((field) => field.kind === "extra");
  if (hasExtra && spec.toTarget === undefined) {
    throw new Error(
      `Alias ${spec.name} has extra fields: give it a toTarget that folds them into ${target.name}'s input`,
    );
  }
  const toTarget = spec.toTarget ?? defaultToTarget(spec);
  return defineCommand({
    name: spec.name,
    title: spec.title,
    description: spec.description,
    inputSchema: aliasSchema(target, spec),
    family: target.family,
    operations: target.operations,
    aliasOf: target.name,
    revealsUploadUrls: target.revealsUploadUrls,
    surfaces: target.surfaces,
    // The alias runs the target, so its result reads the same way.
    ...(target.presentation === undefined ? {} : { presentation: target.presentation }),
    ...(spec.examples === undefined ? {} : { examples: spec.examples }),
    run: async (input, runContext) => {
      // The target's schema fills in its defaults (and re-checks what `toTarget` built).
      const checked = validateInput(target.inputSchema, toTarget(input));
      if (!checked.ok) throw invalidInputError(spec.name, checked.issues);
      return target.run(checked.value, runContext);
    },
  });
}
