/**
 * Deployment routes: create, list, stop/start and delete, on both route styles (singular
 * `/deployment/...`, plural `/deployments/...`) and both stop/start methods (PUT, POST), each its own
 * operation of the spec. The options say which exist; the others answer like a missing route (404) or
 * a wrong method (405), so the client's fallback meets what it would meet live.
 */
import type { SimulatorCore } from "../../core.js";
import { HttpError, type RequestContext } from "../../http.js";
import type { RouteHandler } from "../module.js";
import { CONTAINER_IMAGE_TEMPLATE, STANDARD_TEMPLATES, type TemplateSpec, VM_TYPES } from "./catalog.js";
import { SimulatedDeployment } from "./deployment.js";
import type { ControllerSettings } from "./options.js";
import {
  bodyProject,
  readObject,
  requireProject,
  stringMapField,
  success,
  textField,
} from "./request-checks.js";

type RouteStyle = "singular" | "plural";
type LifecycleAction = "stop" | "start";

/** The deployment's name: its nickname annotation or its template's name, as a host label. */
function hostLabel(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "deployment"
  );
}

function templateOf(templateId: string | undefined, containerImage: string | undefined): TemplateSpec {
  if (templateId !== undefined) {
    const found = STANDARD_TEMPLATES.find((candidate) => candidate.id === templateId);
    if (!found) {
      throw new HttpError(
        400,
        `deployment_template_id "${templateId}" is not a template; list them with /deployment_template/list_standard_templates`,
      );
    }
    return found;
  }
  if (containerImage !== undefined)
    return { ...CONTAINER_IMAGE_TEMPLATE, id: "", container_images: [containerImage] };
  throw new HttpError(400, "deployment_template_id or container_image is required");
}

