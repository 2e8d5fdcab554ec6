/**
 * `theta.setup` (what is configured, what to do next) and `theta.auth.capabilities` (are the
 * credentials accepted), for every family of `@theta/core`'s family list. A family with a module in
 * the registry is "available" and probed by its module; the others are listed as not in this version.
 */
import {
  FAMILY_LIST,
  type FamilySpec,
  resolveBaseUrl,
  resolveCredentials,
  serverAsSource,
  ThetaError,
} from "@theta/core";
import { type Command, defineCommand, type RunContext } from "../command.js";
import { credentialOwner } from "../credential-owner.js";
import type { FamilyModule } from "../family-module.js";
import { type SetupFamily, type SetupResult, setupText } from "./setup-text.js";

function provider(runContext: RunContext) {
  const getSecret = runContext.context.getSecret;
  return getSecret ? { getSecret } : undefined;
}

interface CredentialStatus {
  key: string;
  description: string;
  secret: boolean;
  configured: boolean;
  /** Where the value came from: an env variable name, "secret provider", or "missing". Never the value. */
  source: string;
  envNames: readonly string[];
}

async function credentialStatus(runContext: RunContext, family: FamilySpec): Promise<CredentialStatus[]> {
  const owner = credentialOwner(family);
  const secretProvider = provider(runContext);
  const resolved = await resolveCredentials(owner, {
    ...(secretProvider ? { provider: secretProvider } : {}),
    env: runContext.settings.env,
  });
  return owner.credentials.map((credential) => {
    const source = resolved.sources[credential.key] ?? "missing";
    const envName = credential.env.find((name) => (runContext.settings.env[name] ?? "").trim() !== "");
    return {
      key: credential.key,
      description: credential.description,
      secret: credential.secret,
      configured: source !== "missing",
      source:
        source === "env" && envName
          ? `env ${envName}`
          : source === "provider"
            ? "secret provider"
            : String(source),
      envNames: credential.env,
    };
  });
}

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

async function setup(
  runContext: RunContext,
  modules: ReadonlyMap<string, FamilyModule>,
): Promise<SetupResult> {
  const out: SetupFamily[] = [];
  const next: string[] = [];
  let ready = true;
  for (const family of FAMILY_LIST) {
    const module = modules.get(family.family);
    const credentials = await credentialStatus(runContext, family);
    const base = baseUrlStatus(runContext, family);
    const missing = credentials.filter((credential) => !credential.configured);
    if (module) {
      const whereToGet = module.setup.whereToGet;
      for (const credential of missing) {
        ready = false;
        next.push(
          `Set ${credential.envNames[0] ?? credential.key} (${credential.description})${whereToGet ? ` — ${whereToGet}` : ""}, or run \`theta setup\`.`,
        );
      }
      if (base.error) {
        ready = false;
        next.push(`Fix the ${family.title} base URL: ${base.error}`);
      }
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
  const firstSteps = [...modules.values()].map((module) => module.setup.firstSteps).join(" ");
  return {
    ready,
    dryRun: runContext.settings.dryRun,
    maxBudgetUsd: runContext.settings.maxBudgetUsd ?? null,
    allowInsecureLoopback: runContext.settings.allowInsecureLoopback,
    families: out,
    next: next.length > 0 ? next : [`Ready.${firstSteps ? ` ${firstSteps}` : ""}`],
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
    const configured = credentials.length > 0 && credentials.every((credential) => credential.configured);
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
      entry.notes = `Not configured: set ${credentials
        .filter((credential) => !credential.configured)
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
  ];
}
