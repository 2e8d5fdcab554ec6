import {
  FAMILIES,
  type FamilySpec,
  resolveBaseUrl,
  resolveCredentials,
  ThetaApiError,
  ThetaError,
} from "@theta/core";
import { ondemandOperations } from "@theta/ondemand";
import { type Command, type CommandFamily, defineCommand, type RunContext } from "../command.js";

/** The families this package has commands for. */
const SUPPORTED: ReadonlySet<string> = new Set<CommandFamily>(["ondemand"]);

/** The on-demand probe: a request id that cannot exist. 404 = token accepted, 401/403 = rejected. */
export const ONDEMAND_PROBE_REQUEST_ID = "infr_rqst_capability_probe_invalid";

const WHERE_TO_GET: Readonly<Record<string, string>> = {
  ondemand: "Dashboard → On-demand Model APIs → API Key (https://www.thetaedgecloud.com/dashboard/api-keys)",
};

function families(): FamilySpec[] {
  return Object.values(FAMILIES as unknown as Record<string, FamilySpec>);
}

function provider(rc: RunContext) {
  const getSecret = rc.context.getSecret;
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

async function credentialStatus(rc: RunContext, family: FamilySpec): Promise<CredentialStatus[]> {
  const prov = provider(rc);
  const resolved = await resolveCredentials(family, {
    ...(prov ? { provider: prov } : {}),
    env: rc.settings.env,
  });
  return family.credentials.map((credential) => {
    const source = resolved.sources[credential.key] ?? "missing";
    const envName = credential.env.find((name) => (rc.settings.env[name] ?? "").trim() !== "");
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

function baseUrlStatus(rc: RunContext, family: FamilySpec): { baseUrl?: string; error?: string } {
  const option = family.family === "ondemand" ? rc.context.baseUrls?.ondemand : undefined;
  try {
    return {
      baseUrl: resolveBaseUrl(family, {
        ...(option === undefined ? {} : { option }),
        env: rc.settings.env,
        allowInsecureLoopback: rc.settings.allowInsecureLoopback,
      }),
    };
  } catch (error) {
    return { error: ThetaError.isInstance(error) ? error.message : "invalid base URL" };
  }
}

async function setup(rc: RunContext): Promise<Record<string, unknown>> {
  const out: Record<string, unknown>[] = [];
  const next: string[] = [];
  let ready = true;
  for (const family of families()) {
    const supported = SUPPORTED.has(family.family);
    const credentials = await credentialStatus(rc, family);
    const base = baseUrlStatus(rc, family);
    const missing = credentials.filter((credential) => !credential.configured);
    if (supported) {
      for (const credential of missing) {
        ready = false;
        next.push(
          `Set ${credential.envNames[0] ?? credential.key} (${credential.description})${WHERE_TO_GET[family.family] ? ` — ${WHERE_TO_GET[family.family]}` : ""}, or run \`theta setup\`.`,
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
      commands: supported ? "available" : "not in this version",
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
  return {
    ready,
    dryRun: rc.settings.dryRun,
    maxBudgetUsd: rc.settings.maxBudgetUsd ?? null,
    allowInsecureLoopback: rc.settings.allowInsecureLoopback,
    families: out,
    next: next.length > 0 ? next : ["Ready. Try theta.ondemand.listServices, then theta.ondemand.chat."],
  };
}

async function probeOndemand(
  rc: RunContext,
): Promise<{ verified: boolean | null; notes: string; error?: string }> {
  try {
    await rc.ondemand().requests.get(ONDEMAND_PROBE_REQUEST_ID, rc.signal ? { signal: rc.signal } : {});
    return { verified: true, notes: "The probe request answered; the token was accepted." };
  } catch (error) {
    if (ThetaApiError.isInstance(error)) {
      if (error.status === 404 || error.status === 400) {
        return { verified: true, notes: "Token accepted (the harmless probe got 'not found', as expected)." };
      }
      if (error.status === 401 || error.status === 403) {
        return {
          verified: false,
          notes: "Token rejected; create a new on-demand API key and set THETA_ONDEMAND_API_TOKEN.",
          error: error.message,
        };
      }
    }
    return {
      verified: null,
      notes: "Could not verify the token (the probe failed for another reason).",
      error: ThetaError.isInstance(error) ? error.message : "probe failed",
    };
  }
}

async function capabilities(rc: RunContext): Promise<Record<string, unknown>> {
  const results: Record<string, unknown>[] = [];
  for (const family of families()) {
    const supported = SUPPORTED.has(family.family);
    const credentials = await credentialStatus(rc, family);
    const configured = credentials.length > 0 && credentials.every((credential) => credential.configured);
    const entry: Record<string, unknown> = {
      name: family.family,
      title: family.title,
      configured,
      verified: null,
      required: supported,
      notes: supported ? "" : "No commands for this family in this version; not probed.",
    };
    if (supported && !configured) {
      entry.verified = false;
      entry.notes = `Not configured: set ${credentials
        .filter((credential) => !credential.configured)
        .map((credential) => credential.envNames[0] ?? credential.key)
        .join(", ")}.`;
    } else if (family.family === "ondemand") {
      Object.assign(entry, await probeOndemand(rc));
    }
    results.push(entry);
  }
  const usable = results
    .filter((entry) => entry.required && entry.verified === true)
    .map((entry) => entry.name);
  return {
    mode: "api-key-first",
    dryRun: rc.settings.dryRun,
    capabilities: results,
    summary:
      usable.length > 0
        ? `Verified: ${usable.join(", ")}.`
        : "No credential verified yet; run theta.setup for what to configure.",
  };
}

export const diagnosticCommands: readonly Command[] = [
  defineCommand({
    name: "theta.setup",
    title: "Setup checklist",
    description:
      "Checklist of what is configured (credentials per API family, base URLs, dry-run, spend cap) and what to do next. Shows where each value comes from, never the value. Free; sends no request.",
    inputSchema: { type: "object", properties: {}, additionalProperties: false },
    family: null,
    credentialRequired: false,
    operations: [],
    run: (_args, rc) => setup(rc),
  }),
  defineCommand({
    name: "theta.auth.capabilities",
    title: "Check credentials",
    description:
      "For each credential family: is it configured, and is it accepted (verified with a harmless read-only probe that costs nothing). Use it when calls fail with 401/403 or before a paid run.",
    inputSchema: { type: "object", properties: {}, additionalProperties: false },
    family: null,
    credentialRequired: false,
    operations: [ondemandOperations.getInferRequest],
    run: (_args, rc) => capabilities(rc),
  }),
];
