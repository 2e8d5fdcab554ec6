import type { FamilyName, ServerName } from "@theta/core";
import type {
  FamilyCredentials,
  FamilyHandles,
  FamilyOptions,
  SimulatedFamilyName,
} from "./families/index.js";
import type { AnyFamilyModule } from "./families/module.js";
import type {
  CredentialsByFamily,
  FamilyNameOf,
  HandlesByFamily,
  KnownEntries,
} from "./families/module-types.js";

/** A source of "now" in epoch milliseconds. The default is the real clock (`Date.now`). */
export interface SimulatorClock {
  now(): number;
}

/** A clock that only moves when told to; handy for stepping job lifecycles in tests. */
export interface ManualClock extends SimulatorClock {
  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void;
  /** Sets the clock to an absolute epoch-milliseconds value. */
  set(epochMs: number): void;
}

/** Durations that shape simulated work. All in milliseconds. */
export interface SimulatorTiming {
  /** Time from creation to `success`/`error` of an ordinary job (image, audio, text). Default 300. */
  jobMs: number;
  /** Time a job stays `pending` before it turns `processing`. Default 100 (capped at the job duration). */
  pendingMs: number;
  /** Duration of a `step_video` job per 50 frames. Default 1500. */
  videoJobMs: number;
  /** Delay between two streamed chat tokens. Default 2. */
  chatTokenDelayMs: number;
  /** Delay before the first streamed reasoning/content token. Default 20. */
  firstTokenDelayMs: number;
  /**
   * Length of one step of a deployment's scripted warm-up on the simulated clock: each status of the
   * template's sequence (e.g. 404, 502, 503, 401) is answered for this long, then the endpoint is ready.
   * Default 100.
   */
  warmupStepMs: number;
}

/**
 * The prefixes the simulator serves under `http://127.0.0.1:PORT/<server>`: one per server of
 * `@theta/core` (`SERVERS`), plus `storage`, the simulator's stand-in for the cloud storage that
 * presigned upload URLs and generated outputs point at.
 */
export type SimulatorServerName = ServerName | "storage";

export interface SimulatorOptions extends FamilyOptions {
  /** Port to listen on; 0 (the default) picks a free one. The server always binds 127.0.0.1. */
  port?: number;
  /** Seed for ids, replies, generated media and SSE write splitting. Random when omitted (see `Simulator.seed`). */
  seed?: number;
  /** Clock used for timestamps and job lifecycles. Default: real time. */
  clock?: SimulatorClock;
  /** Durations of simulated work (fast defaults). */
  timing?: Partial<SimulatorTiming>;
  /** Starting balance of the project in USD. Default 100. */
  balanceUsd?: number;
  /** Largest accepted upload in bytes (counted, not stored). Default 2 GiB. */
  maxUploadBytes?: number;
  /** How many leading bytes of each upload are kept in memory. Default 1 MiB. */
  uploadKeepBytes?: number;
  /** Silences the request log. Default true for `startSimulator()`; the bin logs unless `--quiet`. */
  quiet?: boolean;
  /** Where log lines go when not quiet. Default: `console.error`. */
  log?: (line: string) => void;
  /**
   * Family modules to serve besides the built-in ones (`FAMILY_MODULES`), e.g. a module for a spec
   * this package does not ship. Each is written with `defineFamilyModule` and brings its own spec
   * table; its family must be one of `@theta/core`'s families that no other module serves. Its options
   * go under `options.<family>`, its credentials and handle appear as `simulator.credentials.<family>`
   * and `simulator.families.<family>`, typed from the module.
   */
  modules?: readonly AnyFamilyModule[];
}

/** A scripted fault. The first matching rule with remaining `times` applies to a request. */
export interface FaultRule {
  /** Server whose requests match, by its prefix (`SimulatorServerName`; default any; `storage` for uploads and outputs). */
  server?: string;
  /** Family whose operations match (a `FamilyName`; default any): requests that route to one of its operations. */
  family?: string;
  /** HTTP method (case-insensitive, default any). */
  method?: string;
  /** Path below the server prefix (e.g. "/service/list"); a string must match exactly, a RegExp is tested. */
  path: string | RegExp;
  /** How many requests it applies to. Default 1; `Infinity` for always. */
  times?: number;
  /** Canned response status (default 500 when only `body` is given). */
  status?: number;
  /** Canned response body (JSON-encoded unless a string). */
  body?: unknown;
  /** Extra response headers (added to canned and passed-through responses). */
  headers?: Record<string, string>;
  /** Delay before answering (or before passing the request through). */
  delayMs?: number;
  /**
   * - `reset-before-response`: read the request body fully, then destroy the socket without answering.
   * - `reset-mid-response`: run the request, send the headers and part of the answer (SSE: a few events), then reset the connection.
   * - `truncate-stream`: run the request, then cut the answer: SSE stops after a few events (no finish, no `[DONE]`), JSON stops half way.
   * - `malformed-json`: run the request, then answer syntactically broken JSON (SSE: one broken `data:` line).
   * - `redirect`: answer 302 to `redirectTo` (default: `<simulator url>/redirected`).
   * - `capacity`: answer 409 `No instances available - try again later`.
   */
  action?:
    | "reset-before-response"
    | "reset-mid-response"
    | "truncate-stream"
    | "malformed-json"
    | "redirect"
    | "capacity";
  redirectTo?: string;
}

