/**
 * A family module: everything the skill knows about one API family, in one folder
 * (`src/families/<family>/`), registered in one list (`src/families/index.ts`). The registry, the
 * adapters (OpenClaw plugin, MCP server, CLI), diagnostics, the setup wizard and the generated files
 * (SKILL.md, the plugin manifest, the README environment tables) are derived from the modules and
 * `@theta/core`'s family list; nothing else names a family.
 */
import type { BudgetGuard, CallerTerms, Env, FamilyName, OperationPolicy, SecretProvider } from "@theta/core";
import type { Command, RunContext } from "./command.js";
import type { BaseUrlOverrides } from "./context.js";

/** What a module's client factory gets: the settings of one command call. */
export interface FamilyClientOptions {
  readonly env: Env;
  /** The host's secret store, asked with environment variable names before the environment. */
  readonly secretProvider?: SecretProvider;
  /** Base URL overrides by server name; the client picks its family's servers. */
  readonly baseUrls: BaseUrlOverrides;
  readonly dryRun: boolean;
  readonly budget?: BudgetGuard;
  readonly allowInsecureLoopback: boolean;
  /** How errors name the settings for the adapter's users (core's `CallerTerms`); unset for library callers. */
  readonly callerTerms?: CallerTerms;
}

/** What a capability probe found out about the family's credentials. */
export interface ProbeResult {
  /** true: accepted; false: rejected; null: could not tell (network, server error). */
  readonly verified: boolean | null;
  readonly notes: string;
  /** The (redacted) error message of a failed probe. */
  readonly error?: string;
}

/** How `theta.auth.capabilities` checks the family's credentials once they are configured. */
export interface CapabilityProbe {
  /** The cheap read the probe sends: neither mutating nor billable (checked by the registry). */
  readonly operations: readonly OperationPolicy[];
  /** Sends that read through `runContext.client(<family>)` and says whether the credentials were accepted. */
  verify(runContext: RunContext): Promise<ProbeResult>;
}

/** One question of `theta setup`. Its answer is written to `.env.local` under `variable`. */
export type SetupQuestion =
  | {
      readonly kind: "credential";
      readonly variable: string;
      readonly label: string;
      /** Read without echo on a terminal, never printed back. */
      readonly secret: boolean;
      /** Returns the value to store, or throws with what is wrong. */
      readonly check?: (value: string) => string;
    }
  | {
      /** A base URL, checked by `@theta/core`'s rules for the server (https, or http on loopback). */
      readonly kind: "baseUrl";
      readonly variable: string;
      readonly label: string;
      /** A name of `@theta/core`'s `SERVERS`. */
      readonly server: string;
    };

/** What the setup wizard and the setup checklist say about the family. */
export interface SetupHints {
  /** The questions `theta setup` asks, in the order piped answers are read. */
  readonly questions: readonly SetupQuestion[];
  /** Where the user gets the credentials (the setup checklist's advice). */
  readonly whereToGet?: string;
  /** What to try once everything is configured (the checklist's last line). */
  readonly firstSteps: string;
}

/** Returns the quoted tool name of a command for the surface a text is written for. */
export type ToolNamer = (command: string) => string;

/** What the generated texts say about the family. */
export interface FamilyGuide {
  /** A noun phrase for the plugin description: what the tools offer. */
  readonly offers: string;
  /** A few words for the SKILL.md description, which holds every family's in under 160 characters (default: `offers`). */
  readonly brief?: string;
  /** The SKILL.md introduction of the family (a sentence or two). */
  readonly introduction: string;
  /** The SKILL.md section "When to use which" of the family: numbered steps, tools named by `tool`. */
  readonly steps: (tool: ToolNamer) => readonly string[];
  /** The MCP server's instructions for the family (a sentence or two). */
  readonly instructions: (tool: ToolNamer) => string;
  /** Shell lines for SKILL.md's "without the plugin" (arguments of `theta`). */
  readonly shellExamples: readonly string[];
}

export interface FamilyModule<
  Family extends FamilyName = FamilyName,
  Client = unknown,
  Results extends object = Record<never, never>,
> {
  /** The family of `@theta/core`'s family list whose credentials and servers the commands use. */
  readonly family: Family;
  /** Makes the family's client for one call (on first use); it resolves only this family's credentials. */
  readonly createClient: (options: FamilyClientOptions) => Client;
  /** The commands, in documentation order; each has `family` set to this family. */
  readonly commands: readonly Command[];
  readonly probe: CapabilityProbe;
  readonly setup: SetupHints;
  readonly guide: FamilyGuide;
  /**
   * Type only, never set: the typed results of the module's commands by name (`executeCommand`
   * returns them; see `CommandResults`).
   */
  readonly commandResults?: Results;
}

/** The family → client map of a module list (what `RunContext.client(family)` returns). */
/** The typed command results of a module list, merged (see `CommandResults`). */
export type CommandResultsOf<Modules extends readonly FamilyModule<FamilyName, unknown, object>[]> = (
  Modules[number] extends infer Module
    ? Module extends FamilyModule<FamilyName, unknown, infer Results>
      ? (merge: Results) => void
      : never
    : never
) extends (merge: infer Merged) => void
  ? Merged
  : never;

export type FamilyClientsOf<Modules extends readonly FamilyModule<FamilyName, unknown, object>[]> = {
  [Module in Modules[number] as Module["family"]]: ReturnType<Module["createClient"]>;
};

/**
 * Declares a family module (an identity function that infers the family and client types). A
 * built-in module is annotated instead (`FamilyModule<"x", XClient>`): the built-in client map is
 * derived from its type.
 */
export function defineFamilyModule<Family extends FamilyName, Client>(
  module: FamilyModule<Family, Client>,
): FamilyModule<Family, Client> {
  return module;
}
