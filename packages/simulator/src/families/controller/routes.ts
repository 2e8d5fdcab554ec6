/**
 * The controller family on the simulator: the controller host (templates, deployments, clusters,
 * volume claims) and the platform host (VM types, balance, projects and members), one spec for both.
 * Every project-scoped route checks the project id like the real hosts: another one answers the real
 * `403 You are not allowed to perform this action`.
 */
import { isoTime } from "../../clock.js";
import type { SimulatorCore } from "../../core.js";
import type { controllerSpec } from "../../generated/controller.js";
import { HttpError, type RequestContext } from "../../http.js";
import type { HandlersOf, RouteHandler } from "../module.js";
import { isObject, type JsonObject } from "../ondemand/chat.js";
import {
  CLUSTERS,
  CONTAINER_IMAGE_TEMPLATE,
  renderTemplate,
  STANDARD_TEMPLATES,
  type TemplateSpec,
  VM_TYPES,
  VOLUME_CLAIMS,
} from "./catalog.js";
import { type DeploymentSummary, SimulatedDeployment } from "./deployment.js";
import { type ControllerOptions, controllerSettings } from "./options.js";

/** The answer of the real hosts to a project id that is not the key's project. */
export const NOT_ALLOWED_MESSAGE = "You are not allowed to perform this action";

/** The controller family's state and controls, as tests see it (`simulator.families.controller`). */
export interface ControllerHandle {
  /** Deployments created so far (deleted ones too, with status "Deleted"), oldest first. */
  deployments(): DeploymentSummary[];
}

export interface ControllerRoutes {
  routes: Record<string, RouteHandler>;
  handle: ControllerHandle;
}

type RouteStyle = "singular" | "plural";
type LifecycleAction = "stop" | "start";

interface Member {
  id: string;
  first_name: string | null;
  last_name: string | null;
  avatar_url: string | null;
  email: string | null;
  role: string;
  disabled: boolean;
  create_time: string;
}

const MEMBER_ROLES = ["admin", "editor", "viewer"];
const USER_ID = /^usr_[A-Za-z0-9]+$/;
const TEMPLATE_ID = /^img_[A-Za-z0-9]+$/;

function success(ctx: RequestContext, body: unknown): void {
  ctx.json(200, { status: "success", body });
}

/** A page of `items`: `page` from `firstPage`, `number` per page (all when absent). */
function pageOf<Item>(ctx: RequestContext, items: readonly Item[], firstPage: number) {
  const pageRaw = ctx.query.get("page");
  const numberRaw = ctx.query.get("number");
  const page = pageRaw === null || pageRaw === "" ? firstPage : Number(pageRaw);
  const number = numberRaw === null || numberRaw === "" ? Math.max(1, items.length) : Number(numberRaw);
  if (!Number.isInteger(page) || page < firstPage || !Number.isInteger(number) || number < 1) {
    throw new HttpError(400, `page must be an integer >= ${firstPage} and number an integer >= 1`);
  }
  const start = (page - firstPage) * number;
  return { page, number, items: items.slice(start, start + number) };
}

