/**
 * Configuration: API families and their credentials, HTTP knobs from the environment, base URLs.
 *
 * Nothing here reads `process.env` implicitly except `defaultEnv()`; every function takes the
 * environment as an argument so it works in tests, in browsers and in hosts with their own secret
 * store (the `SecretProvider`).
 */
import { ThetaConfigError } from "./errors.js";
import { checkEndpoint, isLoopbackHost } from "./host-policy.js";
import { redactUrl, registerSecret } from "./redact.js";

export type Env = Readonly<Record<string, string | undefined>>;

/** A host's secret store (e.g. OpenClaw secret references). Asked with env variable names. */
export interface SecretProvider {
  getSecret(name: string): string | undefined | null | Promise<string | undefined | null>;
}

export interface CredentialSpec {
  /** Option key, e.g. `apiToken`. */
  key: string;
  /** Environment variables checked in order. */
  env: readonly string[];
  /** Secret values are registered with the redactor as soon as they are resolved. */
  secret: boolean;
  description: string;
}

export interface FamilySpec {
  family: string;
  title: string;
  credentials: readonly CredentialSpec[];
  /** Environment variables that override the base URL, checked in order. */
  baseUrlEnv: readonly string[];
  /** Production base URL; empty when there is none (the user must configure one). */
  defaultBaseUrl: string;
  /** Where the user gets the credentials. */
  docsUrl?: string;
  /**
   * The base URL is a user-supplied endpoint (a dedicated deployment): `resolveBaseUrl` applies the
   * host policy (`checkEndpoint`) to it, except for loopback hosts under `allowInsecureLoopback`.
   */
  userEndpoint?: boolean;
}

export type FamilyName = "ondemand" | "controller" | "platform" | "inference" | "video" | "chain";

const API_KEYS_PAGE = "https://www.thetaedgecloud.com/dashboard/api-keys";

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

/**
 * The credential families of the Theta APIs (deeply frozen). A command resolves only the family it
 * needs.
 */
