/**
 * @theta/openclaw-skill — one registry of Theta EdgeCloud commands, exposed as an OpenClaw plugin
 * (`@theta/openclaw-skill/openclaw`), an MCP server (`theta-mcp`), a CLI (`theta`) and SKILL.md.
 * The commands come from family modules (`createRegistry(modules)`; the built-in ones by default).
 */
export type { Command, CommandFamily, CommandSpec, RunContext, Surface } from "./command.js";
export { defineCommand } from "./command.js";
export type { AliasField, AliasSpec } from "./command-alias.js";
export { defineAlias, extraField, renamedField, sameField } from "./command-alias.js";
// The MCP server is its own entry (`@theta/openclaw-skill/mcp-server`): the MCP SDK it loads would
// otherwise slow every import of this one (about 300 ms).
export type { CommandResult, CommandResultOf, CommandResults } from "./command-results.js";
export type { BaseUrlOverrides, CommandContext, ProgressEvent, ResolvedSettings } from "./context.js";
export { generatedBlockMarkers, replaceGeneratedBlock } from "./environment-table.js";
export {
  BUILT_IN_FAMILY_MODULES,
  type BuiltInCommandResults,
  type ChatCommandResult,
  DEFAULT_CHAT_SERVICE,
  ONDEMAND_PROBE_REQUEST_ID,
  type RequestCommandResult,
} from "./families/index.js";
export type { FamilyClients } from "./family-clients.js";
export type {
  CapabilityProbe,
  FamilyClientOptions,
  FamilyClientsOf,
  FamilyGuide,
  FamilyModule,
  ProbeResult,
  SetupHints,
  SetupQuestion,
  ToolNamer,
} from "./family-module.js";
export { defineFamilyModule } from "./family-module.js";
export {
  buildEnvironmentTable,
  buildPluginManifest,
  buildSkillMarkdown,
  ENV_VARS,
  envVars,
  PACKAGE_NAME,
  PLUGIN_DESCRIPTION,
  PLUGIN_ID,
  PLUGIN_NAME,
  pluginDescription,
  SKILL_DESCRIPTION,
  SKILL_NAME,
  skillDescription,
} from "./manifest.js";
export { type ModelAnswer, modelAnswer } from "./model-answer.js";
// The MCP server is its own entry (`@theta/openclaw-skill/mcp-server`): the MCP SDK it loads would
// otherwise slow every import of this one (about 300 ms).
export { closeNames, isValidToolName, levenshtein, openclawToolName, underscoreName } from "./names.js";
export { isPublicOperation, needsCredentials } from "./operation-access.js";
export type { CredentialField, ThetaPluginConfig } from "./plugin-config.js";
export { CREDENTIAL_FIELDS, contextFromPluginConfig } from "./plugin-config.js";
export {
  COMMANDS,
  type CommandInfo,
  type CommandSession,
  createRegistry,
  DEFAULT_REGISTRY,
  type DryRunResult,
  executeCommand,
  executeThetaRuntimeCommand,
  findCommand,
  listCommands,
  listThetaRuntimeCommands,
  type Registry,
  suggestCommands,
} from "./registry.js";
export type { ResultPresentation } from "./result-presentation.js";
export type { FromSchema, InputSchema, JsonSchema, SchemaIssue } from "./schema.js";
export { validateInput } from "./schema.js";
export { baseUrlQuestion, credentialQuestions } from "./setup-questions.js";
export { VERSION } from "./version.js";