export function createControllerRoutes(core: SimulatorCore, options: ControllerOptions): ControllerRoutes {
  const settings = controllerSettings(options);
  const startedAt = isoTime(core.clock.now());
  const deployments: SimulatedDeployment[] = [];
  const customTemplates = new Map<string, JsonObject>();
  let projectName = "Simulated Project";
  const owner: Member = {
    id: `usr_${core.rng.id(20)}`,
    first_name: "Sim",
    last_name: "Owner",
    avatar_url: null,
    email: "owner@example.com",
    role: "admin",
    disabled: false,
    create_time: startedAt,
  };
  const members = new Map<string, Member>([[owner.id, owner]]);

  const requireProject = (given: string | null | undefined, field: string): void => {
    if (given === undefined || given === null || given === "") {
      throw new HttpError(
        400,
        `${field} is required: the project id (prj_...) of the project the key was created in`,
      );
    }
    if (given !== core.projectId) throw new HttpError(403, NOT_ALLOWED_MESSAGE);
  };

  const readObject = async (ctx: RequestContext, what: string): Promise<JsonObject> => {
    const body = await ctx.readJson();
    if (!isObject(body)) throw new HttpError(400, `request body must be a JSON object (${what})`);
    return body;
  };

  /** A route of a style the simulator was told does not exist answers like a missing route. */
  const requireStyle = (style: RouteStyle): void => {
    if (settings.routeStyle !== "both" && settings.routeStyle !== style) {
      throw new HttpError(404, "Not Found");
    }
  };

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

  const text = (body: JsonObject, field: string): string | undefined => {
    const value = body[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string" || value.length === 0)
      throw new HttpError(400, `${field} must be a non-empty string`);
    return value;
  };

  const stringMap = (body: JsonObject, field: string): Record<string, string> | null => {
    const value = body[field];
    if (value === undefined || value === null) return null;
    if (!isObject(value) || !Object.values(value).every((item) => typeof item === "string")) {
      throw new HttpError(400, `${field} must be an object of string values`);
    }
    return value as Record<string, string>;
  };

  // -------------------------------------------------------------------------------------------
  // Deployments

  const createDeployment = async (ctx: RequestContext): Promise<void> => {
    const body = await readObject(ctx, "a deployment with project_id and vm_id");
    requireProject(typeof body.project_id === "string" ? body.project_id : undefined, "project_id");
    const vmId = text(body, "vm_id");
    const vmType = VM_TYPES.find((candidate) => candidate.id === vmId);
    if (!vmType) {
      throw new HttpError(
        400,
        `vm_id ${vmId === undefined ? "is required" : `"${vmId}" is not a VM type`}; use one of ${VM_TYPES.map((vm) => vm.id).join(", ")}`,
      );
    }
    const templateId = text(body, "deployment_template_id");
    const containerImage = text(body, "container_image");
    let template: TemplateSpec;
    if (templateId !== undefined) {
      const found = STANDARD_TEMPLATES.find((candidate) => candidate.id === templateId);
      if (!found)
        throw new HttpError(
          400,
          `deployment_template_id "${templateId}" is not a template; list them with /deployment_template/list_standard_templates`,
        );
      template = found;
    } else if (containerImage !== undefined) {
      template = { ...CONTAINER_IMAGE_TEMPLATE, id: "", container_images: [containerImage] };
    } else {
      throw new HttpError(400, "deployment_template_id or container_image is required");
    }
    const username = text(body, "auth_username");
    const password = text(body, "auth_password");
    if ((username === undefined) !== (password === undefined)) {
      throw new HttpError(400, "auth_username and auth_password go together: give both or neither");
    }
    const annotations = stringMap(body, "annotations");
    stringMap(body, "env_vars");
    if (!core.ledger.canAfford(vmType.price_hour)) {
      throw new HttpError(
        402,
        `insufficient balance: a ${vmType.id} deployment costs ${vmType.price_hour} USD per hour`,
      );
    }
    const nickname = annotations?.nickname;
    const name =
      (nickname ?? template.name)
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, "") || "deployment";
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
      requireProject(ctx.query.get("project_id"), "project_id");
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
      requireProject(ctx.query.get("project_id"), "project_id");
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
      requireProject(ctx.query.get("project_id"), "project_id");
      const deployment = findDeployment(ctx);
      deployment.delete(core.clock.now());
      core.ledger.stopMeter(deployment);
      core.endpoints.remove(deployment.key);
      success(ctx, { value: 0 });
    };

  // -------------------------------------------------------------------------------------------
  // Templates

  const listStandardTemplates: RouteHandler = (ctx) => {
    const category = ctx.query.get("category");
    const matching = STANDARD_TEMPLATES.filter((template) => !category || template.category === category);
    const { page, number, items } = pageOf(ctx, matching, 0);
    success(ctx, {
      templates: items.map((template) => renderTemplate(template, startedAt)),
      total_count: String(matching.length),
      page,
      number,
    });
  };

  const listCustomTemplates: RouteHandler = (ctx) => {
    requireProject(ctx.query.get("project_id"), "project_id");
    const all = [...customTemplates.values()];
    const { page, number, items } = pageOf(ctx, all, 0);
    success(ctx, { templates: items, total_count: String(all.length), page, number });
  };

  const templateFields = (body: JsonObject, template: JsonObject): void => {
    for (const [field, value] of Object.entries(body)) {
      if (field === "project_id" || field === "id") continue;
      template[field] = value;
    }
  };

  const createCustomTemplate = async (ctx: RequestContext): Promise<void> => {
    const body = await readObject(ctx, "a template with name and project_id");
    requireProject(typeof body.project_id === "string" ? body.project_id : undefined, "project_id");
    if (text(body, "name") === undefined) throw new HttpError(400, "name is required");
    const template: JsonObject = {
      id: `img_${core.rng.id(28)}`,
      project_id: core.projectId,
      category: "serving",
      tags: [],
      container_images: [],
      create_time: isoTime(core.clock.now()),
    };
    templateFields(body, template);
    customTemplates.set(template.id as string, template);
    success(ctx, template);
  };

  const findCustomTemplate = (ctx: RequestContext): JsonObject => {
    const id = ctx.params.template_id ?? "";
    if (!TEMPLATE_ID.test(id)) throw new HttpError(400, "template_id must be a template id (img_...)");
    const template = customTemplates.get(id);
    if (!template) throw new HttpError(404, "template not found");
    return template;
  };

  const updateCustomTemplate = async (ctx: RequestContext): Promise<void> => {
    const body = await readObject(ctx, "the fields to change and project_id");
    requireProject(typeof body.project_id === "string" ? body.project_id : undefined, "project_id");
    const template = findCustomTemplate(ctx);
    templateFields(body, template);
    success(ctx, template);
  };

  const deleteCustomTemplate: RouteHandler = (ctx) => {
    requireProject(ctx.query.get("project_id"), "project_id");
    const template = findCustomTemplate(ctx);
    customTemplates.delete(template.id as string);
    success(ctx, true);
  };

  // -------------------------------------------------------------------------------------------
  // Platform: VM types, balance, projects

  const requireProjectPath = (ctx: RequestContext): void =>
    requireProject(ctx.params.project_id, "project_id");

  const projectBody = () => ({
    id: core.projectId,
    name: projectName,
    org_id: core.orgId,
    tva_id: null,
    gateway_id: null,
    create_time: startedAt,
  });

  const findMember = (ctx: RequestContext): Member => {
    const member = members.get(ctx.params.user_id ?? "");
    if (!member) throw new HttpError(404, "user is not a member of the project");
    return member;
  };

  const routes = {
    listStandardTemplates,
    listCustomTemplates,
    createCustomTemplate,
    updateCustomTemplate,
    deleteCustomTemplate,
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
    listClusters(ctx) {
      requireProject(ctx.query.get("project_id"), "project_id");
      success(ctx, { clusters: CLUSTERS });
    },
    listVolumeClaims(ctx) {
      // camelCase on this route only, as the one source shows.
      requireProject(ctx.query.get("projectId"), "projectId");
      success(ctx, pageOf(ctx, VOLUME_CLAIMS, 1).items);
    },
    listVmTypes(ctx) {
      success(ctx, VM_TYPES);
    },
    getOrganizationBalance(ctx) {
      const orgId = ctx.query.get("orgID");
      if (!orgId) throw new HttpError(400, "orgID is required: the organization id (org_...)");
      if (orgId !== core.orgId) throw new HttpError(403, NOT_ALLOWED_MESSAGE);
      success(ctx, { balances: [{ org_id: core.orgId, balance: core.ledger.balanceUsd() }] });
    },
    getProject(ctx) {
      requireProjectPath(ctx);
      success(ctx, { projects: [projectBody()] });
    },
    async renameProject(ctx) {
      requireProjectPath(ctx);
      const body = await readObject(ctx, '{"name": "..."}');
      const name = text(body, "name");
      if (name === undefined) throw new HttpError(400, "name is required");
      projectName = name;
      success(ctx, { projects: [projectBody()] });
    },
    listProjectMembers(ctx) {
      requireProjectPath(ctx);
      success(ctx, { users: [...members.values()].map((member) => ({ ...member })) });
    },
    async addProjectMember(ctx) {
      requireProjectPath(ctx);
      const body = await readObject(ctx, '{"user_id": "usr_...", "role": "viewer"}');
      const userId = body.user_id;
      if (typeof userId !== "string" || !USER_ID.test(userId))
        throw new HttpError(400, "user_id must be a user id (usr_...)");
      if (typeof body.role !== "string" || !MEMBER_ROLES.includes(body.role)) {
        throw new HttpError(400, `role must be one of ${MEMBER_ROLES.join(", ")}`);
      }
      const member: Member = members.get(userId) ?? {
        id: userId,
        first_name: null,
        last_name: null,
        avatar_url: null,
        email: null,
        role: body.role,
        disabled: false,
        create_time: isoTime(core.clock.now()),
      };
      member.role = body.role;
      member.disabled = false;
      members.set(userId, member);
      success(ctx, { ...member });
    },
    disableProjectMember(ctx) {
      requireProjectPath(ctx);
      findMember(ctx).disabled = true;
      ctx.send(204, "text/plain; charset=utf-8", "");
    },
    enableProjectMember(ctx) {
      requireProjectPath(ctx);
      const member = findMember(ctx);
      member.disabled = false;
      success(ctx, { ...member });
    },
  } satisfies HandlersOf<typeof controllerSpec>;

  return {
    routes,
    handle: {
      deployments() {
        const now = core.clock.now();
        return deployments.map((deployment) => deployment.summary(now));
      },
    },
  };
}