export const FAMILIES: Readonly<Record<FamilyName, FamilySpec>> = deepFreeze({
  ondemand: {
    family: "ondemand",
    title: "Theta EdgeCloud on-demand model API",
    credentials: [
      {
        key: "apiToken",
        env: ["THETA_ONDEMAND_API_TOKEN", "THETA_ONDEMAND_API_KEY", "THETA_API_KEY"],
        secret: true,
        description: "on-demand API token (sent as a Bearer token)",
      },
    ],
    baseUrlEnv: ["THETA_ONDEMAND_API_BASE_URL", "THETA_API_BASE_URL"],
    defaultBaseUrl: "https://ondemand.thetaedgecloud.com",
    docsUrl: API_KEYS_PAGE,
  },
  controller: {
    family: "controller",
    title: "Theta EdgeCloud controller API (deployments, templates, agents)",
    credentials: [
      {
        key: "apiKey",
        env: ["THETA_EC_API_KEY"],
        secret: true,
        description: "project API key (sent as x-api-key)",
      },
      {
        key: "projectId",
        env: ["THETA_EC_PROJECT_ID"],
        secret: false,
        description: "project id (prj_...) of the project that owns the API key",
      },
      {
        key: "orgId",
        env: ["THETA_ORG_ID"],
        secret: false,
        description: "organization id (org_...)",
      },
    ],
    baseUrlEnv: ["THETA_CONTROLLER_BASE_URL"],
    defaultBaseUrl: "https://controller.thetaedgecloud.com",
    docsUrl: "https://docs.thetatoken.org/docs/edgecloud-api-keys",
  },
  platform: {
    family: "platform",
    title: "Theta EdgeCloud platform API (VM types, balance, projects)",
    credentials: [
      {
        key: "apiKey",
        env: ["THETA_EC_API_KEY"],
        secret: true,
        description: "project API key (sent as x-api-key)",
      },
    ],
    baseUrlEnv: ["THETA_PLATFORM_API_BASE_URL"],
    defaultBaseUrl: "https://api.thetaedgecloud.com",
    docsUrl: "https://docs.thetatoken.org/docs/edgecloud-api-keys",
  },
  inference: {
    family: "inference",
    title: "Theta EdgeCloud dedicated inference endpoint",
    credentials: [
      {
        key: "endpoint",
        env: ["THETA_INFERENCE_ENDPOINT"],
        secret: false,
        description: "deployment URL (https://<name>.tec-sN.onthetaedgecloud.com)",
      },
      {
        key: "authToken",
        env: ["THETA_INFERENCE_AUTH_TOKEN"],
        secret: true,
        description: "bearer token of the deployment",
      },
      {
        key: "authUser",
        env: ["THETA_INFERENCE_AUTH_USER"],
        secret: true,
        description: "basic-auth user name of the deployment",
      },
      {
        key: "authPass",
        env: ["THETA_INFERENCE_AUTH_PASS"],
        secret: true,
        description: "basic-auth password of the deployment",
      },
      {
        key: "model",
        env: ["THETA_INFERENCE_MODEL"],
        secret: false,
        description: "model name served by the deployment",
      },
    ],
    baseUrlEnv: ["THETA_INFERENCE_ENDPOINT"],
    defaultBaseUrl: "",
    userEndpoint: true,
  },
  video: {
    family: "video",
    title: "Theta Video API",
    credentials: [
      {
        key: "saId",
        env: ["THETA_VIDEO_SA_ID"],
        secret: true,
        description: "service account id (srvacc_..., sent as x-tva-sa-id)",
      },
      {
        key: "saSecret",
        env: ["THETA_VIDEO_SA_SECRET"],
        secret: true,
        description: "service account secret (sent as x-tva-sa-secret)",
      },
    ],
    baseUrlEnv: ["THETA_VIDEO_API_BASE_URL"],
    defaultBaseUrl: "https://api.thetavideoapi.com",
    docsUrl: "https://docs.thetatoken.org/docs/theta-video-api-developer-api",
  },
  chain: {
    family: "chain",
    title: "Theta blockchain and node RPC",
    credentials: [
      {
        key: "rpcUrl",
        env: ["THETA_CHAIN_RPC_URL"],
        secret: false,
        description: "Theta node JSON-RPC URL",
      },
      {
        key: "cliRpcUrl",
        env: ["THETA_CLI_RPC_URL"],
        secret: false,
        description: "thetacli wallet daemon JSON-RPC URL",
      },
      {
        key: "edgecloudRpcUrl",
        env: ["THETA_EDGECLOUD_RPC_URL"],
        secret: false,
        description: "EdgeCloud client (GPU node) local RPC URL",
      },
    ],
    baseUrlEnv: ["THETA_CHAIN_RPC_URL"],
    defaultBaseUrl: "",
  },
} satisfies Record<FamilyName, FamilySpec>);

/** `process.env` when it exists, else `{}` (browsers, workers, other runtimes). */
export function defaultEnv(): Env {
  const maybeProcess = (globalThis as { process?: { env?: Env } }).process;
  return maybeProcess?.env ?? {};
}

// ---------------------------------------------------------------------------------------------
// HTTP settings

export interface HttpSettings {
  /** Per-attempt timeout. */
  timeoutMs: number;
  /** Retries after the first attempt (0 disables). */
  maxRetries: number;
  /** Base of the exponential backoff: delay ≈ backoff × 2^(attempt−1), with jitter. */
  retryBackoffMs: number;
  /** Mutating operations throw `ThetaDryRunError` instead of being sent. */
  dryRun: boolean;
}

interface IntegerKnob {
  option: "timeoutMs" | "maxRetries" | "retryBackoffMs";
  variable: string;
  defaultValue: number;
  min: number;
  max: number;
}

/** The integer knobs, their environment variables, defaults and accepted ranges. */
export const HTTP_SETTING_LIMITS: readonly IntegerKnob[] = [
  { option: "timeoutMs", variable: "THETA_HTTP_TIMEOUT_MS", defaultValue: 20_000, min: 1000, max: 120_000 },
  { option: "maxRetries", variable: "THETA_HTTP_MAX_RETRIES", defaultValue: 2, min: 0, max: 6 },
  {
    option: "retryBackoffMs",
    variable: "THETA_HTTP_RETRY_BACKOFF_MS",
    defaultValue: 250,
    min: 25,
    max: 10_000,
  },
];

const TRUE_WORDS = new Set(["1", "true", "yes", "on"]);
const FALSE_WORDS = new Set(["0", "false", "no", "off", ""]);

