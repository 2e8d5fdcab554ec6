/**
 * `createFamilyClient`: the common constructor behind every API package's `createXClient`.
 * It resolves settings and the base URL up front, credentials lazily (on the first request, or when
 * asked), and builds an openapi-fetch client whose `fetch` is the Theta transport.
 * No Node built-ins: it runs wherever `fetch` exists.
 */
import createClient, { type Client } from "openapi-fetch";
import type { BudgetGuard } from "./budget.js";
import {
  defaultEnv,
  type Env,
  type FamilySpec,
  type HttpSettings,
  type ResolvedCredentials,
  readHttpSettings,
  requireCredential as requireResolvedCredential,
  resolveBaseUrl,
  resolveCredentials,
  type SecretProvider,
} from "./config.js";
import { operationMiddleware } from "./operation-middleware.js";
import type { OperationsTable } from "./operations.js";
import { createTransport, type Logger, type ThetaTransport } from "./transport.js";

/** Read by the transport (transport.ts): the text of a string body, so it is not read back from a stream. */
const REQUEST_TEXT_BODY = Symbol.for("theta.transport.requestTextBody");

/**
 * The Request class handed to openapi-fetch: a plain Request (middleware sees nothing unusual) that
 * also keeps the text of a string body (openapi-fetch serializes JSON to a string).
 */
const FamilyRequest: typeof Request | undefined =
  typeof Request === "undefined"
    ? undefined
    : class FamilyRequest extends Request {
        constructor(input: RequestInfo | URL, init?: RequestInit) {
          super(input, init);
          if (typeof init?.body === "string") {
            Object.defineProperty(this, REQUEST_TEXT_BODY, { value: init.body });
          }
        }
      };

export interface ClientOptions {
  /** Overrides the family's base URL variables and default. */
  baseUrl?: string;
  /** Asked first for credentials, with the env variable names (e.g. OpenClaw secret references). */
  secretProvider?: SecretProvider;
  /** Environment used for credentials and knobs (default: `process.env` when present, else `{}`). */
  env?: Env;
  /** Per-attempt timeout (overrides THETA_HTTP_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Retries after the first attempt (overrides THETA_HTTP_MAX_RETRIES). */
  maxRetries?: number;
  /** Backoff base (overrides THETA_HTTP_RETRY_BACKOFF_MS). */
  retryBackoffMs?: number;
  /** Dry-run: mutating operations throw ThetaDryRunError instead of being sent (overrides THETA_DRY_RUN). */
  dryRun?: boolean;
  /** Budget guard for billable calls (used by the API packages through `withBudget`). */
  budget?: BudgetGuard;
  logger?: Logger;
  /** The underlying fetch (default: the global `fetch`). */
  fetch?: typeof fetch;
  /** Allow plain `http://` to loopback hosts (the simulator). */
  allowInsecureLoopback?: boolean;
  userAgent?: string;
}

export type CredentialValues = Record<string, string | undefined>;

export interface FamilyClient<Paths extends {}> {
  /** The openapi-fetch client (typed by the generated `paths`). */
  readonly api: Client<Paths>;
  readonly family: string;
  /** Normalized base URL (no trailing slash). */
  readonly baseUrl: string;
  readonly http: HttpSettings;
  readonly budget?: BudgetGuard;
  /** The transport (usable as `fetch` for requests outside the typed API, e.g. presigned uploads). */
  readonly transport: ThetaTransport;
  /** Resolves the family's credentials once (secret provider → options → env) and caches them. */
  credentials(): Promise<ResolvedCredentials>;
  /** The credential `key`, or ThetaConfigError (missing_credential) — without any network call. */
  requireCredential(key: string): Promise<string>;
}

/**
 * Builds a client for one API family.
 * @param auth turns the resolved credential values into request headers (e.g. `Authorization: Bearer`).
 *   They are sent only to URLs under the base URL (never to presigned upload URLs).
 */
export function createFamilyClient<Paths extends {}>(
  spec: FamilySpec,
  operations: OperationsTable,
  options: ClientOptions & { credentials?: CredentialValues },
  auth: (credentials: CredentialValues) => Record<string, string>,
): FamilyClient<Paths> {
  const env = options.env ?? defaultEnv();
  const overrides: Partial<HttpSettings> = {};
  if (options.timeoutMs !== undefined) overrides.timeoutMs = options.timeoutMs;
  if (options.maxRetries !== undefined) overrides.maxRetries = options.maxRetries;
  if (options.retryBackoffMs !== undefined) overrides.retryBackoffMs = options.retryBackoffMs;
  if (options.dryRun !== undefined) overrides.dryRun = options.dryRun;
  const http = readHttpSettings(env, overrides);
  const baseUrl = resolveBaseUrl(spec, {
    option: options.baseUrl,
    env,
    allowInsecureLoopback: options.allowInsecureLoopback,
  });

  let resolved: Promise<ResolvedCredentials> | undefined;
  /** The credentials once `resolved` has settled successfully (they never change afterwards). */
  let settled: ResolvedCredentials | undefined;
  /** `auth(settled.values)`, made once (the transport only reads it). */
  let authHeaders: Record<string, string> = {};
  let authFor: ResolvedCredentials | undefined;
  const credentials = (): Promise<ResolvedCredentials> => {
    if (!resolved) {
      const pending = resolveCredentials(spec, {
        provider: options.secretProvider,
        options: options.credentials,
        env,
      });
      resolved = pending;
      pending.then(
        (value) => {
          if (resolved === pending) settled = value;
        },
        () => {
          // A failed lookup (e.g. the secret provider was unavailable) is retried on the next call.
          if (resolved === pending) resolved = undefined;
        },
      );
    }
    return resolved;
  };

  const transport = createTransport({
    family: spec.family,
    baseUrl,
    operations,
    http,
    // Synchronous once the credentials are known: no await before each request is sent.
    headers: () => {
      if (!settled) return credentials().then((c) => auth(c.values));
      if (authFor !== settled) {
        authFor = settled;
        authHeaders = auth(settled.values);
      }
      return authHeaders;
    },
    allowInsecureLoopback: options.allowInsecureLoopback,
    fetch: options.fetch,
    logger: options.logger,
    userAgent: options.userAgent,
  });

  const api = createClient<Paths>(
    FamilyRequest ? { baseUrl, fetch: transport, Request: FamilyRequest } : { baseUrl, fetch: transport },
  );
  // Tells the transport which operation each typed request is, by its schema path.
  api.use(operationMiddleware(operations));

  const client: FamilyClient<Paths> = {
    api,
    family: spec.family,
    baseUrl,
    http,
    transport,
    credentials,
    requireCredential: async (key: string) => requireResolvedCredential(spec, await credentials(), key),
  };
  if (options.budget) (client as { budget?: BudgetGuard }).budget = options.budget;
  return client;
}
