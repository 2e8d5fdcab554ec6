/**
 * Generated artifacts: the OpenClaw manifest (`openclaw.plugin.json`), `SKILL.md` and the README
 * environment tables, built from a registry (by default the built-in family modules) and
 * `@theta/core`'s family list. `scripts/gen-artifacts.mjs` writes them; a test fails when the files
 * on disk differ from what these functions return.
 */

import { familyNamed, SERVERS, type ServerSpec } from "@theta/core";
import { credentialOwnerNamed } from "./credential-owner.js";
import { environmentRows, environmentTable, envVarEntries } from "./environment-table.js";
import type { FamilyModule, ToolNamer } from "./family-module.js";
import { CREDENTIAL_FIELDS, type CredentialField } from "./plugin-config.js";
import { type CommandInfo, DEFAULT_REGISTRY, type Registry } from "./registry.js";
import { toolNamer } from "./tool-namer.js";
import { VERSION } from "./version.js";

export const PLUGIN_ID = "theta-edgecloud";
export const PLUGIN_NAME = "Theta EdgeCloud";
export const PACKAGE_NAME = "@theta/openclaw-skill";
export const SKILL_NAME = "theta-edgecloud";
export const TOOL_PROFILES = ["coding", "messaging", "full"] as const;

function offers(registry: Registry): string {
  return registry.modules.map((module) => module.guide.offers).join("; ");
}

/** The plugin description: what the registry's family modules offer. */
export function pluginDescription(registry: Registry = DEFAULT_REGISTRY): string {
  return `Theta EdgeCloud as typed tools: ${offers(registry)}, with dry-run and a spend cap.`;
}

/** The skill description (SKILL.md frontmatter). */
export function skillDescription(registry: Registry = DEFAULT_REGISTRY): string {
  // No ": " in it: the frontmatter is YAML, where it would start a nested mapping.
  const briefs = registry.modules.map((module) => module.guide.brief ?? module.guide.offers);
  return `Run Theta EdgeCloud via theta_* tools for ${briefs.join(", ")}, with dry-run and a spend cap.`;
}

export const PLUGIN_DESCRIPTION: string = pluginDescription();
export const SKILL_DESCRIPTION: string = skillDescription();

/** The families whose variables the registry's commands read. */
function familiesOf(registry: Registry): string[] {
  return registry.modules.map((module) => module.family);
}

/** Environment variables the commands read (SKILL.md `envVars`), from `@theta/core`'s `environmentVariables()`. */
export function envVars(
  registry: Registry = DEFAULT_REGISTRY,
): readonly { name: string; required: boolean; description: string }[] {
  return envVarEntries(environmentRows(familiesOf(registry)));
}

/** Environment variables the built-in commands read (documented in SKILL.md `envVars`). */
export const ENV_VARS: readonly { name: string; required: boolean; description: string }[] = envVars();

/**
 * The README environment tables: `sdk` lists every variable the SDK reads, `skill` those the
 * registry's commands read.
 */