function rangeText(knob: IntegerKnob): string {
  return `an integer from ${knob.min} to ${knob.max}`;
}

function integerFromEnv(knob: IntegerKnob, raw: string): number {
  const text = raw.trim();
  // Plain decimal digits only: no sign, no decimals, no exponent ("1e3"), no hex, no "12abc".
  const value = /^[0-9]{1,9}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(value) || value < knob.min || value > knob.max) {
    throw new ThetaConfigError({
      message: `${knob.variable} is not ${rangeText(knob)} (plain decimal digits, default ${knob.defaultValue}); set it to a value in that range or unset it`,
      variable: knob.variable,
      accepted: rangeText(knob),
    });
  }
  return value;
}

function integerFromOption(knob: IntegerKnob, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < knob.min || value > knob.max) {
    throw new ThetaConfigError({
      message: `The ${knob.option} option must be ${rangeText(knob)} (default ${knob.defaultValue}); pass a value in that range or leave it out`,
      variable: knob.option,
      accepted: rangeText(knob),
    });
  }
  return value;
}

function dryRunFromEnv(raw: string): boolean {
  const value = raw.trim().toLowerCase();
  if (TRUE_WORDS.has(value)) return true;
  if (FALSE_WORDS.has(value)) return false;
  throw new ThetaConfigError({
    message:
      "THETA_DRY_RUN must be one of 1, true, yes, on (dry-run) or 0, false, no, off (send requests); set one of those or unset it",
    variable: "THETA_DRY_RUN",
    accepted: "1, true, yes, on, 0, false, no, off",
  });
}

/**
 * Reads the HTTP knobs: `THETA_HTTP_TIMEOUT_MS` (20000, 1000–120000), `THETA_HTTP_MAX_RETRIES`
 * (2, 0–6), `THETA_HTTP_RETRY_BACKOFF_MS` (250, 25–10000), `THETA_DRY_RUN` (off). Explicit
 * `overrides` win over the environment and are validated the same way. Out-of-range or malformed
 * values throw `ThetaConfigError` naming the variable (or option) and the accepted range — they are
 * never clamped. An empty environment value counts as unset.
 */
export function readHttpSettings(
  env: Env = defaultEnv(),
  overrides: Partial<HttpSettings> = {},
): HttpSettings {
  const integers: Record<IntegerKnob["option"], number> = { timeoutMs: 0, maxRetries: 0, retryBackoffMs: 0 };
  for (const knob of HTTP_SETTING_LIMITS) {
    const override = overrides[knob.option];
    const raw = env[knob.variable];
    if (override !== undefined) integers[knob.option] = integerFromOption(knob, override);
    else if (raw !== undefined && raw.trim() !== "") integers[knob.option] = integerFromEnv(knob, raw);
    else integers[knob.option] = knob.defaultValue;
  }
  let dryRun: boolean;
  if (overrides.dryRun !== undefined) {
    if (typeof overrides.dryRun !== "boolean") {
      throw new ThetaConfigError({
        message: "The dryRun option must be true or false; pass a boolean or leave it out",
        variable: "dryRun",
        accepted: "true, false",
      });
    }
    dryRun = overrides.dryRun;
  } else {
    const raw = env.THETA_DRY_RUN;
    dryRun = raw === undefined ? false : dryRunFromEnv(raw);
  }
  return { ...integers, dryRun };
}

// ---------------------------------------------------------------------------------------------
// Credentials

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
export function requireCredential(spec: FamilySpec, resolved: ResolvedCredentials, key: string): string {
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
    message: `Missing ${credential.description} for the ${spec.title}. Set ${credential.env.join(" or ")} in the environment, or pass the "${key}" option.${where}`,
    code: "missing_credential",
    credential: key,
    envNames: credential.env,
  });
}

// ---------------------------------------------------------------------------------------------
// Base URLs

export interface ResolveBaseUrlOptions {
  /** Explicit `baseUrl` option; wins over the environment. Empty counts as unset. */
  option?: string;
  env?: Env;
  /** Allow plain `http:` to loopback hosts (127.0.0.0/8, ::1, localhost) — for the simulator. */
  allowInsecureLoopback?: boolean;
}

