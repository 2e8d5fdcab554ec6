/**
 * `createFamilyClient`: the common constructor behind every API package's `createXClient`.
 * It resolves settings and the base URL up front, credentials lazily (on the first request, or when
 * asked), and builds an openapi-fetch client whose `fetch` is the Theta transport.
 * No Node built-ins: it runs wherever `fetch` exists.
 */

import createClient, { type Client } from "openapi-fetch";
import { authHeaders, type CredentialValues, requireAuthCredentials } from "./auth-headers.js";
import { resolveBaseUrl, serverAsSource } from "./base-url.js";
import { type BudgetGuard, type Reservation, withBudget } from "./budget.js";
import { createReservationRegistry, RESERVATION_HEADER } from "./budget-reservations.js";
import type { CallerTerms } from "./caller-terms.js";
import {
  type ResolvedCredentials,
  requireCredential as requireResolvedCredential,
  resolveCredentials,
  type SecretProvider,
} from "./credentials.js";
import { defaultEnv, type Env, envFlag } from "./env.js";
import { ALLOW_INSECURE_LOOPBACK_VARIABLE } from "./environment.js";
import { ThetaConfigError } from "./errors.js";
import type { FamilySpec } from "./families.js";
import { type HttpSettings, readHttpSettings } from "./http-settings.js";
import { withJsonAnswerErrors } from "./json-answer-errors.js";
import { type OperationCallOptions, operationInit, operationUrl } from "./operation-call.js";
import { operationMiddleware } from "./operation-middleware.js";
import type { OperationPolicy, OperationsTable } from "./operations.js";
import { createTransport, type Logger, type TextResponse, type ThetaTransport } from "./transport.js";

/** Read by the transport (transport.ts): the text of a string body, so it is not read back from a stream. */
const REQUEST_TEXT_BODY = Symbol.for("theta.transport.requestTextBody");

/**
 * The Request class handed to openapi-fetch: a plain Request (middleware sees nothing unusual) that
 * also keeps the text of a string body (openapi-fetch serializes JSON to a string). Made on first use:
 * touching the global `Request` loads Node's fetch implementation, which would slow every import.
 */
let familyRequest: typeof Request | undefined;
function familyRequestClass(): typeof Request | undefined {
  if (familyRequest === undefined && typeof Request !== "undefined") {
    familyRequest = class FamilyRequest extends Request {
      constructor(input: RequestInfo | URL, init?: RequestInit) {
        super(input, init);
        if (typeof init?.body === "string") {
          Object.defineProperty(this, REQUEST_TEXT_BODY, { value: init.body });
        }
      }
    };
  }
  return familyRequest;
}

export interface ClientOptions {
  /** Overrides the base URL variables and default of the family's default server. */
  baseUrl?: string;
  /** Base URL per server name, for families with more than one (e.g. `{ platform: "..." }`). */
  baseUrls?: Readonly<Partial<Record<string, string>>>;
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
  /** Allow plain `http://` to loopback hosts (the simulator). Default: `THETA_ALLOW_INSECURE_LOOPBACK`. */
  allowInsecureLoopback?: boolean;
  userAgent?: string;
  /** Largest success body read whole, counted after decoding (default 32 MiB); bigger is `response_too_large`. */
  maxResponseBytes?: number;
  /**
   * How errors name these options for your users (a CLI names its flags and variables). Default:
   * the option names.
   */
  callerTerms?: CallerTerms;
}

export type { CredentialValues } from "./auth-headers.js";

/** One server of a family: its base URL, typed client and transport. */
export interface ServerClient<Paths extends {}> {
  readonly name: string;
  readonly baseUrl: string;
  readonly api: Client<Paths>;
  readonly transport: ThetaTransport;
}