export function createDeploymentRoutes(
  core: SimulatorCore,
  settings: ControllerSettings,
  deployments: SimulatedDeployment[],
) {
  const requireProjectQuery = (ctx: RequestContext) =>
    requireProject(core.projectId, ctx.query.get("project_id"), "project_id");

  /** A route of a style the simulator was told does not exist answers like a missing route. */
  const requireStyle = (style: RouteStyle): void => {
    if (settings.routeStyle !== "both" && settings.routeStyle !== style)
      throw new HttpError(404, "Not Found");
  };

  /** False (having answered 405) when stop/start do not take the request's method. */
  const requireMethod = (ctx: RequestContext, style: RouteStyle): boolean => {
    const { lifecycleMethod } = settings;
    if (lifecycleMethod === "both" || lifecycleMethod === ctx.method) return true;
    const prefix = style === "singular" ? "deployment" : "deployments";
    ctx.json(
      405,
      {
        status: "error",
        message: `Method Not Allowed: use ${lifecycleMethod} /${prefix}/{shard}/{suffix}/...`,
      },
      { allow: lifecycleMethod },
    );
    return false;
  };

  const findDeployment = (ctx: RequestContext): SimulatedDeployment => {
    const { shard, suffix } = ctx.params;
    const found = deployments.find(
      (deployment) =>
        !deployment.deleted && String(deployment.init.shard) === shard && deployment.init.suffix === suffix,
    );
    if (!found) throw new HttpError(404, "deployment not found");
    return found;
  };

  const createDeployment = async (ctx: RequestContext): Promise<void> => {
    const body = await readObject(ctx, "a deployment with project_id and vm_id");
    requireProject(core.projectId, bodyProject(body), "project_id");
    const vmId = textField(body, "vm_id");
    const vmType = VM_TYPES.find((candidate) => candidate.id === vmId);
    if (!vmType) {
      const problem = vmId === undefined ? "is required" : `"${vmId}" is not a VM type`;
      throw new HttpError(400, `vm_id ${problem}; use one of ${VM_TYPES.map((vm) => vm.id).join(", ")}`);
    }
    const containerImage = textField(body, "container_image");
    const template = templateOf(textField(body, "deployment_template_id"), containerImage);
    const username = textField(body, "auth_username");
    const password = textField(body, "auth_password");
    if ((username === undefined) !== (password === undefined)) {
      throw new HttpError(400, "auth_username and auth_password go together: give both or neither");
    }
    const annotations = stringMapField(body, "annotations");
    stringMapField(body, "env_vars");
    // The first hour is charged at creation, so it must be affordable.
    if (!core.ledger.canAfford(vmType.price_hour)) {
      throw new HttpError(
        402,
        `insufficient balance: a ${vmType.id} deployment costs ${vmType.price_hour} USD per hour`,
      );
    }
    const name = hostLabel(annotations?.nickname ?? template.name);
    const suffix = core.rng.hex(16);
    const deployment = new SimulatedDeployment({
      name,
      suffix,
      shard: 1,
      baseId: `base_${core.rng.id(20)}`,
      projectId: core.projectId,
      template,
      vmType,
      containerImage: containerImage ?? template.container_images[0] ?? "",
      annotations,
      auth: username !== undefined && password !== undefined ? { username, password } : undefined,
      endpointUrl: `${core.url}/inference/${name}-${suffix}`,
      warmup: settings.warmup ?? template.warmup,
      warmupStepMs: core.timing.warmupStepMs,
      createdAt: core.clock.now(),
    });
    deployments.push(deployment);
    core.endpoints.register(deployment.endpoint);
    core.ledger.addMeter(deployment);
    const record = deployment.render(core.clock.now());
    if (settings.createShape === "bare") ctx.json(200, record);
    else if (settings.createShape === "string")
      success(ctx, `Deployment created: ${deployment.init.endpointUrl}`);
    else success(ctx, record);
  };

  const listDeployments =
    (style: RouteStyle): RouteHandler =>
    (ctx) => {
      requireStyle(style);
      requireProjectQuery(ctx);
      const only = ctx.query.get("template_name");
      const without = ctx.query.getAll("not_template_name");
      const now = core.clock.now();
      success(
        ctx,
        deployments
          .filter((deployment) => !deployment.deleted)
          .filter((deployment) => only === null || deployment.init.template.name === only)
          .filter((deployment) => !without.includes(deployment.init.template.name))
          .map((deployment) => deployment.render(now)),
      );
    };

  const lifecycle =
    (action: LifecycleAction, style: RouteStyle): RouteHandler =>
    (ctx) => {
      requireStyle(style);
      if (!requireMethod(ctx, style)) return;
      requireProjectQuery(ctx);
      const deployment = findDeployment(ctx);
      const now = core.clock.now();
      if (action === "stop") deployment.stop(now);
      else deployment.start(now);
      success(ctx, null);
    };

  const deleteDeployment =
    (style: RouteStyle): RouteHandler =>
    (ctx) => {
      requireStyle(style);
      requireProjectQuery(ctx);
      const deployment = findDeployment(ctx);
      deployment.delete(core.clock.now());
      core.ledger.stopMeter(deployment);
      core.endpoints.remove(deployment.key);
      success(ctx, { value: 0 });
    };

  return {
    createDeployment,
    listDeployments: listDeployments("singular"),
    listDeploymentsPlural: listDeployments("plural"),
    deleteDeployment: deleteDeployment("singular"),
    deleteDeploymentPlural: deleteDeployment("plural"),
    stopDeployment: lifecycle("stop", "singular"),
    stopDeploymentByPost: lifecycle("stop", "singular"),
    stopDeploymentPlural: lifecycle("stop", "plural"),
    stopDeploymentPluralByPost: lifecycle("stop", "plural"),
    startDeployment: lifecycle("start", "singular"),
    startDeploymentByPost: lifecycle("start", "singular"),
    startDeploymentPlural: lifecycle("start", "plural"),
    startDeploymentPluralByPost: lifecycle("start", "plural"),
  } satisfies Record<string, RouteHandler>;
}