export function buildEnvironmentTable(scope: "sdk" | "skill", registry: Registry = DEFAULT_REGISTRY): string {
  return environmentTable(environmentRows(scope === "sdk" ? undefined : familiesOf(registry)));
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Free tools join the named profiles. Paid or mutating tools are optional and join no profile: the host
 * merges a tool's `profiles` into the profile allowlist, and an allowlisted optional tool is offered to
 * the model, which would cancel `optional` (seen on openclaw 2026.9.6 by `pnpm compat:openclaw`).
 */
function toolMetadata(command: CommandInfo): Record<string, Json> {
  const paid = command.mutating || command.billable;
  return paid ? { optional: true, sideEffecting: true } : { profiles: [...TOOL_PROFILES], replaySafe: true };
}

const SERVER_LIST: readonly ServerSpec[] = Object.values(SERVERS);

function serverHelp(server: ServerSpec): string {
  const fallback = server.defaultUrl ? `default ${server.defaultUrl}` : "no default";
  return `${server.title.charAt(0).toUpperCase()}${server.title.slice(1)} base URL (${fallback}).`;
}

function configSchema(registry: Registry): Record<string, Json> {
  const properties: Record<string, Json> = {};
  for (const field of CREDENTIAL_FIELDS) {
    properties[field.key] = field.secret
      ? { $ref: "#/$defs/secretInput", description: field.help }
      : { type: "string", minLength: 1, description: field.help };
  }
  properties.dryRun = {
    type: "boolean",
    default: false,
    description: "Paid or mutating tools return the request they would send instead of sending it.",
  };
  properties.maxBudgetUsd = {
    type: "number",
    minimum: 0,
    description: "Hard spend cap in USD across this plugin's paid calls (per Gateway process).",
  };
  const servers: Record<string, Json> = {};
  for (const server of SERVER_LIST) {
    servers[server.name] = { type: "string", minLength: 1, description: serverHelp(server) };
  }
  properties.baseUrls = { type: "object", additionalProperties: false, properties: servers };
  properties.families = {
    type: "array",
    items: { type: "string", enum: registry.modules.map((module) => module.family) },
    description: "Offer only these families' tools (with the diagnostics); default: every family.",
  };
  properties.tools = {
    type: "array",
    items: { type: "string", minLength: 1 },
    description: "Offer only these tools (tool or command names, e.g. theta_list_services); default: all.",
  };
  properties.allowInsecureLoopback = {
    type: "boolean",
    default: false,
    description: "Allow http:// base URLs on 127.0.0.1/localhost only (the local simulator).",
  };
  return {
    type: "object",
    additionalProperties: false,
    $defs: {
      secretRef: {
        type: "object",
        additionalProperties: false,
        required: ["source", "provider", "id"],
        properties: {
          source: { enum: ["env", "file", "exec", "store"] },
          provider: { type: "string" },
          id: { type: "string" },
        },
      },
      secretInput: { anyOf: [{ type: "string", minLength: 1 }, { $ref: "#/$defs/secretRef" }] },
    },
    properties,
  };
}

/** The families whose credentials the registry's commands use (a family, or the one it borrows from). */
function credentialFamilies(registry: Registry): Set<string> {
  const families = new Set<string>();
  for (const module of registry.modules) {
    families.add(module.family);
    const owner = credentialOwnerNamed(module.family);
    if (owner !== undefined) families.add(owner.family);
  }
  return families;
}

function uiHints(registry: Registry): Record<string, Json> {
  const used = credentialFamilies(registry);
  const hints: Record<string, Json> = {};
  for (const field of CREDENTIAL_FIELDS) {
    hints[field.key] = {
      label: field.label,
      help: field.help,
      ...(field.secret ? { sensitive: true } : {}),
      // Credentials of families without commands in this version stay out of the way.
      ...(used.has(field.family) ? {} : { advanced: true }),
    };
  }
  hints.dryRun = { label: "Dry run", help: "Show paid or mutating requests instead of sending them." };
  hints.maxBudgetUsd = {
    label: "Spend cap (USD)",
    help: "Paid calls beyond this are refused.",
    placeholder: "2.00",
  };
  for (const server of SERVER_LIST) {
    hints[`baseUrls.${server.name}`] = {
      label: `${server.title.charAt(0).toUpperCase()}${server.title.slice(1)} base URL`,
      help: server.defaultUrl
        ? "Only for testing against a local simulator."
        : "No default: set it to use this server (or set its environment variable).",
      ...(server.defaultUrl ? { placeholder: server.defaultUrl } : {}),
      advanced: true,
    };
  }
  hints.allowInsecureLoopback = {
    label: "Allow loopback http",
    help: "Only for the local simulator.",
    advanced: true,
  };
  return hints;
}

/** The OpenClaw plugin manifest, generated from the registry. */
export function buildPluginManifest(registry: Registry = DEFAULT_REGISTRY): Record<string, Json> {
  const commands = registry.listCommands("openclaw");
  const toolNames = commands.map((command) => command.openclawToolName);
  const metadata: Record<string, Json> = {};
  for (const command of commands) metadata[command.openclawToolName] = toolMetadata(command);
  return {
    id: PLUGIN_ID,
    name: PLUGIN_NAME,
    description: pluginDescription(registry),
    version: VERSION,
    activation: { onStartup: true },
    skills: ["./skills"],
    contracts: { tools: toolNames },
    toolMetadata: metadata,
    configSchema: configSchema(registry),
    configContracts: {
      secretInputs: {
        paths: CREDENTIAL_FIELDS.filter((field) => field.secret).map((field) => ({
          path: field.key,
          expected: "string",
        })),
      },
    },
    uiHints: uiHints(registry),
  };
}

function cost(command: CommandInfo): string {
  if (command.billable) return "paid";
  if (command.mutating) return "free, mutating";
  return "free, read-only";
}

/** The first sentence: up to a period followed by a capital letter (so "e.g. whisper" stays whole). */
function firstSentence(text: string): string {
  const end = text.search(/\.\s+(?=[A-Z])/);
  return (end < 0 ? text : text.slice(0, end + 1)).replace(/\|/g, "\\|");
}

function inputsOf(command: CommandInfo): string {
  const properties = Object.keys(command.inputSchema.properties ?? {});
  if (properties.length === 0) return "—";
  const required = new Set(command.inputSchema.required ?? []);
  return properties.map((name) => (required.has(name) ? `**\`${name}\`**` : `\`${name}\``)).join(", ");
}

/** The secret of the first family module: what `skills.entries.<key>.apiKey` fills in. */
function primaryEnv(modules: readonly FamilyModule[]): string | undefined {
  for (const module of modules) {
    const family = familyNamed(module.family);
    const secret = family?.credentials.find((credential) => credential.secret);
    if (secret?.env[0] !== undefined) return secret.env[0];
  }
  return undefined;
}

/** The plugin config example's credential lines (SecretRefs for secrets). */
function configExampleLines(fields: readonly CredentialField[]): string[] {
  return fields.map((field) =>
    field.secret
      ? `    ${field.key}: { source: "env", provider: "default", id: "${field.env[0] ?? field.key}" },`
      : `    ${field.key}: "…",`,
  );
}

function familySections(modules: readonly FamilyModule[], tool: ToolNamer): string[] {
  const lines: string[] = [];
  for (const module of modules) {
    const family = familyNamed(module.family);
    lines.push(`### ${family?.title ?? module.family}`, "");
    for (const [index, step] of module.guide.steps(tool).entries()) lines.push(`${index + 1}. ${step}`);
    lines.push("");
  }
  return lines;
}

/** `SKILL.md`, generated from the registry. */
export function buildSkillMarkdown(registry: Registry = DEFAULT_REGISTRY): string {
  const commands = registry.listCommands("openclaw");
  const tool = toolNamer(commands, (command) => command.openclawToolName, "SKILL.md");
  const used = credentialFamilies(registry);
  const fields = CREDENTIAL_FIELDS.filter((field) => used.has(field.family));
  const primary = primaryEnv(registry.modules);
  const metadata = {
    openclaw: {
      emoji: "🟣",
      homepage: "https://www.thetaedgecloud.com",
      ...(primary === undefined ? {} : { primaryEnv: primary }),
      envVars: envVars(registry),
    },
  };
  const rows = commands
    .filter((command) => command.aliasOf === undefined)
    .map(
      (command) =>
        `| ${`\`${command.openclawToolName}\``} | \`${command.name}\` | ${firstSentence(command.description)} | ${inputsOf(command)} | ${cost(command)} |`,
    );
  const aliases = commands
    .filter((command) => command.aliasOf !== undefined)
    .map(
      (command) =>
        `| \`${command.openclawToolName}\` | \`${command.toolName}\` | \`${command.aliasOf}\` | ${inputsOf(command)} | ${cost(command)} |`,
    );
  const aliasTable =
    aliases.length === 0
      ? []
      : [
          "The same operations under the official Theta MCP server's names (for prompts written for it):",
          "",
          "| Tool | MCP name | Same as | Inputs | Cost |",
          "|---|---|---|---|---|",
          ...aliases,
          "",
        ];
  const optional = commands
    .filter((command) => command.mutating || command.billable)
    .map((command) => `\`${command.openclawToolName}\``);
  const introduction = registry.modules.map((module) => module.guide.introduction).join(" ");
  const shellExamples = registry.modules.flatMap((module) =>
    module.guide.shellExamples.map((example) => `npx -y -p ${PACKAGE_NAME} theta ${example}`),
  );
  const lines = [
    "---",
    `name: ${SKILL_NAME}`,
    `description: ${skillDescription(registry)}`,
    `metadata: ${JSON.stringify(metadata)}`,
    "---",
    "",
    "<!-- Generated from the @theta/openclaw-skill command registry by `pnpm --filter @theta/openclaw-skill gen`. Do not edit. -->",
    "",
    "# Theta EdgeCloud",
    "",
    `${introduction}${introduction ? " " : ""}The tools come from the \`${PACKAGE_NAME}\` OpenClaw plugin (id \`${PLUGIN_ID}\`).`,
    "",
    "## Tools",
    "",
    "Required inputs are in bold.",
    "",
    "| Tool | Command | What it does | Inputs | Cost |",
    "|---|---|---|---|---|",
    ...rows,
    "",
    ...aliasTable,
    "## When to use which",
    "",
    `Not sure what is configured, or a call failed with 401/403: ${tool("theta.setup")}, then ${tool("theta.auth.capabilities")} (a free probe).`,
    "",
    ...familySections(registry.modules, tool),
    "Results are JSON. Credentials never appear in results or errors; errors say which field or variable to fix.",
    "",
    "## Paid tools, dry-run and the spend cap",
    "",
    `- Paid or mutating tools (${optional.join(", ")}) are **optional**: OpenClaw only offers them after the user allows them, e.g. \`tools.alsoAllow: ["${PLUGIN_ID}"]\` or the single tool names.`,
    "- Before a paid call, tell the user what it will do. If they want to check first, use dry-run.",
    "- **Dry-run** (`dryRun: true` in the plugin config, or `THETA_DRY_RUN=1`): paid and mutating tools return",
    '  `{ "dryRun": true, "plan": { method, url, body, … } }` and send nothing; free reads still run. Show the plan and',
    "  ask the user to turn dry-run off to run it.",
    "- **Spend cap** (`maxBudgetUsd` in the plugin config, or `THETA_MAX_BUDGET_USD`): each paid call reserves its",
    "  estimated cost first; a call that would exceed the cap fails with a budget error and is not sent. Do not retry it;",
    "  tell the user the cap was reached.",
    "- Paid calls are never retried automatically once they may have reached the server; if one times out, check",
    "  whether it ran (each family's steps above say how) before running it again.",
    "",
    "## Configure",
    "",
    "In `~/.openclaw/openclaw.json` (JSON5), with secrets kept in SecretRefs:",
    "",
    "```json5",
    "{",
    `  plugins: { entries: { "${PLUGIN_ID}": { enabled: true, config: {`,
    ...configExampleLines(fields),
    "    dryRun: false,",
    "    maxBudgetUsd: 2,",
    "  } } } },",
    `  tools: { alsoAllow: ["${PLUGIN_ID}"] }, // enables the paid tools too`,
    "}",
    "```",
    "",
    "Without plugin config the tools read the environment (secrets are never printed):",
    "",
    buildEnvironmentTable("skill", registry),
    "",
    "## If the theta_* tools are missing",
    "",
    "This skill needs the plugin, which provides the tools. Ask the user to run:",
    "",
    "```sh",
    `openclaw plugins install npm:${PACKAGE_NAME}`,
    "# then restart the Gateway and check:",
    `openclaw plugins inspect ${PLUGIN_ID} --runtime --json`,
    "```",
    "",
    `If the tools are installed but not offered (older hosts on the \`coding\` profile), add \`"${PLUGIN_ID}"\` to`,
    "`tools.alsoAllow`; in sandboxed sessions also to `tools.sandbox.tools.alsoAllow`.",
    "",
    "Without the plugin, the same commands run from a shell (Node 20+):",
    "",
    "```sh",
    `npx -y -p ${PACKAGE_NAME} theta commands`,
    ...shellExamples,
    "```",
    "",
  ];
  return lines.join("\n");
}
