/**
 * A hostile Theta on 127.0.0.1: `/<scenario>/<operation path>` answers the operation with the
 * scenario's fault (scenarios.ts). It counts the attempts of every billable call (by the `storm-<n>`
 * marker the storm puts in each prompt) and which of them may have run, so double sends can be found.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { gzipSync } from "node:zlib";
import { OVERSIZED_BYTES, SCENARIOS, type Scenario, SLOW_MS, TOOK_NOTHING } from "./scenarios.js";

export interface HostileServer {
  readonly url: string;
  /** Attempts per billable call marker: how many reached the server, and how many after one that may have run. */
  readonly attempts: ReadonlyMap<string, { sent: number; afterMayHaveRun: number }>;
  /** Costs the job answers report, in USD (for the spend-cap storm). */
  reportedCostUsd: number;
  close(): Promise<void>;
}

type Operation = "list" | "status" | "infer" | "chat";

function operationOf(method: string, path: string): Operation | undefined {
  if (method === "GET" && path === "/service/list") return "list";
  if (method === "POST" && path === "/infer_request/chat/completions") return "chat";
  if (method === "GET" && /^\/infer_request\/[^/]+$/.test(path)) return "status";
  if (method === "POST" && /^\/infer_request\/[^/]+$/.test(path)) return "infer";
  return undefined;
}

function normalAnswer(
  operation: Operation,
  costUsd: number,
  stream: boolean,
): { type: string; body: string } {
  if (operation === "list") {
    const services = [{ alias: "flux", name: "FLUX.1 schnell", id: "srvc_flux" }];
    return { type: "application/json", body: JSON.stringify({ status: "success", body: { services } }) };
  }
  if (operation === "status" || operation === "infer") {
    const request = {
      id: "infr_rqst_storm",
      state: "success",
      output: { image_url: "https://example.invalid/out.png" },
      cost_usd: costUsd,
    };
    return {
      type: "application/json",
      body: JSON.stringify({ status: "success", body: { infer_requests: [request] } }),
    };
  }
  if (stream) {
    const chunk = (delta: object, finish: string | null) =>
      `data: ${JSON.stringify({ id: "c1", object: "chat.completion.chunk", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    return {
      type: "text/event-stream",
      body: `${chunk({ role: "assistant", content: "hel" }, null)}${chunk({ content: "lo" }, null)}${chunk({}, "stop")}data: [DONE]\n\n`,
    };
  }
  const completion = {
    id: "c1",
    object: "chat.completion",
    choices: [{ index: 0, message: { role: "assistant", content: "hello" }, finish_reason: "stop" }],
    usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
  };
  return { type: "application/json", body: JSON.stringify(completion) };
}

/** A gzip body that decodes to 256 MiB of zeros (about 256 KiB on the wire), made once. */
let bomb: Buffer | undefined;
function gzipBomb(): Buffer {
  bomb ??= gzipSync(Buffer.alloc(256 * 1024 * 1024), { level: 9 });
  return bomb;
}

function writeOversizedJson(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "application/json" });
  const piece = Buffer.from(`${JSON.stringify({ alias: "x".repeat(1000) })},`);
  let written = 0;
  res.write('{"status":"success","body":{"services":[');
  const pump = (): void => {
    while (written < OVERSIZED_BYTES) {
      written += piece.length;
      if (!res.write(piece)) {
        res.once("drain", pump);
        return;
      }
    }
    res.end('{"alias":"end"}]}}');
  };
  res.on("error", () => {});
  pump();
}

function answer(
  scenario: Scenario,
  operation: Operation,
  req: IncomingMessage,
  res: ServerResponse,
  server: { costUsd: number; port: number },
  stream: boolean,
): void {
  const normal = normalAnswer(operation, server.costUsd, stream);
  const socket = req.socket;
  switch (scenario) {
    case "ok":
      res.writeHead(200, { "content-type": normal.type });
      res.end(normal.body);
      return;
    case "reset-before-headers":
      socket.destroy();
      return;
    case "reset-mid-body":
      res.writeHead(200, {
        "content-type": normal.type,
        "content-length": String(Buffer.byteLength(normal.body)),
      });
      res.write(normal.body.slice(0, Math.floor(normal.body.length / 2)));
      setTimeout(() => socket.destroy(), 20);
      return;
    case "short-content-length":
      res.writeHead(200, {
        "content-type": normal.type,
        "content-length": String(Buffer.byteLength(normal.body) + 50),
      });
      res.write(normal.body);
      setTimeout(() => socket.destroy(), 20);
      return;
    case "slow-headers":
      setTimeout(() => {
        if (socket.destroyed) return;
        res.writeHead(200, { "content-type": normal.type });
        res.end(normal.body);
      }, SLOW_MS);
      return;
    case "drip-body": {
      res.writeHead(200, { "content-type": normal.type });
      const bytes = Buffer.from(normal.body);
      const step = Math.max(1, Math.ceil(bytes.length / 20));
      let offset = 0;
      const timer = setInterval(
        () => {
          if (socket.destroyed) {
            clearInterval(timer);
            return;
          }
          res.write(bytes.subarray(offset, offset + step));
          offset += step;
          if (offset >= bytes.length) {
            clearInterval(timer);
            res.end();
          }
        },
        Math.ceil(SLOW_MS / 10),
      );
      return;
    }
    case "status-500-retry-after-garbage":
      res.writeHead(500, { "content-type": "application/json", "retry-after": "soon-ish" });
      res.end('{"status":"error","message":"internal"}');
      return;
    case "status-502-retry-after-negative":
      res.writeHead(502, { "content-type": "application/json", "retry-after": "-5" });
      res.end('{"status":"error","message":"bad gateway"}');
      return;
    case "status-503-retry-after-huge":
      res.writeHead(503, { "content-type": "application/json", "retry-after": "99999999" });
      res.end('{"status":"error","message":"unavailable"}');
      return;
    case "status-500-retry-after-past-date":
      res.writeHead(500, {
        "content-type": "application/json",
        "retry-after": "Wed, 21 Oct 2015 07:28:00 GMT",
      });
      res.end('{"status":"error","message":"internal"}');
      return;
    case "status-429-retry-after-ms-huge":
      res.writeHead(429, { "content-type": "application/json", "retry-after-ms": "1e12" });
      res.end('{"status":"error","message":"slow down"}');
      return;
    case "capacity-409":
      res.writeHead(409, { "content-type": "application/json" });
      res.end('{"status":"error","message":"No instances available"}');
      return;
    case "html-200":
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html><body>Just a moment...</body></html>");
      return;
    case "html-502":
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html><body>502 Bad Gateway</body></html>");
      return;
    case "oversized-json":
      writeOversizedJson(res);
      return;
    case "gzip-bomb":
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
      res.end(gzipBomb());
      return;
    case "redirect-cross-origin":
      res.writeHead(302, { location: `http://127.0.0.2:${server.port}${req.url ?? "/"}` });
      res.end();
      return;
    case "redirect-loop":
      res.writeHead(302, { location: req.url ?? "/" });
      res.end();
      return;
    case "truncated-sse":
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(
        `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: "hel" }, finish_reason: null }] })}\n\n`,
      );
      return;
    case "oversized-sse-line": {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.on("error", () => {});
      const piece = Buffer.alloc(1024 * 1024, 0x61);
      res.write("data: ");
      let left = 24;
      const pump = (): void => {
        while (left > 0) {
          left--;
          if (!res.write(piece)) {
            res.once("drain", pump);
            return;
          }
        }
        res.end("\n\n");
      };
      pump();
      return;
    }
    case "no-choices":
      res.writeHead(200, {
        "content-type": operation === "chat" && stream ? "text/event-stream" : "application/json",
      });
      res.end(
        operation === "chat" && stream
          ? 'data: {"error":"upstream exploded"}\n\ndata: [DONE]\n\n'
          : '{"error":"upstream exploded"}',
      );
      return;
  }
}

