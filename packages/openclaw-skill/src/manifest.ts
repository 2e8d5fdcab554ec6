/**
 * Generated artifacts: the OpenClaw manifest (`openclaw.plugin.json`) and `SKILL.md`, both built
 * from the command registry. `scripts/gen-artifacts.mjs` writes them; a test fails when the files
 * on disk differ from what these functions return.
 */

import { CREDENTIAL_FIELDS } from "./plugin-config.js";
import { type CommandInfo, listCommands } from "./registry.js";
import { VERSION } from "./version.js";

export const PLUGIN_ID = "theta-edgecloud";
export const PLUGIN_NAME = "Theta EdgeCloud";
export const PLUGIN_DESCRIPTION =
  "Theta EdgeCloud on-demand AI as typed tools: model catalog, chat LLMs, image/audio/vision inference, request status and uploads, with dry-run and a spend cap.";
export const PACKAGE_NAME = "@theta/openclaw-skill";
export const SKILL_NAME = "theta-edgecloud";
export const SKILL_DESCRIPTION =
  "Run Theta EdgeCloud on-demand AI (chat LLMs, image, audio and vision models) via theta_* tools, with dry-run and a spend cap.";
export const TOOL_PROFILES = ["coding", "messaging", "full"] as const;

/** Environment variables the commands read (documented in SKILL.md `envVars`). */
export const ENV_VARS: readonly { name: string; required: boolean; description: string }[] = [
  {
    name: "THETA_ONDEMAND_API_TOKEN",
    required: false,
    description:
      "On-demand API token (aliases THETA_ONDEMAND_API_KEY, THETA_API_KEY). Plugin config: ondemandApiToken.",
  },
  { name: "THETA_ONDEMAND_API_KEY", required: false, description: "Alias of THETA_ONDEMAND_API_TOKEN." },
  {
    name: "THETA_API_KEY",
    required: false,
    description: "Alias of THETA_ONDEMAND_API_TOKEN (official MCP server name).",
  },
  {
    name: "THETA_ONDEMAND_API_BASE_URL",
    required: false,
    description:
      "On-demand base URL (default https://ondemand.thetaedgecloud.com); alias THETA_API_BASE_URL.",
  },
  { name: "THETA_API_BASE_URL", required: false, description: "Alias of THETA_ONDEMAND_API_BASE_URL." },
  {
    name: "THETA_DRY_RUN",
    required: false,
    description: "1 = paid/mutating calls return a plan instead of running.",
  },
  { name: "THETA_MAX_BUDGET_USD", required: false, description: "Hard spend cap in USD for paid calls." },
  {
    name: "THETA_HTTP_TIMEOUT_MS",
    required: false,
    description: "Per-attempt HTTP timeout (default 20000).",
  },
  {
    name: "THETA_HTTP_MAX_RETRIES",
    required: false,
    description: "Retries of safe requests (default 2, max 6).",
  },
];

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

