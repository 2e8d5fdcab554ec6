/** Credentials: resolved from a secret provider, then options, then environment aliases. */
import { type CallerTerms, callerTerms } from "./caller-terms.js";
import { defaultEnv, type Env } from "./env.js";
import { ThetaConfigError } from "./errors.js";
import type { FamilySpec } from "./families.js";
import { registerSecret } from "./redact.js";

/** A host's secret store (e.g. OpenClaw secret references). Asked with env variable names. */
export interface SecretProvider {
  getSecret(name: string): string | undefined | null | Promise<string | undefined | null>;
}

export type CredentialSource = "provider" | "options" | "env" | "missing";

export interface ResolvedCredentials {
  values: Record<string, string | undefined>;
  sources: Record<string, CredentialSource>;
  /** Where each found value came from: the env variable name (for `provider` / `env`) or the option key. */
  origins: Record<string, string | undefined>;
}

export interface ResolveCredentialsOptions {
  provider?: SecretProvider;
  /** Explicit values by credential key (e.g. `{ apiToken }`). Empty strings count as missing. */
  options?: Readonly<Record<string, string | undefined | null>>;
  /** Defaults to `defaultEnv()`. */
  env?: Env;
}

function present(value: unknown): value is string {
  return typeof value === "string" && value.trim().length > 0;
}

/**
 * Resolves each credential of a family: secret provider (asked with each env name, in order), then
 * explicit options, then the env aliases. Empty or blank values count as missing; values are trimmed.
 * Every secret found is registered with the redactor. A provider failure becomes a
 * `ThetaConfigError` that names the variable, never the value or the provider's message.
 */
export async function resolveCredentials(
  spec: FamilySpec,
  opts: ResolveCredentialsOptions = {},
): Promise<ResolvedCredentials> {
  const env = opts.env ?? defaultEnv();
  const values: Record<string, string | undefined> = {};
  const sources: Record<string, CredentialSource> = {};
  const origins: Record<string, string | undefined> = {};

  for (const credential of spec.credentials) {
    let found: { value: string; source: CredentialSource; origin: string } | undefined;
    if (opts.provider) {
      for (const name of credential.env) {
        let value: string | undefined | null;
        try {
          value = await opts.provider.getSecret(name);
        } catch (error) {
          const kind = error instanceof Error ? error.name : typeof error;
          throw new ThetaConfigError({
            message: `The secret provider failed while reading ${name} (${spec.title}, ${credential.key}): ${kind}. Check the secret provider's configuration, or set ${credential.key} in the options or ${credential.env.join(" / ")} in the environment`,
            variable: name,
            credential: credential.key,
            envNames: credential.env,
          });
        }
        if (present(value)) {
          found = { value: value.trim(), source: "provider", origin: name };
          break;
        }
      }
    }
    if (!found) {
      const option = opts.options?.[credential.key];
      if (present(option)) found = { value: option.trim(), source: "options", origin: credential.key };
    }
    if (!found) {
      for (const name of credential.env) {
        const value = env[name];
        if (present(value)) {
          found = { value: value.trim(), source: "env", origin: name };
          break;
        }
      }
    }
    if (credential.secret) {
      // Every candidate is a secret, not only the one that wins (e.g. a shadowed env alias).
      if (found) registerSecret(found.value);
      registerSecret(opts.options?.[credential.key] ?? undefined);
      for (const name of credential.env) registerSecret(env[name]);
    }
    if (found) {
      values[credential.key] = found.value;
      sources[credential.key] = found.source;
      origins[credential.key] = found.origin;
    } else {
      values[credential.key] = undefined;
      sources[credential.key] = "missing";
      origins[credential.key] = undefined;
    }
  }
  return { values, sources, origins };
}

/**
 * Returns the credential `key`, or throws `ThetaConfigError` (`missing_credential`) that lists the
 * environment variables and where to get the value.
 */
export function requireCredential(
  spec: FamilySpec,
  resolved: ResolvedCredentials,
  key: string,
  terms?: CallerTerms,
): string {
  const credential = spec.credentials.find((candidate) => candidate.key === key);
  if (!credential) {
    throw new ThetaConfigError({
      message: `${spec.title} has no credential named "${key}"; use one of ${spec.credentials.map((c) => c.key).join(", ")}`,
      credential: key,
    });
  }
  const value = resolved.values[key];
  if (present(value)) return value;
  const where = spec.docsUrl ? ` Get it from ${spec.docsUrl}.` : "";
  throw new ThetaConfigError({
    message: `Missing ${credential.description} for the ${spec.title}. Set ${credential.env.join(" or ")} in the environment, or ${callerTerms(terms).credentialRemedy(key)}.${where}`,
    code: "missing_credential",
    credential: key,
    envNames: credential.env,
  });
}
