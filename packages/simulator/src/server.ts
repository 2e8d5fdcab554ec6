import { randomInt } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FAMILIES, SERVER_NAMES, SERVERS, type ServerName } from "@theta/core";
import { authenticate } from "./authenticate.js";
import { CAPACITY_MESSAGE } from "./capacity.js";
import { realClock, sleep } from "./clock.js";
import type { SimulatorCore } from "./core.js";
import { DedicatedEndpoints } from "./dedicated-endpoints.js";
import { FAMILY_MODULES } from "./families/index.js";
import type { AnyFamilyModule, FamilyInstance } from "./families/module.js";
import type { OptionsByFamily } from "./families/module-types.js";
import { createFaultController } from "./faults.js";
import { createContext, drainBody, HttpError, type RequestContext } from "./http.js";
import { Ledger } from "./ledger.js";
import { mountFamilies } from "./mount.js";
import { hashString, Rng } from "./random.js";
import { matchRoute, type Route, type RouteMatch } from "./router.js";
import { servedModules } from "./served-modules.js";
import { Storage } from "./storage.js";
import { createStorageRoutes, STORAGE_HOST } from "./storage-host.js";
import { tokenOf } from "./token.js";
import type {
  FaultRule,
  RequestLogEntry,
  Simulator,
  SimulatorBaseUrls,
  SimulatorOptions,
  SimulatorServerName,
  SimulatorState,
  SimulatorTiming,
} from "./types.js";

export const DEFAULT_TIMING: Readonly<SimulatorTiming> = {
  jobMs: 300,
  pendingMs: 100,
  videoJobMs: 1500,
  chatTokenDelayMs: 2,
  firstTokenDelayMs: 20,
  warmupStepMs: 100,
};

/** Seed offset of the organization id, so that adding it did not shift the ids drawn from the seed. */
const PROJECT_KEY_SEED_OFFSET = 0xc0e7;
const ORG_SEED_OFFSET = 0x0a9c;

/**
 * Servers whose base URL is a user's own endpoint (a dedicated deployment): below their prefix, a
 * first path segment naming a deployment addresses that deployment's endpoint (dedicated-endpoints.ts).
 */
const USER_ENDPOINT_SERVERS: ReadonlySet<string> = new Set(
  Object.values(SERVERS)
    .filter((server) => "userEndpoint" in server && server.userEndpoint === true)
    .map((server) => server.name),
);

const LOG_CAP = 10_000;

/** Every prefix served: the servers of `@theta/core`, then the storage host. */
const SERVED_PREFIXES: readonly SimulatorServerName[] = [
  ...(SERVER_NAMES as readonly ServerName[]),
  STORAGE_HOST,
];

const SHARED_OPTIONS = new Set([
  "port",
  "seed",
  "clock",
  "timing",
  "balanceUsd",
  "maxUploadBytes",
  "uploadKeepBytes",
  "quiet",
  "log",
  "modules",
]);

function isPlainObject(value: unknown): value is object {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `options.<family>` of each module, as given (an empty object when absent). */
function familyOptions(
  modules: readonly AnyFamilyModule[],
  options: SimulatorOptions,
): Map<AnyFamilyModule, unknown> {
  const given = new Map<string, unknown>(Object.entries(options));
  return new Map(modules.map((module) => [module, given.get(module.family) ?? {}]));
}

function checkOptions(modules: readonly AnyFamilyModule[], options: SimulatorOptions): void {
  const fail = (message: string) => {
    throw new RangeError(`startSimulator: ${message}`);
  };
  const families = modules.map((module) => module.family as string);
  for (const key of Object.keys(options)) {
    if (!SHARED_OPTIONS.has(key) && !families.includes(key)) {
      fail(
        `unknown option "${key}"; options of one API family go under its name (options.<family>, family one of ${families.join(", ")})`,
      );
    }
  }
  if (
    options.port !== undefined &&
    !(Number.isInteger(options.port) && options.port >= 0 && options.port <= 65535)
  ) {
    fail("port must be an integer between 0 and 65535");
  }
  if (options.seed !== undefined && !Number.isFinite(options.seed)) fail("seed must be a finite number");
  if (options.balanceUsd !== undefined && !Number.isFinite(options.balanceUsd))
    fail("balanceUsd must be a finite number");
  for (const [key, value] of Object.entries(options.timing ?? {})) {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0))
      fail(`timing.${key} must be a finite number >= 0`);
  }
  for (const [module, value] of familyOptions(modules, options)) {
    if (!isPlainObject(value)) fail(`${module.family} must be an object of ${module.family} options`);
    module.checkOptions(value);
  }
}

