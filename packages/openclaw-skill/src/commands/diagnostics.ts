/**
 * `theta.setup` (what is configured, what to do next), `theta.auth.capabilities` (are the
 * credentials accepted) and `theta.health` (health.ts), for every family of `@theta/core`'s family
 * list. A family with a module in the registry is "available" and probed by its module; the others
 * are listed as not in this version.
 */
import { FAMILY_LIST, type FamilySpec, resolveBaseUrl, serverAsSource, ThetaError } from "@theta/core";
import { type Command, defineCommand, type RunContext } from "../command.js";
import type { FamilyModule } from "../family-module.js";
import { allConfigured, credentialStatus, missingCredentials } from "./credential-status.js";
import { healthCommand } from "./health.js";
import { type SetupFamily, type SetupResult, setupText } from "./setup-text.js";

/** The default server's base URL (context `baseUrls.<server>`, else its variables and default). */
function baseUrlStatus(runContext: RunContext, family: FamilySpec): { baseUrl?: string; error?: string } {
  const server = family.servers[0];
  if (server === undefined) return {};
  const overrides: Readonly<Record<string, string | undefined>> = runContext.context.baseUrls ?? {};
  const option = Object.hasOwn(overrides, server.name) ? overrides[server.name] : undefined;
  try {
    return {
      baseUrl: resolveBaseUrl(serverAsSource(server), {
        ...(option === undefined ? {} : { option }),
        env: runContext.settings.env,
        allowInsecureLoopback: runContext.settings.allowInsecureLoopback,
      }),
    };
  } catch (error) {
    return { error: ThetaError.isInstance(error) ? error.message : "invalid base URL" };
  }
}

/**
 * The family whose credentials it uses (agents → controller), under a name the redactor leaves alone
 * (it masks fields named like `credentials`): nothing here is secret.
 */
function sharedCredentials(family: FamilySpec): Record<string, string> {
  return family.credentialsOf === undefined ? {} : { settingsFrom: family.credentialsOf };
}

/**
 * The checklist. Ready means: at least one family with commands is fully configured, none is half
 * configured, and no base URL is wrong. A family the user has not started on (none of its settings
 * set) does not hold the others back: its lines are listed as optional, so configuring only the
 * on-demand token is enough to start.
 */
async function setup(
  runContext: RunContext,
  modules: ReadonlyMap<string, FamilyModule>,
): Promise<SetupResult> {
  const out: SetupFamily[] = [];
  const blocking: string[] = [];
  const untouched: { title: string; lines: string[] }[] = [];
  const complete: FamilyModule[] = [];
  // A variable is advised once: families that share credentials (agents uses the controller's) would
  // repeat the same line; the first family's (the owner's) is kept.
  const advised = new Set<string>();
  for (const family of FAMILY_LIST) {
    const module = modules.get(family.family);
    const credentials = await credentialStatus(runContext, family);
    const base = baseUrlStatus(runContext, family);
    const missing = missingCredentials(credentials);
    // Not started on: none of its settings is set, optional ones included.
    const started = credentials.some((credential) => credential.configured);
    if (module) {
      const whereToGet = module.setup.whereToGet;
      const lines = missing.flatMap((credential) => {
        const variable = credential.envNames[0] ?? credential.key;
        if (advised.has(variable)) return [];
        advised.add(variable);
        return [
          `Set ${variable} (${credential.description})${whereToGet ? ` — ${whereToGet}` : ""}, or run \`theta setup\`.`,
        ];
      });
      if (missing.length === 0) complete.push(module);
      else if (!started) untouched.push({ title: family.title, lines });
      else blocking.push(...lines);
      // A server without a default (a dedicated endpoint) has no base URL until the family is started
      // on: that is the missing setting already advised, not a wrong base URL.
      const unsetEndpoint = !started && family.servers[0]?.defaultUrl === "";
      if (base.error && !unsetEndpoint) blocking.push(`Fix the ${family.title} base URL: ${base.error}`);
    }
    out.push({
      family: family.family,
      title: family.title,
      commands: module ? "available" : "not in this version",
      ...sharedCredentials(family),
      // Field names avoid words the redactor masks (`credentials`, `key`): nothing here is secret.
      checklist: credentials.map(({ key, description, configured, source, envNames }) => ({
        setting: key,
        description,
        configured,
        source,
        envNames,
      })),
      ...base,
    });
  }
  const ready = complete.length > 0 && blocking.length === 0;
  const firstSteps = complete.map((module) => module.setup.firstSteps).join(" ");
  const optional = untouched.flatMap(({ title, lines }) =>
    lines.map((line) => `Optional, for the ${title} commands: ${line}`),
  );
  return {
    ready,
    dryRun: runContext.settings.dryRun,
    maxBudgetUsd: runContext.settings.maxBudgetUsd ?? null,
    allowInsecureLoopback: runContext.settings.allowInsecureLoopback,
    families: out,
    next: ready
      ? [`Ready.${firstSteps ? ` ${firstSteps}` : ""}`, ...optional]
      : [...blocking, ...untouched.flatMap(({ lines }) => lines)],
  };
}

async function capabilities(
  runContext: RunContext,
  modules: ReadonlyMap<string, FamilyModule>,
): Promise<Record<string, unknown>> {
  const results: Record<string, unknown>[] = [];
  for (const family of FAMILY_LIST) {
    const module = modules.get(family.family);
    const credentials = await credentialStatus(runContext, family);
    const configured = allConfigured(credentials);
    const entry: Record<string, unknown> = {
      name: family.family,
      title: family.title,
      ...sharedCredentials(family),
      configured,
      verified: null,
      required: module !== undefined,
      notes: module ? "" : "No commands for this family in this version; not probed.",
    };
    if (module && !configured) {
      entry.verified = false;
      entry.notes = `Not configured: set ${missingCredentials(credentials)
        .map((credential) => credential.envNames[0] ?? credential.key)
        .join(", ")}.`;
    } else if (module) {
      Object.assign(entry, await module.probe.verify(runContext));
    }
    results.push(entry);
  }
  const usable = results
    .filter((entry) => entry.required && entry.verified === true)
    .map((entry) => entry.name);
  return {
    mode: "api-key-first",
    dryRun: runContext.settings.dryRun,
    capabilities: results,
    summary:
      usable.length > 0
        ? `Verified: ${usable.join(", ")}.`
        : "No credential verified yet; run theta.setup for what to configure.",
  };
}

/** The diagnostics commands for the registry's family modules. */
export function diagnosticCommands(modules: readonly FamilyModule[]): readonly Command[] {
  const byFamily = new Map<string, FamilyModule>(modules.map((module) => [module.family, module]));
  return [
    defineCommand({
      name: "theta.setup",
      title: "Setup checklist",
      description:
        "What is configured (credentials per API family, base URLs, dry-run, spend cap, never a value) and what to do next. Free; sends no request.",
      inputSchema: { type: "object", properties: {}, additionalProperties: false },
      family: null,
      operations: [],
      presentation: { text: setupText },
      run: (_args, runContext) => setup(runContext, byFamily),
    }),
    defineCommand({
      name: "theta.auth.capabilities",
      title: "Check credentials",
      description:
        "Whether each family's credentials are configured and accepted (a free read-only probe). Use it when calls fail with 401/403 or before a paid run.",
      inputSchema: { type: "object", properties: {}, additionalProperties: false },
      family: null,
      operations: modules.flatMap((module) => module.probe.operations),
      run: (_args, runContext) => capabilities(runContext, byFamily),
    }),
    healthCommand(modules),
  ];
}
