/**
 * OpenClaw plugin entry (`openclaw.extensions: ["./dist/openclaw.js"]`). Registers one tool per
 * registry command. No side effects at module load: config and environment are read when a tool runs.
 */
import { type BudgetGuard, createBudgetGuard, defaultEnv, redactText, ThetaError } from "@theta/core";
import type { Command } from "./command.js";
import { type ProgressEvent, parseBudgetUsd } from "./context.js";
import { buildPluginManifest, PLUGIN_ID, PLUGIN_NAME, pluginDescription } from "./manifest.js";
import { modelAnswer } from "./model-answer.js";
import {
  contextFromPluginConfig,
  TOOL_SELECTION_KEYS,
  toolSelectionFromPluginConfig,
} from "./plugin-config.js";
import { type CommandInfo, DEFAULT_REGISTRY, type Registry } from "./registry.js";
import type { InputSchema } from "./schema.js";
import { selectCommands } from "./tool-selection.js";

export interface OpenClawTextContent {
  type: "text";
  text: string;
}

export interface OpenClawToolResult {
  /** What the model reads: the command's compact text (the same text the MCP server sends). */
  content: OpenClawTextContent[];
  /** The full result as data, under a wrapper key: the host reserves `status`, `ok`, `error`, ... */
  details: { theta: unknown };
}

/** The subset of OpenClaw's `AgentTool` this plugin uses (parameters are plain JSON Schema). */
export interface OpenClawAgentTool {
  name: string;
  label: string;
  description: string;
  parameters: InputSchema;
  execute(
    toolCallId: string,
    params: unknown,
    signal?: AbortSignal,
    onUpdate?: (partial: OpenClawToolResult) => void,
  ): Promise<OpenClawToolResult>;
}

/** The subset of `OpenClawPluginApi` this plugin uses. */
export interface OpenClawPluginApi {
  readonly id?: string;
  /** `plugins.entries.theta-edgecloud.config`, validated, with SecretRefs resolved to strings. */
  readonly pluginConfig?: unknown;
  registerTool(tool: OpenClawAgentTool, opts?: { name?: string; names?: string[]; optional?: boolean }): void;
}

export interface ThetaOpenClawPlugin {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  register(api: OpenClawPluginApi): void;
}

function failure(error: unknown): Error {
  if (ThetaError.isInstance(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new Error(redactText(message));
}

function createTool(
  registry: Registry,
  command: CommandInfo,
  registered: Command,
  api: OpenClawPluginApi,
  budget: () => BudgetGuard | undefined,
) {
  const tool: OpenClawAgentTool = {
    name: command.openclawToolName,
    label: command.title,
    description: command.description,
    parameters: command.inputSchema,
    async execute(_toolCallId, params, signal, onUpdate) {
      const context = contextFromPluginConfig(api.pluginConfig);
      let streamed = "";
      const onProgress = (event: ProgressEvent) => {
        if (!onUpdate) return;
        if (event.type === "delta" && event.channel === "content") {
          streamed += event.text;
          onUpdate({ content: [{ type: "text", text: streamed }], details: { theta: { partial: true } } });
        } else if (event.type === "poll") {
          const text = `Waiting for the request: attempt ${event.attempt}${event.state ? `, state ${event.state}` : ""}`;
          onUpdate({
            content: [{ type: "text", text }],
            details: { theta: { partial: true, progress: event } },
          });
        }
      };
      try {
        const guard = budget();
        const result = await registry.executeCommand(command.name, params, {
          ...context,
          env: defaultEnv(),
          surface: "openclaw",
          ...(guard ? { budget: guard } : {}),
          ...(signal ? { signal } : {}),
          onProgress,
        });
        const answer = modelAnswer(registered, result);
        return { content: [{ type: "text", text: answer.text }], details: { theta: result } };
      } catch (error) {
        throw failure(error);
      }
    },
  };
  return tool;
}

/**
 * Authoring metadata that `openclaw plugins validate` / `openclaw plugins build` read from the entry
 * (the key `defineToolPlugin` uses). Non-enumerable and computed on access: loading the module stays
 * free of work, and the runtime never reads it.
 */
const TOOL_PLUGIN_METADATA = Symbol.for("openclaw.plugin-sdk.tool-plugin.metadata");

/**
 * The plugin entry for a registry: one tool per command it offers on the `openclaw` surface. The
 * default export is the plugin of the built-in family modules.
 */
export function createOpenClawPlugin(registry: Registry = DEFAULT_REGISTRY): ThetaOpenClawPlugin {
  const plugin: ThetaOpenClawPlugin = {
    id: PLUGIN_ID,
    name: PLUGIN_NAME,
    description: pluginDescription(registry),
    register(api: OpenClawPluginApi) {
      // One spend guard per plugin instance, so the cap holds across tool calls; created on first use.
      let guard: { cap: number; guard: BudgetGuard } | undefined;
      const budget = (): BudgetGuard | undefined => {
        const config = contextFromPluginConfig(api.pluginConfig);
        const cap =
          config.maxBudgetUsd !== undefined
            ? parseBudgetUsd(config.maxBudgetUsd, "maxBudgetUsd")
            : parseBudgetUsd(defaultEnv().THETA_MAX_BUDGET_USD, "THETA_MAX_BUDGET_USD");
        if (cap === undefined) return undefined;
        if (!guard || guard.cap !== cap) guard = { cap, guard: createBudgetGuard({ capUsd: cap }) };
        return guard.guard;
      };
      const offered = selectCommands(
        registry,
        "openclaw",
        toolSelectionFromPluginConfig(api.pluginConfig),
        (command) => command.openclawToolName,
        TOOL_SELECTION_KEYS,
      );
      for (const command of offered) {
        const registered = registry.findCommand(command.name);
        if (registered === undefined) continue;
        const tool = createTool(registry, command, registered, api, budget);
        if (command.mutating || command.billable) api.registerTool(tool, { optional: true });
        else api.registerTool(tool);
      }
    },
  };
  Object.defineProperty(plugin, TOOL_PLUGIN_METADATA, {
    enumerable: false,
    get() {
      const manifest = buildPluginManifest(registry);
      return {
        id: PLUGIN_ID,
        name: PLUGIN_NAME,
        description: plugin.description,
        activation: manifest.activation,
        configSchema: manifest.configSchema,
        tools: registry.listCommands("openclaw").map((command) => ({
          name: command.openclawToolName,
          label: command.title,
          description: command.description,
          parameters: command.inputSchema,
          ...(command.mutating || command.billable ? { optional: true } : {}),
        })),
      };
    },
  });
  return plugin;
}

const plugin: ThetaOpenClawPlugin = createOpenClawPlugin();

export default plugin;
