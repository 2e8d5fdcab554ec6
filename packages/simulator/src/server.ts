import { randomInt } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { realClock, sleep } from "./clock.js";
import type { SimCore } from "./core.js";
import { FAMILY_NAMES, type FamilyModule } from "./families/family.js";
import { CAPACITY_MESSAGE, createOndemandFamily } from "./families/ondemand.js";
import { createStorageFamily } from "./families/storage.js";
import { createFaultController } from "./faults.js";
import { createContext, drainBody, HttpError, type RequestContext } from "./http.js";
import { Ledger } from "./ledger.js";
import { hashString, Rng } from "./random.js";
import { matchRoute } from "./router.js";
import { Storage } from "./storage.js";
import type {
  FaultRule,
  RequestLogEntry,
  Simulator,
  SimulatorBaseUrls,
  SimulatorOptions,
  SimulatorState,
  SimulatorTiming,
} from "./types.js";

export const DEFAULT_TIMING: Readonly<SimulatorTiming> = {
  jobMs: 300,
  pendingMs: 100,
  videoJobMs: 1500,
  chatTokenDelayMs: 2,
  firstTokenDelayMs: 20,
};

const LOG_CAP = 10_000;

function checkOptions(options: SimulatorOptions): void {
  const fail = (message: string) => {
    throw new RangeError(`startSimulator: ${message}`);
  };
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
  for (const [alias, value] of Object.entries(options.capacity ?? {})) {
    if (!(Number.isInteger(value) && value >= 0)) fail(`capacity.${alias} must be an integer >= 0`);
  }
  if (options.presignedShape !== undefined && !["direct", "urls"].includes(options.presignedShape)) {
    fail('presignedShape must be "direct" or "urls"');
  }
  if (options.costShape !== undefined && !["cost", "cost_usd", "both"].includes(options.costShape)) {
    fail('costShape must be "cost", "cost_usd" or "both"');
  }
  if (options.errorField !== undefined && !["error", "error_message"].includes(options.errorField)) {
    fail('errorField must be "error" or "error_message"');
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
  return `theta-simulator ${entry.method} /${entry.family}${entry.path} -> ${entry.status || "reset"}${op}${fault}`;
}

/** Starts a simulator on 127.0.0.1. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  checkOptions(options);
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
    () => `${baseUrl}/storage`,
    options.uploadKeepBytes ?? 1024 * 1024,
    options.maxUploadBytes ?? 2 * 1024 * 1024 * 1024,
  );
  const capacity = new Map<string, number>(Object.entries(options.capacity ?? {}));
  const core: SimCore = {
    get url() {
      return baseUrl;
    },
    seed,
    clock,
    timing,
    presignedShape: options.presignedShape ?? "direct",
    costShape: options.costShape ?? "both",
    errorField: options.errorField ?? "error",
    rng,
    ledger,
    storage,
    capacity,
    projectId: `prj_${rng.id(24)}`,
  };

  const ondemand = createOndemandFamily(core);
  const families = new Map<string, FamilyModule>([
    ["ondemand", ondemand],
    ["storage", createStorageFamily(storage)],
  ]);
  const faults = createFaultController();
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
    const family = segments[1] ?? "";
    const path = `/${segments.slice(2).join("/")}`;
    const entry: RequestLogEntry = { method, family, path, status: 0, time: clock.now() };
    requestLog.push(entry);
    if (requestLog.length > LOG_CAP) requestLog.splice(0, requestLog.length - LOG_CAP);
    const extraHeaders: Record<string, string> = {
      "cf-ray": `${rayPart(`${requestTotal}`)}${rayPart(`${requestTotal}:ray`)}-SIM`,
    };
    const ctx = createContext(req, res, url, family, path, entry, () => extraHeaders);

    try {
      const rule = faults.take(family, method, path);
      if (rule) {
        entry.fault = describeFault(rule);
        if ((await applyFault(rule, ctx, extraHeaders)) === "handled") return;
      }
      if (family === "") {
        ctx.json(200, {
          status: "success",
          body: { name: "theta-simulator", seed, base_urls: baseUrls(baseUrl) },
        });
        return;
      }
      if (family === "redirected") {
        ctx.json(200, { status: "success", body: { redirected: true } });
        return;
      }
      const module = families.get(family);
      if (!module) {
        const known = (FAMILY_NAMES as readonly string[]).includes(family);
        throw new HttpError(
          404,
          known
            ? `the ${family} family is not simulated yet`
            : `unknown API family "${family}"; base URLs are ${baseUrl}/<family> with family one of ${FAMILY_NAMES.join(", ")}`,
        );
      }
      const match = matchRoute(module.routes, method, path);
      if (match.kind === "not-found")
        throw new HttpError(404, `route not found: ${method} /${family}${path}`);
      if (match.kind === "method-not-allowed") {
        extraHeaders.allow = match.allowed.join(", ");
        throw new HttpError(
          405,
          `method ${method} not allowed on /${family}${path}; use ${match.allowed.join(" or ")}`,
        );
      }
      entry.operationId = match.route.operationId;
      count(match.route.operationId);
      ctx.params = match.params;
      if (match.route.auth !== false && module.authenticate) {
        const denied = module.authenticate(ctx);
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
        const key = `${entry.method} /${entry.family}${entry.path}`;
        if (typeof route === "string") return key === route || entry.operationId === route;
        route.lastIndex = 0;
        return route.test(key);
      }).length;
    },
    log: () => requestLog.map((entry) => ({ ...entry })),
    upload: (filename) => storage.upload(filename),
    uploads: () => storage.uploads(),
    inferRequests: () => ondemand.inferRequests(),
  };

  let closing: Promise<void> | undefined;
  return {
    url: baseUrl,
    port,
    seed,
    baseUrls: baseUrls(baseUrl),
    tokens: { ondemand: `sim_ondemand_${new Rng(seed ^ 0x70c3).hex(32)}` },
    faults: {
      add: (rule) => faults.add(rule),
      clear: () => faults.clear(),
      hits: (rule) => faults.hits(rule),
    },
    state,
    setCapacity(alias, instances) {
      if (instances === undefined) capacity.delete(alias);
      else if (!(Number.isInteger(instances) && instances >= 0)) {
        throw new RangeError("setCapacity(alias, instances): instances must be an integer >= 0 or undefined");
      } else capacity.set(alias, instances);
    },
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
  return {
    ondemand: `${url}/ondemand`,
    controller: `${url}/controller`,
    api: `${url}/api`,
    video: `${url}/video`,
    agents: `${url}/agents`,
    chain: `${url}/chain`,
    storage: `${url}/storage`,
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
