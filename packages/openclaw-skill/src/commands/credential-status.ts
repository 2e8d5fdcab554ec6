/**
 * Where each credential of a family comes from (an environment variable, the host's secret provider, or
 * nowhere), never its value: what `theta.setup`, `theta.auth.capabilities` and `theta.health` report.
 */
import { type FamilySpec, resolveCredentials } from "@theta/core";
import type { RunContext } from "../command.js";
import { credentialOwner } from "../credential-owner.js";

function provider(runContext: RunContext) {
  const getSecret = runContext.context.getSecret;
  return getSecret ? { getSecret } : undefined;
}

export interface CredentialStatus {
  key: string;
  description: string;
  secret: boolean;
  configured: boolean;
  /** The family works without it (core's `CredentialSpec.optional`): it does not count for `allConfigured`. */
  optional: boolean;
  /** Where the value came from: an env variable name, "secret provider", or "missing". Never the value. */
  source: string;
  envNames: readonly string[];
}

export async function credentialStatus(
  runContext: RunContext,
  family: FamilySpec,
): Promise<CredentialStatus[]> {
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
      optional: credential.optional === true,
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

/** The credentials the family cannot work without that are not set. */
export function missingCredentials(credentials: readonly CredentialStatus[]): CredentialStatus[] {
  return credentials.filter((credential) => !credential.optional && !credential.configured);
}

/**
 * True when every credential of the family that is not optional is set (a family without credentials
 * is never "configured").
 */
export function allConfigured(credentials: readonly CredentialStatus[]): boolean {
  return (
    credentials.some((credential) => !credential.optional) && missingCredentials(credentials).length === 0
  );
}