export interface FamilyClient<Paths extends {}> {
  /** The openapi-fetch client (typed by the generated `paths`). */
  readonly api: Client<Paths>;
  readonly family: string;
  /** Normalized base URL of the default server (no trailing slash). */
  readonly baseUrl: string;
  /** Plain `http://` to loopback hosts is allowed (option or THETA_ALLOW_INSECURE_LOOPBACK). */
  readonly allowInsecureLoopback: boolean;
  readonly http: HttpSettings;
  readonly budget?: BudgetGuard;
  /** The transport (usable as `fetch` for requests outside the typed API, e.g. presigned uploads). */
  readonly transport: ThetaTransport;
  /** Resolves the family's credentials once (secret provider → options → env) and caches them. */
  credentials(): Promise<ResolvedCredentials>;
  /** The credential `key`, or ThetaConfigError (missing_credential) — without any network call. */
  requireCredential(key: string): Promise<string>;
  /**
   * Another server of the family (`spec.servers`), built on first use with the same settings,
   * credentials and budget; its base URL comes from `baseUrls[name]`, else its variables and default.
   */
  server(name: string): ServerClient<Paths>;
  /**
   * Runs a billable call under the client's budget guard: reserves `estimateUsd`, runs `send` with the
   * headers that mark the request as reserved (pass them to the request), then settles the actual
   * cost (`actualUsd(result)`, else the estimate) or releases the reservation when the call was
   * certainly not charged. With a guard, a billable request sent without these headers is refused.
   * Without a guard, just runs `send`.
   */
  withBudget<T>(
    request: { estimateUsd: number; label?: string },
    send: (reservedHeaders: Record<string, string>) => Promise<T>,
    actualUsd?: (result: T) => number | undefined,
  ): Promise<T>;
  /**
   * For calls whose cost is known only later (a stream): reserves `estimateUsd` under the guard and
   * returns the reservation with the headers to send; settle or release it when the call ends.
   * Undefined without a guard.
   */
  reserve(request: { estimateUsd: number; label?: string }): Promise<ReservedCall | undefined>;
  /**
   * Calls an operation of the family's generated table straight through the transport of its
   * server (see operation-call.ts for when this beats the typed client). The transport is told the
   * operation, so its policy is exact.
   */
  call(operation: OperationPolicy, options?: OperationCallOptions): Promise<Response>;
  /** Like `call`, with the whole body read as text within the attempt (capped, retried for reads). */
  callText(operation: OperationPolicy, options?: OperationCallOptions): Promise<TextResponse>;
}

