import { FAMILY_LIST, type FamilySpec, SERVERS, type ServerName } from "@theta/core";
import type { BaseUrlOverrides, CommandContext } from "./context.js";
import type { ToolSelection } from "./tool-selection.js";

/**
 * OpenClaw plugin config (`plugins.entries.theta-edgecloud.config`). Credential fields accept a
 * plain string or a SecretRef (`{ source, provider, id }`) that the Gateway resolves before it
 * hands the config to the plugin; a value that is still an object was not resolved and is treated
 * as unavailable (the environment is still consulted).
 */
export interface CredentialField {
  /** The family (of `@theta/core`'s list) whose credential it is. */
  readonly family: string;
  /** Config key: the family's `configPrefix` and the credential key, e.g. `ecApiKey`. */
  readonly key: string;
  /** Environment variables it stands for (the secret provider is asked with these names). */
  readonly env: readonly string[];
  readonly secret: boolean;
  readonly label: string;
  readonly help: string;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The plugin setting of a family's credential: its `configPrefix` and the credential key (`ecApiKey`). */
export function credentialSettingKey(family: FamilySpec, credentialKey: string): string {
  return `${family.configPrefix}${capitalize(credentialKey)}`;
}

function deriveFields(): CredentialField[] {
  const fields = new Map<string, CredentialField>();
  for (const family of FAMILY_LIST) {
    // A family that uses another's credentials (agents → controller) adds no fields of its own.
    if (family.credentialsOf !== undefined) continue;
    for (const credential of family.credentials) {
      // `ecApiKey`, `ecProjectId`, `videoSaSecret`, ...
      const key = credentialSettingKey(family, credential.key);
      if (fields.has(key)) continue;
      fields.set(key, {
        family: family.family,
        key,
        env: credential.env,
        secret: credential.secret,
        label: `${family.title}: ${credential.description.split(" (")[0]}`,
        help: `${capitalize(credential.description)}. Environment: ${credential.env.join(", ")}.`,
      });
    }
  }
  return [...fields.values()];
}

/**
 * One config field per credential of `@theta/core`'s FAMILIES (all families, so a config written
 * today stays valid as commands for more families arrive).
 */
export const CREDENTIAL_FIELDS: readonly CredentialField[] = deriveFields();

export interface ThetaPluginConfig {
  readonly dryRun?: boolean;
  readonly maxBudgetUsd?: number;
  /** Base URL per server name of `@theta/core`'s `SERVERS` (only for a local simulator or a test host). */
  readonly baseUrls?: BaseUrlOverrides;
  readonly allowInsecureLoopback?: boolean;
  /** Offer only these families' tools (with the diagnostics). */
  readonly families?: readonly string[];
  /** Offer only these tools (OpenClaw tool names or dotted command names). */
  readonly tools?: readonly string[];
  readonly [key: string]: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The usable string of a config field: a non-empty string, else `undefined` (unset or unresolved SecretRef). */
export function configString(config: Record<string, unknown>, key: string): string | undefined {
  const value = config[key];
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/**
 * Turns the plugin config into a command context: a secret provider answering the env names of
 * each credential field, plus dry-run, spend cap, base URLs and the loopback opt-in.
 */
export function contextFromPluginConfig(pluginConfig: unknown): Omit<CommandContext, "env" | "signal"> {
  const config = isRecord(pluginConfig) ? pluginConfig : {};
  const byEnv = new Map<string, string>();
  for (const field of CREDENTIAL_FIELDS) for (const name of field.env) byEnv.set(name, field.key);
  const configured = isRecord(config.baseUrls) ? config.baseUrls : {};
  // Only the known server names are read: other keys of the object (prototype keys included) are ignored.
  const baseUrls: { [Server in ServerName]?: string } = {};
  for (const server of Object.keys(SERVERS) as ServerName[]) {
    const value = Object.hasOwn(configured, server) ? configString(configured, server) : undefined;
    if (value !== undefined) baseUrls[server] = value;
  }
  return {
    getSecret: (name: string) => {
      const key = byEnv.get(name);
      return key === undefined ? undefined : configString(config, key);
    },
    ...(typeof config.dryRun === "boolean" ? { dryRun: config.dryRun } : {}),
    ...(typeof config.maxBudgetUsd === "number" ? { maxBudgetUsd: config.maxBudgetUsd } : {}),
    ...(Object.keys(baseUrls).length === 0 ? {} : { baseUrls }),
    ...(typeof config.allowInsecureLoopback === "boolean"
      ? { allowInsecureLoopback: config.allowInsecureLoopback }
      : {}),
  };
}

/** Config keys of the tool selection, as the host names them in its errors. */
export const TOOL_SELECTION_KEYS = {
  families: "plugins.entries.theta-edgecloud.config.families",
  tools: "plugins.entries.theta-edgecloud.config.tools",
} as const;

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const names = value.filter((entry): entry is string => typeof entry === "string" && entry.trim() !== "");
  return names.length > 0 ? names.map((name) => name.trim()) : undefined;
}

/** The `families` / `tools` of the plugin config (the host validated them against the config schema). */
export function toolSelectionFromPluginConfig(pluginConfig: unknown): ToolSelection {
  const config = isRecord(pluginConfig) ? pluginConfig : {};
  return { families: stringList(config.families), tools: stringList(config.tools) };
}
