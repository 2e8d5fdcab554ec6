/**
 * A small in-memory controller and platform API on 127.0.0.1 for the tests (real loopback HTTP, no
 * mocks), until the simulator has a controller module. One server, three path prefixes: `/controller`,
 * `/platform` and `/endpoint/<suffix>` (the dedicated endpoint each deployment serves). It checks the
 * key and the project id like the real hosts, serves either route style, either stop/start method and
 * either create-answer shape, and records every request. Each endpoint walks a scripted warm-up
 * sequence of statuses, then serves OpenAI-compatible models and chat (SSE too) or Gradio config and
 * predict, behind the Basic Auth its deployment was created with.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  readonly method: string;
  /** The path without the host prefix, e.g. `/deployment/list`. */
  readonly path: string;
  readonly host: "controller" | "platform";
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage["headers"];
  readonly body: unknown;
}

export type CreateAnswerShape = "envelope" | "bare" | "string";

/** What one dedicated endpoint serves. */
export interface FakeEndpointOptions {
  /** `openai` (`/v1/models`, `/v1/chat/completions`) or `gradio` (`/config`, `/api/predict`). Default `openai`. */
  kind?: "openai" | "gradio";
  /** Statuses answered to the first requests, one each, before it is ready (e.g. `[404, 502, 503, 401]`). */
  warmup?: readonly number[];
  /** Answered once the warm-up is over instead of being ready (a deployment that never comes up). */
  stuckStatus?: number;
  /** The chat route answers 500 (a failing smoke chat). */
  chatFails?: boolean;
  /** Basic Auth required (the credentials the deployment was created with); none: public. */
  auth?: { readonly username: string; readonly password: string };
  /** The model `/v1/models` lists and chat answers name. */
  model?: string;
}

/** One endpoint's state: its options and the requests it answered. */
export interface FakeEndpoint {
  readonly url: string;
  readonly options: FakeEndpointOptions;
  /** Status of every answer, in order. */
  readonly statuses: number[];
  /** Values of the authorization header of every request, in order. */
  readonly authorizations: (string | undefined)[];
}

export const FAKE_ENDPOINT_MODEL = "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B";

export interface FakeControllerOptions {
  apiKey?: string;
  projectId?: string;
  orgId?: string;
  /** Which deployment route style exists (default `singular`). */
  routeStyle?: "singular" | "plural" | "both";
  /** Methods stop/start accept (default PUT only). */
  lifecycleMethods?: readonly ("PUT" | "POST")[];
  createShape?: CreateAnswerShape;
  /** VM list body (default: an array of three VM types with `price_hour`). */
  vmListBody?: unknown;
  /**
   * What each created deployment's endpoint serves (its Basic Auth is the one sent at creation). With
   * it, a deployment's `Endpoint` is its loopback URL `<base>/endpoint/<suffix>`; without it, an
   * `https://...onthetaedgecloud.com` host that serves nothing.
   */
  endpoint?: Omit<FakeEndpointOptions, "auth">;
  /** Deleting a deployment answers 500 and leaves it in place (a failed cleanup). */
  deleteFails?: boolean;
  /** What a deployment has cost when it is deleted, taken from the balance (default 0: 41.5 stays). */
  costPerDeployment?: number;
}

/** Returns true when it answered the request itself (the fake then does nothing more). */
export type Interceptor = (request: RecordedRequest, res: ServerResponse) => boolean;

export interface FakeController {
  readonly controllerUrl: string;
  readonly platformUrl: string;
  readonly apiKey: string;
  readonly projectId: string;
  readonly orgId: string;
  readonly requests: RecordedRequest[];
  /** Deployments alive now, by suffix. */
  readonly deployments: Map<string, Record<string, unknown>>;
  /** Dedicated endpoints by suffix (a deleted deployment's endpoint answers 404). */
  readonly endpoints: Map<string, FakeEndpoint>;
  /** Serves an endpoint of its own (no deployment) at `<base>/endpoint/<suffix>`. */
  serveEndpoint(suffix: string, options: FakeEndpointOptions): FakeEndpoint;
  options: FakeControllerOptions;
  /** Answers requests before the fake does (e.g. a reset); cleared by `reset()`. */
  intercept(interceptor: Interceptor | undefined): void;
  reset(options?: FakeControllerOptions): void;
  close(): Promise<void>;
}

export const DEFAULT_VM_TYPES = [
  { id: "vm_gt1", name: "G-T4_16GB-x1", price_hour: 0.5 },
  { id: "vm_ga1", name: "G-A100_80GB-x1", price_hour: "2.25" },
  { id: "vm_c1", name: "C-4vCPU" },
];

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

