/**
 * @theta/openclaw-skill — one registry of Theta EdgeCloud commands, exposed as an OpenClaw plugin
 * (`@theta/openclaw-skill/openclaw`), an MCP server (`theta-mcp`), a CLI (`theta`) and SKILL.md.
 */
export type { Command, CommandFamily, CommandSpec, RunContext } from "./command.js";
export { defineCommand } from "./command.js";
export { ONDEMAND_PROBE_REQUEST_ID } from "./commands/diagnostics.js";
export { DEFAULT_CHAT_SERVICE } from "./commands/ondemand.js";
export type { BaseUrlOverrides, CommandContext, ProgressEvent } from "./context.js";
export {
  buildPluginManifest,
  buildSkillMarkdown,
  ENV_VARS,
  PACKAGE_NAME,
  PLUGIN_DESCRIPTION,
  PLUGIN_ID,
  PLUGIN_NAME,
  SKILL_DESCRIPTION,
  SKILL_NAME,
} from "./manifest.js";
export type { McpServerOptions } from "./mcp-server.js";
export { createMcpServer, MCP_SERVER_NAME, mcpErrorText, mcpTool, runMcpServer } from "./mcp-server.js";
export { closeNames, isValidToolName, levenshtein, openclawToolName, underscoreName } from "./names.js";
export type { CredentialField, ThetaPluginConfig } from "./plugin-config.js";
export { CREDENTIAL_FIELDS, contextFromPluginConfig } from "./plugin-config.js";
export {
  COMMANDS,
  type CommandInfo,
  type DryRunResult,
  executeCommand,
  executeThetaRuntimeCommand,
  findCommand,
  listCommands,
  listThetaRuntimeCommands,
  suggestCommands,
} from "./registry.js";
export type { FromSchema, InputSchema, JsonSchema, SchemaIssue } from "./schema.js";
export { validateInput } from "./schema.js";
export { VERSION } from "./version.js";
