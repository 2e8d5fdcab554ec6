/**
 * Deployments: list (and the dedicated / Jupyter / GPU-node views), create under the spend cap,
 * start, stop, delete, and the route probe. Lifecycle and list routes go through the route fallback.
 */
import {
  callSettingsHeaders,
  type HttpMethod,
  ThetaApiError,
  ThetaError,
  ThetaValidationError,
} from "@theta/core";
import { explainForbidden, withAccessExplained } from "./access-errors.js";
import { bodyOf, isRecord, jsonAnswer, lenientJson, unexpectedAnswer } from "./answers.js";
import type { ControllerContext } from "./context.js";
import {
  type DeploymentHandle,
  deploymentFromCreateAnswer,
  deploymentFromRecord,
} from "./deployment-handle.js";
import { type CreateDeploymentRequest, checkCreateRequest } from "./deployment-request.js";
import { type DeploymentSpendOptions, deploymentReservation } from "./deployment-spend.js";
import { controllerOperations } from "./generated/operations.js";
import { checkHandlePart, checkId, PROJECT_ID } from "./ids.js";
import type { RequestOptions } from "./request-options.js";
import {
  type Route,
  type RouteAction,
  type RouteAttempt,
  type RouteStyle,
  sendWithRouteFallback,
} from "./route-fallback.js";
import { explainUnknownCreate } from "./unknown-outcome.js";
import type { VmTypesResource } from "./vm-types.js";

/** The template name of Jupyter notebook deployments (a `template_name` filter value). */
export const JUPYTER_TEMPLATE_NAME = "Jupyter Notebook";
/** The template name of GPU node deployments. */
export const GPU_NODE_TEMPLATE_NAME = "GPU Node";

export interface ListDeploymentsOptions extends RequestOptions {
  /** Keep only deployments of this template (`template_name`), e.g. `Jupyter Notebook`. */
  templateName?: string;
  /** Leave out deployments of these templates (repeated `not_template_name`). */
  notTemplateNames?: readonly string[];
}

export interface CreateDeploymentOptions extends RequestOptions, DeploymentSpendOptions {}

/** What addresses a deployment: its shard and suffix (a `DeploymentHandle` will do). */
export interface DeploymentRef {
  readonly shard?: string | number;
  readonly suffix?: string;
}

/** The answer of start, stop or delete, and the route that gave it. */
export interface LifecycleResult {
  readonly operationId: string;
  readonly method: HttpMethod;
  readonly path: string;
  /** The answer's JSON, its text when it is not JSON, or undefined when empty. */
  readonly answer: unknown;
}

export interface RouteProbeEntry extends Route {
  /** True when the route answered 2xx. */
  readonly answered: boolean;
  readonly status?: number;
  /** The error code when it did not answer (e.g. `not_found`, `project_mismatch`, `connection_error`). */
  readonly code?: string;
}

export interface RouteProbeReport {
  /** Both list routes, in the order tried. */
  readonly list: readonly RouteProbeEntry[];
  /** The routes this client now uses first, per action (lifecycle routes are learnt when first used). */
  readonly remembered: Partial<Record<RouteAction, Route>>;
}

export interface DeploymentsResource {
  /** The project's deployments, normalized. */
  list(options?: ListDeploymentsOptions): Promise<DeploymentHandle[]>;
  /** Dedicated deployments: neither Jupyter notebooks nor GPU nodes. */
  listDedicated(options?: RequestOptions): Promise<DeploymentHandle[]>;
  listJupyter(options?: RequestOptions): Promise<DeploymentHandle[]>;
  listGpuNodes(options?: RequestOptions): Promise<DeploymentHandle[]>;
  /**
   * Creates a deployment; it bills by the hour until deleted. With a budget guard, `expectedHours` is
   * required and price × hours is reserved first. Never re-sent: a lost answer is reported, not retried.
   */
  create(request: CreateDeploymentRequest, options?: CreateDeploymentOptions): Promise<DeploymentHandle>;
  start(deployment: DeploymentRef, options?: RequestOptions): Promise<LifecycleResult>;
  stop(deployment: DeploymentRef, options?: RequestOptions): Promise<LifecycleResult>;
  /** Deletes the deployment (billing stops). */
  delete(deployment: DeploymentRef, options?: RequestOptions): Promise<LifecycleResult>;
  /** GETs both list routes and reports which answer; remembers the one that does. Sends no mutating call. */
  routeProbe(options?: RequestOptions): Promise<RouteProbeReport>;
}

function routeOf(operationId: keyof typeof controllerOperations, style: RouteStyle): Route {
  const { method, path } = controllerOperations[operationId];
  return { operationId, method, path, style };
}