function describeFault(rule: FaultRule): string {
  if (rule.action) return rule.action;
  if (rule.status !== undefined || rule.body !== undefined) return `status ${rule.status ?? 500}`;
  return rule.delayMs !== undefined ? `delay ${rule.delayMs}ms` : "headers";
}

function logLine(entry: RequestLogEntry): string {
  const fault = entry.fault ? ` [fault: ${entry.fault}]` : "";
  const op = entry.operationId ? ` ${entry.operationId}` : "";
  return `theta-simulator ${entry.method} /${entry.server}${entry.path} -> ${entry.status || "reset"}${op}${fault}`;
}

/**
 * Starts a simulator on 127.0.0.1 serving the built-in family modules and `options.modules`. The
 * options of an extra module go under `options.<family>` like a built-in one's.
 */
export async function startSimulator<const Extra extends readonly AnyFamilyModule[] = readonly []>(
  given?: Omit<SimulatorOptions, "modules"> & { readonly modules?: Extra } & OptionsByFamily<Extra>,
): Promise<Simulator<Extra>> {
  const options: SimulatorOptions = given ?? {};
  const modules = servedModules(FAMILY_MODULES, options.modules);
  checkOptions(modules, options);
  const seed = options.seed === undefined ? randomInt(1, 2 ** 31 - 1) : Math.trunc(options.seed);
  const clock = options.clock ?? realClock;
  const timing: SimulatorTiming = { ...DEFAULT_TIMING, ...stripUndefined(options.timing ?? {}) };
  const quiet = options.quiet ?? true;
  const log = options.log ?? ((line: string) => console.error(line));

  let baseUrl = "http://127.0.0.1:0";
  const rng = new Rng(seed);
  const ledger = new Ledger(clock, options.balanceUsd ?? 100);
  const storage = new Storage(
    `sim-secret-${seed}-${rng.hex(16)}`,
    clock,
    () => `${baseUrl}/${STORAGE_HOST}`,
    options.uploadKeepBytes ?? 1024 * 1024,
    options.maxUploadBytes ?? 2 * 1024 * 1024 * 1024,
  );
  const core: SimulatorCore = {
    get url() {
      return baseUrl;
    },
    seed,
    clock,
    timing,
    rng,
    ledger,
    storage,
    projectId: `prj_${rng.id(24)}`,
    projectKey: `sim_ec_${new Rng(seed ^ PROJECT_KEY_SEED_OFFSET).hex(32)}`,
    orgId: `org_${new Rng(seed ^ ORG_SEED_OFFSET).id(24)}`,
    endpoints: new DedicatedEndpoints(),
  };

  const started = new Map<AnyFamilyModule, FamilyInstance<Readonly<Record<string, string>>, unknown>>();
  for (const [module, moduleOptions] of familyOptions(modules, options)) {
    started.set(module, module.create(core, moduleOptions));
  }
  const hosts = mountFamilies(
    [...started].map(([module, instance]) => ({
      family: module.family,
      spec: module.spec,
      routes: instance.routes,
    })),
    SERVER_NAMES,
  );
  hosts.set(STORAGE_HOST, createStorageRoutes(storage));
  const faults = createFaultController(SERVED_PREFIXES);
  const requestLog: RequestLogEntry[] = [];
  let requestTotal = 0;
  const routeCounts = new Map<string, number>();

  const rayPart = (text: string) => hashString(text, seed).toString(16).padStart(8, "0");
  const count = (key: string) => routeCounts.set(key, (routeCounts.get(key) ?? 0) + 1);

  const applyFault = async (
    rule: FaultRule,
    ctx: RequestContext,
    headers: Record<string, string>,
  ): Promise<"handled" | "pass"> => {
    if (rule.delayMs) await sleep(rule.delayMs);
    Object.assign(headers, rule.headers ?? {});
    switch (rule.action) {
      case "reset-before-response":
        await drainBody(ctx.req);
        ctx.logEntry.status = 0;
        ctx.req.socket.destroy();
        return "handled";
      case "truncate-stream":
        ctx.mode = "truncate";
        return "pass";
      case "reset-mid-response":
        ctx.mode = "reset";
        return "pass";
      case "malformed-json":
        ctx.mode = "malformed";
        return "pass";
      case "redirect":
        await drainBody(ctx.req);
        ctx.send(302, "text/plain; charset=utf-8", "Found", {
          location: rule.redirectTo ?? `${baseUrl}/redirected`,
        });
        return "handled";
      case "capacity":
        await drainBody(ctx.req);
        ctx.error(409, CAPACITY_MESSAGE);
        return "handled";
      default:
        break;
    }
    if (rule.status !== undefined || rule.body !== undefined) {
      await drainBody(ctx.req);
      const status = rule.status ?? 500;
      if (typeof rule.body === "string") ctx.send(status, "text/plain; charset=utf-8", rule.body);
      else if (rule.body === undefined) ctx.error(status, `simulated HTTP ${status}`);
      else ctx.json(status, rule.body);
      return "handled";
    }
    return "pass";
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    requestTotal++;
    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL(req.url ?? "/", baseUrl);
    const segments = url.pathname.split("/");
    const server = segments[1] ?? "";
    const path = `/${segments.slice(2).join("/")}`;
    const entry: RequestLogEntry = { method, server, path, status: 0, time: clock.now() };
    requestLog.push(entry);
    if (requestLog.length > LOG_CAP) requestLog.splice(0, requestLog.length - LOG_CAP);
    const extraHeaders: Record<string, string> = {
      "cf-ray": `${rayPart(`${requestTotal}`)}${rayPart(`${requestTotal}:ray`)}-SIM`,
    };
    const ctx = createContext(req, res, url, server, path, entry, () => extraHeaders);
    let routedPath = path;
    if (USER_ENDPOINT_SERVERS.has(server)) {
      const addressed = core.endpoints.resolve(path);
      ctx.endpointKey = addressed.key;
      routedPath = addressed.path;
    }
    // Routing is pure, so it runs first: a fault rule may match on the family of the operation.
    const routes: readonly Route[] | undefined = hosts.get(server);
    const match: RouteMatch | undefined = routes && matchRoute(routes, method, routedPath);
    const family = match?.kind === "found" ? match.route.family : undefined;

    try {
      const rule = faults.take({ server, family, method, path });
      if (rule) {
        entry.fault = describeFault(rule);
        if ((await applyFault(rule, ctx, extraHeaders)) === "handled") return;
      }
      if (server === "") {
        ctx.json(200, {
          status: "success",
          body: { name: "theta-simulator", seed, base_urls: baseUrls(baseUrl) },
        });
        return;
      }
      if (server === "redirected") {
        ctx.json(200, { status: "success", body: { redirected: true } });
        return;
      }
      if (!match) {
        const known = (SERVED_PREFIXES as readonly string[]).includes(server);
        throw new HttpError(
          404,
          known
            ? `the ${server} server is not simulated yet`
            : `unknown API server "${server}"; base URLs are ${baseUrl}/<server> with server one of ${SERVED_PREFIXES.join(", ")}`,
        );
      }
      if (match.kind === "not-found")
        throw new HttpError(404, `route not found: ${method} /${server}${path}`);
      if (match.kind === "method-not-allowed") {
        extraHeaders.allow = match.allowed.join(", ");
        throw new HttpError(
          405,
          `method ${method} not allowed on /${server}${path}; use ${match.allowed.join(" or ")}`,
        );
      }
      entry.operationId = match.route.operationId;
      if (family) entry.family = family;
      count(match.route.operationId);
      ctx.params = match.params;
      // A dedicated endpoint checks the credentials it was created with itself, after its warm-up
      // answers (a warming endpoint answers 404/502/503 whatever the credentials).
      if (!match.route.public && family && ctx.endpointKey === undefined) {
        const spec = FAMILIES[family];
        const denied = authenticate(spec.auth, spec.credentials, req.headers);
        if (denied) {
          await drainBody(req);
          ctx.error(denied.status, denied.message);
          return;
        }
      }
      await match.route.handle(ctx);
    } catch (error) {
      if (res.headersSent || res.destroyed) {
        if (!res.writableEnded) res.destroy();
        return;
      }
      if (error instanceof HttpError) {
        if (!req.readableEnded) req.resume();
        ctx.error(error.status, error.message);
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      ctx.error(500, `simulator internal error: ${message}`);
    } finally {
      if (!quiet) log(logLine(entry));
    }
  };

  const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
    void handle(req, res);
  });
  server.on("clientError", (_error, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n");
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;

  const state: SimulatorState = {
    balanceUsd: () => ledger.balanceUsd(),
    spentUsd: () => ledger.spentUsd(),
    requests: () => requestTotal,
    requestCount(route) {
      if (route === undefined) return requestTotal;
      if (typeof route === "string" && routeCounts.has(route)) return routeCounts.get(route) ?? 0;
      return requestLog.filter((entry) => {
        const key = `${entry.method} /${entry.server}${entry.path}`;
        if (typeof route === "string") return key === route || entry.operationId === route;
        route.lastIndex = 0;
        return route.test(key);
      }).length;
    },
    log: () => requestLog.map((entry) => ({ ...entry })),
    upload: (filename) => storage.upload(filename),
    uploads: () => storage.uploads(),
  };

  // The module lists' tuple types map family names to each module's own types; the objects are built
  // from the same lists at run time, so the casts below only restate that mapping.
  const credentials: Record<string, Readonly<Record<string, string>>> = {};
  const tokens: Partial<Record<string, string>> = {};
  const handles: Record<string, unknown> = {};
  for (const [module, instance] of started) {
    credentials[module.family] = Object.freeze({ ...instance.credentials });
    const token = tokenOf(FAMILIES[module.family].auth, instance.credentials);
    if (token !== undefined) tokens[module.family] = token;
    handles[module.family] = instance.handle;
  }

  let closing: Promise<void> | undefined;
  return {
    url: baseUrl,
    port,
    seed,
    baseUrls: baseUrls(baseUrl),
    routes: Object.freeze(
      [...hosts].flatMap(([server, routes]) =>
        routes.map((route) =>
          Object.freeze({
            server: server as SimulatorServerName,
            method: route.method,
            path: route.path,
            operationId: route.operationId,
            ...(route.family ? { family: route.family } : {}),
            public: route.public,
          }),
        ),
      ),
    ),
    credentials: Object.freeze(credentials) as Simulator<Extra>["credentials"],
    tokens: Object.freeze(tokens) as Simulator<Extra>["tokens"],
    families: Object.freeze(handles) as Simulator<Extra>["families"],
    faults: {
      add: (rule) => faults.add(rule),
      clear: () => faults.clear(),
      hits: (rule) => faults.hits(rule),
    },
    state,
    setBalanceUsd(balanceUsd) {
      if (!Number.isFinite(balanceUsd))
        throw new RangeError("setBalanceUsd(balanceUsd): balanceUsd must be a finite number");
      ledger.setBalanceUsd(balanceUsd);
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function baseUrls(url: string): SimulatorBaseUrls {
  const urls: Partial<Record<SimulatorServerName, string>> = {};
  for (const prefix of SERVED_PREFIXES) urls[prefix] = `${url}/${prefix}`;
  return urls as SimulatorBaseUrls;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