const notAllowed = { status: "error", message: "You are not allowed to perform this action" };

export async function startFakeController(initial: FakeControllerOptions = {}): Promise<FakeController> {
  const requests: RecordedRequest[] = [];
  const deployments = new Map<string, Record<string, unknown>>();
  const endpoints = new Map<string, FakeEndpoint>();
  const balance = { value: 41.5 };
  let baseUrl = "";
  const serveEndpoint = (suffix: string, endpointOptions: FakeEndpointOptions): FakeEndpoint => {
    const served: FakeEndpoint = {
      url: `${baseUrl}/endpoint/${suffix}`,
      options: endpointOptions,
      statuses: [],
      authorizations: [],
    };
    endpoints.set(suffix, served);
    return served;
  };
  let interceptor: Interceptor | undefined;
  let created = 0;
  const state = { options: initial };
  const key = () => state.options.apiKey ?? "test-ec-api-key-0123456789";
  const project = () => state.options.projectId ?? "prj_fakeproject1";
  const org = () => state.options.orgId ?? "org_fakeorg1";

  // Each branch ends with `return send(...)`: the answer is the last thing a branch does.
  const handle = (request: RecordedRequest, res: ServerResponse) => {
    if (interceptor?.(request, res)) return;
    const { method, path, host, query } = request;
    const options = state.options;
    if (host === "platform" && method === "GET" && path === "/resource/vm/list") {
      send(res, 200, { status: "success", body: options.vmListBody ?? DEFAULT_VM_TYPES });
      return;
    }
    if (request.headers["x-api-key"] !== key()) {
      send(res, 401, { status: "error", message: "invalid api key" });
      return;
    }
    if (host === "platform") {
      if (method === "GET" && path === "/balance") {
        if (query.get("orgID") !== org()) return send(res, 403, notAllowed);
        return send(res, 200, {
          status: "success",
          body: { balances: [{ org_id: org(), balance: balance.value }] },
        });
      }
      const projectRoute = /^\/project\/([^/]+)(\/.*)?$/.exec(path);
      if (projectRoute) {
        if (decodeURIComponent(projectRoute[1] ?? "") !== project()) return send(res, 403, notAllowed);
        const rest = projectRoute[2] ?? "";
        const projectBody = { id: project(), name: "Project X", org_id: org(), tva_id: null };
        if (rest === "" && method === "GET")
          return send(res, 200, { status: "success", body: { projects: [projectBody] } });
        if (rest === "" && method === "PUT") {
          const name = (request.body as { name?: string }).name;
          return send(res, 200, { status: "success", body: { projects: [{ ...projectBody, name }] } });
        }
        if (rest === "/users" && method === "GET") {
          return send(res, 200, {
            status: "success",
            body: { users: [{ id: "usr_member1", role: "admin", disabled: false }] },
          });
        }
        if (rest === "/user" && method === "POST") {
          const added = request.body as { user_id: string; role: string };
          return send(res, 200, {
            status: "success",
            body: { id: added.user_id, role: added.role, disabled: false },
          });
        }
        const member = /^\/user\/([^/]+)(\/enable)?$/.exec(rest);
        if (member && method === "DELETE" && !member[2]) return send(res, 204);
        if (member && method === "PUT" && member[2]) {
          return send(res, 200, {
            status: "success",
            body: { id: member[1], role: "viewer", disabled: false },
          });
        }
      }
      return send(res, 404, { status: "error", message: "Not Found" });
    }

    // The standard template list is not project-scoped.
    const projectScoped = path !== "/deployment_template/list_standard_templates";
    const projectId = path === "/volume/claim" ? query.get("projectId") : query.get("project_id");
    const bodyProject = (request.body as { project_id?: string } | undefined)?.project_id;
    if (
      projectScoped &&
      (method === "POST" && path === "/deployment" ? bodyProject : projectId) !== project()
    ) {
      return send(res, 403, notAllowed);
    }
    if (method === "GET" && path === "/deployment_template/list_standard_templates") {
      return send(res, 200, {
        status: "success",
        body: {
          templates: [
            { id: "img_grounding", name: "Grounding Dino", category: query.get("category") ?? "serving" },
          ],
          total_count: "1",
          page: Number(query.get("page") ?? 0),
          number: Number(query.get("number") ?? 10),
        },
      });
    }
    if (method === "GET" && path === "/deployment_template/list_custom_templates") {
      return send(res, 200, {
        status: "success",
        body: { templates: [], total_count: "0", page: 0, number: 10 },
      });
    }
    if (method === "GET" && path === "/cluster/list") {
      return send(res, 200, { status: "success", body: { clusters: [{ id: "cluster_1" }] } });
    }
    if (method === "GET" && path === "/volume/claim") {
      return send(res, 200, { status: "success", body: [{ name: "claim-1", size: "10Gi" }] });
    }
    if (method === "POST" && path === "/deployment") {
      created += 1;
      const sent = request.body as Record<string, unknown>;
      const suffix = `abc${created}`;
      const endpointOptions = options.endpoint;
      const endpoint = endpointOptions
        ? serveEndpoint(suffix, {
            ...endpointOptions,
            ...(typeof sent.auth_username === "string" && typeof sent.auth_password === "string"
              ? { auth: { username: sent.auth_username, password: sent.auth_password } }
              : {}),
          }).url
        : `https://mydeploy-${suffix}.tec-s1.onthetaedgecloud.com`;
      const deployment: Record<string, unknown> = {
        Name: `mydeploy-${suffix}`,
        ProjectID: project(),
        TemplateName: sent.deployment_template_id === "img_jupyter" ? "Jupyter Notebook" : "Grounding Dino",
        MachineType: sent.vm_id,
        Endpoint: endpoint,
        EndpointStatus: "Pending",
        BaseID: `base${created}`,
        Shard: 1,
        Suffix: suffix,
        AuthUsername: sent.auth_username ?? null,
        AuthPassword: sent.auth_password ?? null,
      };
      deployments.set(suffix, deployment);
      const shape = options.createShape ?? "envelope";
      if (shape === "bare") return send(res, 200, deployment);
      if (shape === "string")
        return send(res, 200, { status: "success", body: `Deployment created: ${endpoint}` });
      return send(res, 200, { status: "success", body: deployment });
    }

    const style = options.routeStyle ?? "singular";
    const styled = /^\/(deployment|deployments)(\/.*)$/.exec(path);
    if (!styled) return send(res, 404, { status: "error", message: "Not Found" });
    const plural = styled[1] === "deployments";
    if ((plural && style === "singular") || (!plural && style === "plural")) {
      return send(res, 404, { status: "error", message: "Not Found" });
    }
    const rest = styled[2] ?? "";
    if (rest === "/list" && method === "GET") {
      const only = query.get("template_name");
      const without = query.getAll("not_template_name");
      const list = [...deployments.values()].filter(
        (deployment) =>
          (only === null || deployment.TemplateName === only) &&
          !without.includes(String(deployment.TemplateName)),
      );
      return send(res, 200, { status: "success", body: list });
    }
    const lifecycle = /^\/([^/]+)\/([^/]+)(?:\/(stop|start))?$/.exec(rest);
    if (!lifecycle) return send(res, 404, { status: "error", message: "Not Found" });
    const [, , suffix, action] = lifecycle;
    if (action) {
      if (!(options.lifecycleMethods ?? ["PUT"]).includes(method as "PUT" | "POST")) {
        return send(res, 405, { status: "error", message: "Method Not Allowed" });
      }
    } else if (method !== "DELETE") {
      return send(res, 405, { status: "error", message: "Method Not Allowed" });
    }
    const deployment = deployments.get(decodeURIComponent(suffix ?? ""));
    if (!deployment) return send(res, 404, { status: "error", message: "deployment not found" });
    if (action === "stop") deployment.EndpointStatus = "Stopped";
    if (action === "start") deployment.EndpointStatus = "Running";
    if (!action) {
      if (options.deleteFails) return send(res, 500, { status: "error", message: "internal error" });
      deployments.delete(String(deployment.Suffix));
      endpoints.delete(String(deployment.Suffix));
      balance.value = Math.round((balance.value - (options.costPerDeployment ?? 0)) * 1e9) / 1e9;
      return send(res, 200, { status: "success", body: { value: 0 } });
    }
    // Lifecycle answers were never shown: answer an empty body, which the client must accept.
    return send(res, 200);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const match = /^\/(controller|platform)(\/.*)$/.exec(url.pathname);
      const text = Buffer.concat(chunks).toString("utf8");
      let body: unknown;
      try {
        body = text === "" ? undefined : (JSON.parse(text) as unknown);
      } catch {
        body = text;
      }
      const endpointMatch = /^\/endpoint\/([^/]+)(\/.*)$/.exec(url.pathname);
      if (endpointMatch) {
        const served = endpoints.get(endpointMatch[1] ?? "");
        if (!served) return send(res, 404, { detail: "Not Found" });
        served.authorizations.push(req.headers.authorization);
        const answered = answerEndpoint(served, req.method ?? "GET", endpointMatch[2] ?? "/", body, req, res);
        served.statuses.push(answered);
        return;
      }
      if (!match) {
        send(res, 404, { status: "error", message: "unknown host prefix" });
        return;
      }
      const request: RecordedRequest = {
        method: req.method ?? "GET",
        host: match[1] as "controller" | "platform",
        path: match[2] ?? "/",
        query: url.searchParams,
        headers: req.headers,
        body,
      };
      requests.push(request);
      try {
        handle(request, res);
      } catch {
        res.destroy();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  baseUrl = base;
  return {
    controllerUrl: `${base}/controller`,
    platformUrl: `${base}/platform`,
    get apiKey() {
      return key();
    },
    get projectId() {
      return project();
    },
    get orgId() {
      return org();
    },
    requests,
    deployments,
    endpoints,
    serveEndpoint,
    get options() {
      return state.options;
    },
    set options(next: FakeControllerOptions) {
      state.options = next;
    },
    intercept(next) {
      interceptor = next;
    },
    reset(options = {}) {
      state.options = options;
      interceptor = undefined;
      requests.length = 0;
      deployments.clear();
      endpoints.clear();
      balance.value = 41.5;
      created = 0;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function basicAuthOf(auth: { readonly username: string; readonly password: string }): string {
  return `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString("base64")}`;
}

function chatAnswer(model: string, stream: boolean, res: ServerResponse): number {
  const usage = { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 };
  if (!stream) {
    send(res, 200, {
      id: "chatcmpl-fake",
      object: "chat.completion",
      model,
      choices: [{ index: 0, message: { role: "assistant", content: "pong" }, finish_reason: "stop" }],
      usage,
    });
    return 200;
  }
  res.writeHead(200, { "content-type": "text/event-stream" });
  const chunk = (delta: Record<string, unknown>, finish: string | null) =>
    `data: ${JSON.stringify({ id: "chatcmpl-fake", object: "chat.completion.chunk", model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  res.write(chunk({ role: "assistant", content: "po" }, null));
  res.write(chunk({ content: "ng" }, null));
  res.write(chunk({}, "stop"));
  res.write(`data: ${JSON.stringify({ id: "chatcmpl-fake", choices: [], usage })}\n\n`);
  res.end("data: [DONE]\n\n");
  return 200;
}

/** Answers one request to a dedicated endpoint; returns the status sent. */
function answerEndpoint(
  served: FakeEndpoint,
  method: string,
  path: string,
  body: unknown,
  req: IncomingMessage,
  res: ServerResponse,
): number {
  const options = served.options;
  // The warm-up walks one status per request, whatever the request, as a starting pod does.
  const warming = options.warmup?.[served.statuses.length];
  if (warming !== undefined) {
    send(res, warming, { detail: `warming up (${warming})` });
    return warming;
  }
  if (options.stuckStatus !== undefined) {
    send(res, options.stuckStatus, { detail: "not ready" });
    return options.stuckStatus;
  }
  if (options.auth && req.headers.authorization !== basicAuthOf(options.auth)) {
    send(res, 401, { detail: "Unauthorized" });
    return 401;
  }
  const model = options.model ?? FAKE_ENDPOINT_MODEL;
  if ((options.kind ?? "openai") === "openai") {
    if (method === "GET" && path === "/v1/models") {
      send(res, 200, { object: "list", data: [{ id: model, object: "model", owned_by: "vllm" }] });
      return 200;
    }
    if (method === "POST" && path === "/v1/chat/completions") {
      if (options.chatFails) {
        send(res, 500, { object: "error", message: "CUDA out of memory" });
        return 500;
      }
      const request = body as { stream?: boolean; messages?: unknown } | undefined;
      if (!request || !Array.isArray(request.messages)) {
        send(res, 400, { object: "error", message: "messages is required" });
        return 400;
      }
      return chatAnswer(model, request.stream === true, res);
    }
  } else {
    if (method === "GET" && path === "/config") {
      send(res, 200, { version: "3.41.2", mode: "interface", components: [] });
      return 200;
    }
    if (method === "POST" && path === "/api/predict") {
      const request = body as { fn_index?: number; data?: unknown[] } | undefined;
      send(res, 200, {
        data: [`echo ${JSON.stringify(request?.data ?? [])}`],
        duration: 0.01,
        is_generating: false,
      });
      return 200;
    }
  }
  send(res, 404, { detail: "Not Found" });
  return 404;
}