/** A budget reservation and the headers that mark its request as reserved. */
export interface ReservedCall extends Reservation {
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Builds a client for one API family. Its auth scheme (`spec.auth`) turns the resolved credentials into
 * request headers, sent only to URLs under the family's base URLs (never to presigned upload URLs).
 */
export function createFamilyClient<Paths extends {}>(
  spec: FamilySpec,
  operations: OperationsTable,
  options: ClientOptions & {
    credentials?: CredentialValues;
    /** How errors name the base URL option (default `baseUrl`; a dedicated endpoint's client says `endpoint`). */
    baseUrlOptionName?: string;
  },
): FamilyClient<Paths> {
  const env = options.env ?? defaultEnv();
  const overrides: Partial<HttpSettings> = {};
  if (options.timeoutMs !== undefined) overrides.timeoutMs = options.timeoutMs;
  if (options.maxRetries !== undefined) overrides.maxRetries = options.maxRetries;
  if (options.retryBackoffMs !== undefined) overrides.retryBackoffMs = options.retryBackoffMs;
  if (options.dryRun !== undefined) overrides.dryRun = options.dryRun;
  const http = readHttpSettings(env, overrides);
  const allowInsecureLoopback =
    options.allowInsecureLoopback ?? envFlag(env, ALLOW_INSECURE_LOOPBACK_VARIABLE) ?? false;
  const defaultServer = spec.servers[0]?.name;
  const baseUrl = resolveBaseUrl(spec, {
    option: options.baseUrl ?? (defaultServer === undefined ? undefined : options.baseUrls?.[defaultServer]),
    ...(options.baseUrlOptionName === undefined ? {} : { optionName: options.baseUrlOptionName }),
    env,
    allowInsecureLoopback,
    ...(defaultServer === undefined ? {} : { server: defaultServer }),
    ...(options.callerTerms ? { terms: options.callerTerms } : {}),
  });

  let resolved: Promise<ResolvedCredentials> | undefined;
  /** The credentials once `resolved` has settled successfully (they never change afterwards). */
  let settled: ResolvedCredentials | undefined;
  /** `authHeaders(spec.auth, settled.values)`, made once (the transport only reads it). */
  let headerValues: Record<string, string> = {};
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

  // Synchronous once the credentials are known: no await before each request is sent. A request
  // whose operation the spec does not mark public needs the family's credentials, except a
  // mutating one under dry-run (it is not sent: the plan shows where it would go).
  const headers = (policy: OperationPolicy): Record<string, string> | Promise<Record<string, string>> => {
    const needsCredentials = policy.public !== true && !(http.dryRun && policy.mutating);
    if (!settled) {
      return credentials().then((resolvedNow) => {
        if (needsCredentials) requireAuthCredentials(spec, resolvedNow, options.callerTerms);
        return authHeaders(spec.auth, resolvedNow.values);
      });
    }
    if (needsCredentials) requireAuthCredentials(spec, settled, options.callerTerms);
    if (authFor !== settled) {
      authFor = settled;
      headerValues = authHeaders(spec.auth, settled.values);
    }
    return headerValues;
  };
  const reservations = options.budget ? createReservationRegistry() : undefined;
  const reserveMarked = async (
    guard: BudgetGuard,
    estimateUsd: number,
    label?: string,
  ): Promise<ReservedCall> => {
    const reservation = await guard.reserve(estimateUsd, label);
    const mark = reservations?.open() ?? "";
    const close = () => reservations?.close(mark);
    return {
      id: reservation.id,
      estimateUsd: reservation.estimateUsd,
      headers: { [RESERVATION_HEADER]: mark },
      settle: (actualUsd) => {
        close();
        return reservation.settle(actualUsd);
      },
      release: () => {
        close();
        return reservation.release();
      },
    };
  };
  const build = (name: string, serverBaseUrl: string): ServerClient<Paths> => {
    const transport = createTransport({
      ...(reservations ? { reservations } : {}),
      family: spec.family,
      baseUrl: serverBaseUrl,
      operations,
      http,
      headers,
      allowInsecureLoopback,
      ...(options.callerTerms?.insecureLoopbackRemedy
        ? { insecureLoopbackRemedy: options.callerTerms.insecureLoopbackRemedy }
        : {}),
      fetch: options.fetch,
      logger: options.logger,
      userAgent: options.userAgent,
      ...(options.maxResponseBytes === undefined ? {} : { maxResponseBytes: options.maxResponseBytes }),
    });
    const requestClass = familyRequestClass();
    const api = createClient<Paths>(
      requestClass
        ? { baseUrl: serverBaseUrl, fetch: transport, Request: requestClass }
        : { baseUrl: serverBaseUrl, fetch: transport },
    );
    // Tells the transport which operation each typed request is, by its schema path.
    api.use(operationMiddleware(operations));
    withJsonAnswerErrors(api, operations);
    return { name, baseUrl: serverBaseUrl, api, transport };
  };
  const primary = build(defaultServer ?? spec.family, baseUrl);
  const servers = new Map<string, ServerClient<Paths>>([[primary.name, primary]]);
  const server = (name: string): ServerClient<Paths> => {
    const known = servers.get(name);
    if (known) return known;
    const serverSpec = spec.servers.find((candidate) => candidate.name === name);
    if (!serverSpec) {
      throw new ThetaConfigError({
        message: `The ${spec.title} has no server named "${name}"; use one of ${spec.servers.map((s) => s.name).join(", ")}`,
        variable: "server",
      });
    }
    const built = build(
      name,
      resolveBaseUrl(serverAsSource(serverSpec), {
        option: options.baseUrls?.[name],
        optionName: `baseUrls.${name}`,
        server: name,
        env,
        allowInsecureLoopback,
        ...(options.callerTerms ? { terms: options.callerTerms } : {}),
      }),
    );
    servers.set(name, built);
    return built;
  };

  // Made once: an operation call picks its server by name on every request.
  const serverNames = new Set(spec.servers.map((candidate) => candidate.name));
  const serverOf = (operation: OperationPolicy): ServerClient<Paths> =>
    operation.server === undefined || operation.server === primary.name || !serverNames.has(operation.server)
      ? primary
      : server(operation.server);

  const client: FamilyClient<Paths> = {
    api: primary.api,
    family: spec.family,
    baseUrl,
    allowInsecureLoopback,
    http,
    transport: primary.transport,
    credentials,
    requireCredential: async (key: string) =>
      requireResolvedCredential(spec, await credentials(), key, options.callerTerms),
    server,
    withBudget(request, send, actualUsd) {
      const guard = options.budget;
      if (!guard) return send({});
      let headers: Readonly<Record<string, string>> = {};
      // The guard, with each reservation marking the request it pays for.
      const marking: BudgetGuard = {
        capUsd: guard.capUsd,
        capSource: guard.capSource,
        snapshot: () => guard.snapshot(),
        reserve: async (estimateUsd, label) => {
          const reserved = await reserveMarked(guard, estimateUsd, label);
          headers = reserved.headers;
          return reserved;
        },
      };
      return withBudget(marking, request, () => send({ ...headers }), actualUsd);
    },
    call(operation, callOptions = {}) {
      try {
        const target = serverOf(operation);
        return target.transport(
          operationUrl(target.baseUrl, operation, callOptions),
          operationInit(operation, callOptions),
        );
      } catch (error) {
        return Promise.reject(error);
      }
    },
    callText(operation, callOptions = {}) {
      try {
        const target = serverOf(operation);
        return target.transport.text(
          operationUrl(target.baseUrl, operation, callOptions),
          operationInit(operation, callOptions),
        );
      } catch (error) {
        return Promise.reject(error);
      }
    },
    async reserve(request) {
      const guard = options.budget;
      return guard ? reserveMarked(guard, request.estimateUsd, request.label) : undefined;
    },
  };
  if (options.budget) (client as { budget?: BudgetGuard }).budget = options.budget;
  return client;
}