export interface FaultController {
  /** Adds a rule; returns a function that removes it. */
  add(rule: FaultRule): () => void;
  /** Removes every rule and forgets hit counts. */
  clear(): void;
  /** Hits of one rule, or of all rules when omitted. */
  hits(rule?: FaultRule): number;
}

/** One line of the request log (no bodies, no headers, no tokens). */
export interface RequestLogEntry {
  method: string;
  /** The path prefix the request came in under (a server name, or an unknown prefix). */
  server: string;
  /** Path below the server prefix, without the query string. */
  path: string;
  /** The family of the matched operation, when one matched (none on the storage host). */
  family?: FamilyName;
  /** Operation id of the matched route (e.g. `createChatCompletion`), when one matched. */
  operationId?: string;
  status: number;
  /** Set when a fault rule handled or altered the request. */
  fault?: string;
  /** Clock time the request arrived (epoch ms). */
  time: number;
}

export interface UploadInfo {
  filename: string;
  service: string;
  prediction: string;
  field: string;
  /** Bytes received (counted in full even when larger than what is kept). */
  size: number;
  /** SHA-256 of the full body, hex. */
  sha256: string;
  contentType?: string;
  /** The first `uploadKeepBytes` bytes. */
  head: Uint8Array;
}

export interface SimulatorState {
  /** Current balance in USD (starting balance minus everything billed). */
  balanceUsd(): number;
  /** Total billed in USD. */
  spentUsd(): number;
  /** Number of HTTP requests received (every server, faults included). */
  requests(): number;
  /**
   * Requests that matched a route: by operation id (`"createInferRequest"`), by `"METHOD /server/path"`
   * exactly, or by a RegExp tested against `"METHOD /server/path"`. All requests when omitted.
   */
  requestCount(route?: string | RegExp): number;
  /** The request log, oldest first (capped at the last 10 000 entries). */
  log(): RequestLogEntry[];
  /** Completed uploads, by filename. */
  upload(filename: string): UploadInfo | undefined;
  uploads(): UploadInfo[];
}

/** One route the simulator serves: `simulator.routes`. */
export interface SimulatorRoute {
  /** The prefix it is served under. */
  readonly server: SimulatorServerName;
  readonly method: string;
  /** OpenAPI path template below the prefix. */
  readonly path: string;
  readonly operationId: string;
  /** The family whose operation it is; none for the storage host's routes. */
  readonly family?: FamilyName;
  /** Served without credentials. */
  readonly public: boolean;
}

/** One base URL per server (`http://127.0.0.1:PORT/<server>`); servers without a module answer 404. */
export type SimulatorBaseUrls = { readonly [Server in SimulatorServerName]: string };

/**
 * A running simulator. `Extra` is the tuple of `options.modules` given to `startSimulator()`: their
 * credentials and handles are typed beside the built-in families'.
 */
export interface Simulator<Extra extends readonly AnyFamilyModule[] = readonly []> {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  /** The seed in use (the given one, or the random one picked at start). */
  seed: number;
  baseUrls: SimulatorBaseUrls;
  /**
   * Per simulated family, credentials it accepts, keyed like the family's credentials in `@theta/core`
   * (e.g. `credentials.<family>.apiToken`). Any other non-empty value is accepted too, except the
   * literal values `invalid` and `expired`.
   */
  credentials: FamilyCredentials & KnownEntries<Extra, CredentialsByFamily<Extra>>;
  /**
   * The token of each simulated family whose auth scheme has one (its Bearer token or first header).
   * @deprecated Use `credentials.<family>`, which names every credential.
   */
  tokens: Readonly<Partial<Record<SimulatedFamilyName | FamilyNameOf<Extra>, string>>>;
  /** Every route served, by server then as mounted (method, path and auth from the specs). */
  routes: readonly SimulatorRoute[];
  /** Per simulated family, its state and controls (e.g. the jobs it ran, its capacity). */
  families: FamilyHandles & KnownEntries<Extra, HandlesByFamily<Extra>>;
  faults: FaultController;
  state: SimulatorState;
  /** Sets the project balance (USD) from now on; what was billed so far stays in `spentUsd()`. */
  setBalanceUsd(balanceUsd: number): void;
  close(): Promise<void>;
}