export async function startHostileServer(): Promise<HostileServer> {
  const attempts = new Map<string, { sent: number; afterMayHaveRun: number; mayHaveRun: boolean }>();
  const sockets = new Set<Socket>();
  const state = { costUsd: 0.01, port: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("error", () => {});
    res.on("error", () => {});
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://storm.invalid");
      const [, scenarioName, ...rest] = url.pathname.split("/");
      const scenario = SCENARIOS.find((name) => name === scenarioName);
      const operation = operationOf(req.method ?? "", `/${rest.join("/")}`);
      if (!scenario || !operation) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end('{"status":"error","message":"no such storm route"}');
        return;
      }
      const body = Buffer.concat(chunks).toString("utf8");
      const marker = /storm-\d+/.exec(body)?.[0];
      if (marker && (operation === "infer" || operation === "chat")) {
        const seen = attempts.get(marker) ?? { sent: 0, afterMayHaveRun: 0, mayHaveRun: false };
        seen.sent++;
        if (seen.mayHaveRun) seen.afterMayHaveRun++;
        if (!TOOK_NOTHING.has(scenario)) seen.mayHaveRun = true;
        attempts.set(marker, seen);
      }
      const stream = /"stream"\s*:\s*true/.test(body);
      answer(scenario, operation, req, res, state, stream);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.port = (server.address() as AddressInfo).port;
  const hostile: HostileServer = {
    url: `http://127.0.0.1:${state.port}`,
    attempts,
    get reportedCostUsd() {
      return state.costUsd;
    },
    set reportedCostUsd(value: number) {
      state.costUsd = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return hostile;
}