/**
 * Picks the base URL (option → `spec.baseUrlEnv` in order → `spec.defaultBaseUrl`) and normalizes
 * it: trimmed, no trailing slash, path prefix kept (`http://127.0.0.1:4010/ondemand/` →
 * `http://127.0.0.1:4010/ondemand`). Refuses userinfo, query strings, fragments, non-https URLs
 * (plain http only to loopback with `allowInsecureLoopback`). Errors name the option or variable.
 * For a family with `userEndpoint` (dedicated inference) the host policy applies too
 * (`ThetaValidationError` code `host_refused`).
 */
export function resolveBaseUrl(spec: FamilySpec, opts: ResolveBaseUrlOptions = {}): string {
  const env = opts.env ?? defaultEnv();
  let raw: string | undefined;
  let from = "";
  if (present(opts.option)) {
    raw = opts.option;
    from = "the baseUrl option";
  } else {
    for (const name of spec.baseUrlEnv) {
      const value = env[name];
      if (present(value)) {
        raw = value;
        from = name;
        break;
      }
    }
  }
  if (raw === undefined) {
    if (!spec.defaultBaseUrl) {
      const names = spec.baseUrlEnv.length > 0 ? `set ${spec.baseUrlEnv.join(" or ")}, or ` : "";
      throw new ThetaConfigError({
        message: `No base URL for the ${spec.title}: ${names}pass the baseUrl option`,
        variable: spec.baseUrlEnv[0] ?? "baseUrl",
        envNames: spec.baseUrlEnv,
        accepted: "an https:// URL",
      });
    }
    raw = spec.defaultBaseUrl;
    from = "the default base URL";
  }
  const normalized = normalizeBaseUrl(raw, from, opts.allowInsecureLoopback === true, spec.baseUrlEnv);
  if (spec.userEndpoint) {
    const loopbackOptIn = opts.allowInsecureLoopback === true && isLoopbackHost(new URL(normalized).hostname);
    // The raw text, not the normalized URL: a spelling the parser would rewrite is refused.
    if (!loopbackOptIn) checkEndpoint(raw, { field: variableFor(from) });
  }
  return normalized;
}

function variableFor(from: string): string {
  if (from.startsWith("the baseUrl")) return "baseUrl";
  if (from.startsWith("the default")) return "defaultBaseUrl";
  return from;
}

function normalizeBaseUrl(
  value: string,
  from: string,
  allowInsecureLoopback: boolean,
  envNames: readonly string[],
): string {
  const variable = variableFor(from);
  const fail = (problem: string, fix: string): never => {
    throw new ThetaConfigError({
      message: `${from.charAt(0).toUpperCase()}${from.slice(1)} ${problem}; ${fix}`,
      variable,
      envNames,
      accepted: "an https:// URL without credentials, query or fragment",
    });
  };
  const text = value.trim();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we look for
  if (/[\s\u0000-\u001f\u007f]/.test(text)) fail("contains whitespace or control characters", "remove them");
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail("is not a valid absolute URL", "use a URL like https://host[/prefix]");
  }
  if (url.username !== "" || url.password !== "" || /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(text)) {
    fail(
      `contains credentials (${redactUrl(text)})`,
      "remove the user:password@ part and pass the credential through its own option or environment variable",
    );
  }
  if (url.search !== "" || text.includes("?"))
    fail("contains a query string", "remove everything from '?' on");
  if (url.hash !== "" || text.includes("#")) fail("contains a fragment", "remove everything from '#' on");
  if (url.protocol === "http:") {
    if (!isLoopbackHost(url.hostname)) {
      fail(
        "uses plain http",
        "use https:// (plain http is only allowed for loopback hosts such as the simulator)",
      );
    }
    if (!allowInsecureLoopback) {
      fail(
        "uses plain http to a loopback host",
        "pass allowInsecureLoopback: true to talk to a local simulator, or use https://",
      );
    }
  } else if (url.protocol !== "https:") {
    const known = /^(ftp|ftps|ws|wss|file|data|javascript|mailto|blob):$/.test(url.protocol);
    fail(
      `uses ${known ? `the ${url.protocol} scheme` : "a scheme other than https:"}`,
      "use an https:// URL",
    );
  }
  if (url.hostname === "") fail("has no host", "use a URL like https://host[/prefix]");
  const path = url.pathname.replace(/\/+$/, "");
  return `${url.protocol}//${url.host}${path}`;
}