function configSchema(): Record<string, Json> {
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
  properties.baseUrls = {
    type: "object",
    additionalProperties: false,
    properties: {
      ondemand: {
        type: "string",
        minLength: 1,
        description: "On-demand API base URL (default https://ondemand.thetaedgecloud.com).",
      },
    },
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

function uiHints(): Record<string, Json> {
  const hints: Record<string, Json> = {};
  for (const field of CREDENTIAL_FIELDS) {
    hints[field.key] = {
      label: field.label,
      help: field.help,
      ...(field.secret ? { sensitive: true } : {}),
      ...(field.key === "ondemandApiToken" ? {} : { advanced: true }),
    };
  }
  hints.dryRun = { label: "Dry run", help: "Show paid or mutating requests instead of sending them." };
  hints.maxBudgetUsd = {
    label: "Spend cap (USD)",
    help: "Paid calls beyond this are refused.",
    placeholder: "2.00",
  };
  hints["baseUrls.ondemand"] = {
    label: "On-demand base URL",
    help: "Only for testing against a local simulator.",
    placeholder: "https://ondemand.thetaedgecloud.com",
    advanced: true,
  };
  hints.allowInsecureLoopback = {
    label: "Allow loopback http",
    help: "Only for the local simulator.",
    advanced: true,
  };
  return hints;
}

/** The OpenClaw plugin manifest, generated from the registry. */
export function buildPluginManifest(): Record<string, Json> {
  const commands = listCommands("openclaw");
  const toolNames = commands.map((command) => command.openclawToolName);
  const metadata: Record<string, Json> = {};
  for (const command of commands) metadata[command.openclawToolName] = toolMetadata(command);
  return {
    id: PLUGIN_ID,
    name: PLUGIN_NAME,
    description: PLUGIN_DESCRIPTION,
    version: VERSION,
    activation: { onStartup: true },
    skills: ["./skills"],
    contracts: { tools: toolNames },
    toolMetadata: metadata,
    configSchema: configSchema(),
    configContracts: {
      secretInputs: {
        paths: CREDENTIAL_FIELDS.filter((field) => field.secret).map((field) => ({
          path: field.key,
          expected: "string",
        })),
      },
    },
    uiHints: uiHints(),
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

/** `SKILL.md`, generated from the registry. */
export function buildSkillMarkdown(): string {
  const commands = listCommands("openclaw");
  const tool = (name: string): string => {
    const found = commands.find((command) => command.name === name);
    if (!found) throw new Error(`SKILL.md refers to unknown command ${name}`);
    return `\`${found.openclawToolName}\``;
  };
  const metadata = {
    openclaw: {
      emoji: "🟣",
      homepage: "https://www.thetaedgecloud.com",
      primaryEnv: "THETA_ONDEMAND_API_TOKEN",
      envVars: ENV_VARS,
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
  const optional = commands
    .filter((command) => command.mutating || command.billable)
    .map((command) => `\`${command.openclawToolName}\``);
  const lines = [
    "---",
    `name: ${SKILL_NAME}`,
    `description: ${SKILL_DESCRIPTION}`,
    `metadata: ${JSON.stringify(metadata)}`,
    "---",
    "",
    "<!-- Generated from the @theta/openclaw-skill command registry by `pnpm --filter @theta/openclaw-skill gen`. Do not edit. -->",
    "",
    "# Theta EdgeCloud",
    "",
    "Run AI models on Theta EdgeCloud's on-demand API: chat with hosted LLMs (qwen3, gpt_oss_120b, glm_5_3, …),",
    "generate images, transcribe audio, caption or question images, and check on long jobs. The tools come from the",
    `\`${PACKAGE_NAME}\` OpenClaw plugin (id \`${PLUGIN_ID}\`).`,
    "",
    "## Tools",
    "",
    "Required inputs are in bold.",
    "",
    "| Tool | Command | What it does | Inputs | Cost |",
    "|---|---|---|---|---|",
    ...rows,
    "",
    "The same operations under the official Theta MCP server's names (for prompts written for it):",
    "",
    "| Tool | MCP name | Same as | Inputs | Cost |",
    "|---|---|---|---|---|",
    ...aliases,
    "",
    "## When to use which",
    "",
    `1. Not sure what is configured, or a call failed with 401/403: ${tool("theta.setup")}, then ${tool("theta.auth.capabilities")} (a free probe).`,
    `2. Pick a model: ${tool("theta.ondemand.listServices")} (free, no token needed). Filter with \`category\`: text, image, audio, video, vision, other. Each entry lists its predictions and input fields.`,
    `3. Chat or text generation: ${tool("theta.ondemand.chat")} with OpenAI-style \`messages\`; \`service\` defaults to qwen3. It returns the reply, reasoning (if any), tool calls and token usage.`,
    `4. Anything else (images, speech-to-text, captions): ${tool("theta.ondemand.infer")} with \`service\` and \`input\` (the service's input fields). If the result is not terminal, call ${tool("theta.ondemand.pollUntilDone")} with the \`requestId\` (or ${tool("theta.ondemand.status")} once), or pass \`poll: true\` to infer.`,
    `5. File inputs (audio, images): ${tool("theta.ondemand.inputPresignedUrls")} gives an \`uploadUrl\` and a \`filename\` per field. The user (or a shell) uploads the file with HTTP PUT to \`uploadUrl\`; then call infer with \`input.<field>\` = \`filename\`. Treat \`uploadUrl\` as a secret.`,
    "",
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
    "- Paid calls are never retried automatically once they may have reached the server; if one times out, check its",
    `  status with ${tool("theta.ondemand.status")} before running it again.`,
    "",
    "## Configure",
    "",
    "In `~/.openclaw/openclaw.json` (JSON5), with the token kept in a SecretRef:",
    "",
    "```json5",
    "{",
    `  plugins: { entries: { "${PLUGIN_ID}": { enabled: true, config: {`,
    '    ondemandApiToken: { source: "env", provider: "default", id: "THETA_ONDEMAND_API_TOKEN" },',
    "    dryRun: false,",
    "    maxBudgetUsd: 2,",
    "  } } } },",
    `  tools: { alsoAllow: ["${PLUGIN_ID}"] }, // enables the paid tools too`,
    "}",
    "```",
    "",
    "Without plugin config the tools read the environment: `THETA_ONDEMAND_API_TOKEN` (or `THETA_ONDEMAND_API_KEY`,",
    "`THETA_API_KEY`), `THETA_DRY_RUN`, `THETA_MAX_BUDGET_USD`.",
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
    `npx -y -p ${PACKAGE_NAME} theta theta.ondemand.listServices --category text`,
    `npx -y -p ${PACKAGE_NAME} theta theta.ondemand.chat --json '{"messages":[{"role":"user","content":"hi"}]}'`,
    "```",
    "",
  ];
  return lines.join("\n");
}