const LIST_ROUTES = [routeOf("listDeployments", "singular"), routeOf("listDeploymentsPlural", "plural")];

type LifecycleAction = "start" | "stop" | "delete";

/** Path and query of a lifecycle call, shared by every route of the action. */
// A type alias, not an interface: openapi-fetch's options take an index signature.
type LifecycleInit = {
  params: { path: { shard: string; suffix: string }; query: { project_id: string } };
  parseAs: "text";
  signal: AbortSignal | undefined;
  /** The per-call timeoutMs / maxRetries, as headers the transport reads. */
  headers: Record<string, string>;
};

/** What a lifecycle sender returns: the answer's text (undefined when empty). */
type LifecycleSend = () => Promise<{ data?: string }>;

/** The routes of `action`, singular before plural, PUT before POST (route-fallback.ts). */
function lifecycleAttempts(
  api: ControllerContext["controller"],
  action: LifecycleAction,
  init: LifecycleInit,
): RouteAttempt<string | undefined>[] {
  const pairs: Array<[Route, LifecycleSend]> =
    action === "stop"
      ? [
          [routeOf("stopDeployment", "singular"), () => api.PUT("/deployment/{shard}/{suffix}/stop", init)],
          [
            routeOf("stopDeploymentByPost", "singular"),
            () => api.POST("/deployment/{shard}/{suffix}/stop", init),
          ],
          [
            routeOf("stopDeploymentPlural", "plural"),
            () => api.PUT("/deployments/{shard}/{suffix}/stop", init),
          ],
          [
            routeOf("stopDeploymentPluralByPost", "plural"),
            () => api.POST("/deployments/{shard}/{suffix}/stop", init),
          ],
        ]
      : action === "start"
        ? [
            [
              routeOf("startDeployment", "singular"),
              () => api.PUT("/deployment/{shard}/{suffix}/start", init),
            ],
            [
              routeOf("startDeploymentByPost", "singular"),
              () => api.POST("/deployment/{shard}/{suffix}/start", init),
            ],
            [
              routeOf("startDeploymentPlural", "plural"),
              () => api.PUT("/deployments/{shard}/{suffix}/start", init),
            ],
            [
              routeOf("startDeploymentPluralByPost", "plural"),
              () => api.POST("/deployments/{shard}/{suffix}/start", init),
            ],
          ]
        : [
            [routeOf("deleteDeployment", "singular"), () => api.DELETE("/deployment/{shard}/{suffix}", init)],
            [
              routeOf("deleteDeploymentPlural", "plural"),
              () => api.DELETE("/deployments/{shard}/{suffix}", init),
            ],
          ];
  return pairs.map(([route, send]) => ({ route, send: async () => (await send()).data }));
}

function checkTemplateName(value: unknown, field: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new ThetaValidationError({
      field,
      message: `${field} must be a non-empty template name`,
      fix: `pass a template name such as "${JUPYTER_TEMPLATE_NAME}" or "${GPU_NODE_TEMPLATE_NAME}"`,
    });
  }
  return value;
}

function deploymentsOf(answer: unknown, operationId: string): DeploymentHandle[] {
  const body = bodyOf(answer);
  const list = Array.isArray(body) ? body : isRecord(body) ? body.deployments : undefined;
  if (!Array.isArray(list)) throw unexpectedAnswer(operationId, "body is not a list of deployments");
  return list.filter(isRecord).map((record) => deploymentFromRecord(record));
}

export function createDeployments(ctx: ControllerContext, vmTypes: VmTypesResource): DeploymentsResource {
  const api = ctx.controller;

  const listAttempts = (
    query: { project_id: string; template_name?: string; not_template_name?: string[] },
    options: RequestOptions,
  ): RouteAttempt<{ answer: string | undefined; status: number }>[] => {
    const init = {
      params: { query },
      parseAs: "text" as const,
      signal: options.signal,
      headers: callSettingsHeaders(options),
    };
    const [singular, plural] = LIST_ROUTES as [Route, Route];
    return [
      {
        route: singular,
        send: async () => {
          const { data, response } = await api.GET("/deployment/list", init);
          return { answer: data, status: response.status };
        },
      },
      {
        route: plural,
        send: async () => {
          const { data, response } = await api.GET("/deployments/list", init);
          return { answer: data, status: response.status };
        },
      },
    ];
  };

  const list = async (options: ListDeploymentsOptions = {}): Promise<DeploymentHandle[]> => {
    const query: { project_id: string; template_name?: string; not_template_name?: string[] } = {
      project_id: "",
    };
    if (options.templateName !== undefined) {
      query.template_name = checkTemplateName(options.templateName, "templateName");
    }
    if (options.notTemplateNames !== undefined) {
      query.not_template_name = [...options.notTemplateNames].map((name, index) =>
        checkTemplateName(name, `notTemplateNames[${index}]`),
      );
    }
    await ctx.requireKey(false);
    query.project_id = await ctx.projectId();
    const { value, route } = await withAccessExplained("project", () =>
      sendWithRouteFallback(ctx.routes, "list", listAttempts(query, options)),
    );
    return deploymentsOf(jsonAnswer(route.operationId, value.answer), route.operationId);
  };

  const lifecycle = async (
    action: LifecycleAction,
    deployment: DeploymentRef,
    options: RequestOptions,
  ): Promise<LifecycleResult> => {
    if (deployment === null || typeof deployment !== "object") {
      throw new ThetaValidationError({
        field: "deployment",
        message: `${action} needs the deployment's { shard, suffix }`,
        fix: "pass a handle from deployments.list() or deployments.create()",
      });
    }
    const shard = checkHandlePart(deployment.shard, "shard");
    const suffix = checkHandlePart(deployment.suffix, "suffix");
    await ctx.requireKey(true);
    const init: LifecycleInit = {
      params: { path: { shard, suffix }, query: { project_id: await ctx.projectId() } },
      parseAs: "text",
      signal: options.signal,
      headers: callSettingsHeaders(options),
    };
    const attempts = lifecycleAttempts(api, action, init);
    const { value, route } = await withAccessExplained("project", () =>
      sendWithRouteFallback(ctx.routes, action, attempts),
    );
    return {
      operationId: route.operationId,
      method: route.method,
      path: route.path,
      answer: lenientJson(value),
    };
  };

  return {
    list,
    listDedicated: (options = {}) =>
      list({ ...options, notTemplateNames: [JUPYTER_TEMPLATE_NAME, GPU_NODE_TEMPLATE_NAME] }),
    listJupyter: (options = {}) => list({ ...options, templateName: JUPYTER_TEMPLATE_NAME }),
    listGpuNodes: (options = {}) => list({ ...options, templateName: GPU_NODE_TEMPLATE_NAME }),

    async create(request, options = {}) {
      checkCreateRequest(request);
      const projectId =
        request.project_id === undefined
          ? await ctx.projectId()
          : checkId(request.project_id, PROJECT_ID, { field: "project_id" });
      await ctx.requireKey(true);
      const reservation = await deploymentReservation(ctx, vmTypes, request, options, options.signal);
      const body = { ...request, project_id: projectId };
      const send = async (reservedHeaders: Record<string, string> = {}): Promise<string | undefined> => {
        try {
          const { data } = await api.POST("/deployment", {
            body,
            parseAs: "text",
            headers: { ...reservedHeaders, ...callSettingsHeaders(options) },
            signal: options.signal,
          });
          return data;
        } catch (error) {
          throw explainUnknownCreate(error);
        }
      };
      const answer = await withAccessExplained("project", () =>
        reservation ? ctx.family.withBudget(reservation, send) : send(),
      );
      const handle = deploymentFromCreateAnswer(lenientJson(answer), body);
      if (!handle) {
        throw new ThetaApiError({
          status: 200,
          operationId: "createDeployment",
          code: "api_error",
          retriable: false,
          serverMessage: "unexpected response: no deployment and no endpoint URL in the answer",
          fix: "The deployment was probably created and bills by the hour: list deployments (deployments.list()) to find it, and delete it if you do not want it",
        });
      }
      return handle;
    },

    start: (deployment, options = {}) => lifecycle("start", deployment, options),
    stop: (deployment, options = {}) => lifecycle("stop", deployment, options),
    delete: (deployment, options = {}) => lifecycle("delete", deployment, options),

    async routeProbe(options = {}) {
      await ctx.requireKey(false);
      const query = { project_id: await ctx.projectId() };
      const entries: RouteProbeEntry[] = [];
      let answering: Route | undefined;
      for (const attempt of listAttempts(query, options)) {
        try {
          const { status } = await attempt.send();
          entries.push({ ...attempt.route, answered: true, status });
          answering ??= attempt.route;
        } catch (error) {
          const explained = explainForbidden(error, "project");
          if (!ThetaError.isInstance(explained)) throw error;
          entries.push(
            ThetaApiError.isInstance(explained)
              ? { ...attempt.route, answered: false, status: explained.status, code: explained.code }
              : { ...attempt.route, answered: false, code: explained.code },
          );
        }
      }
      if (answering) ctx.routes.remember("list", answering);
      return { list: entries, remembered: ctx.routes.snapshot() };
    },
  };
}
