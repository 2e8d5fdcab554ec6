/**
 * Template routes: the standard templates (not project-scoped, filtered by `category`, paged from 0)
 * and the project's custom templates, kept in memory.
 */
import { isoTime } from "../../clock.js";
import type { SimulatorCore } from "../../core.js";
import { HttpError, type RequestContext } from "../../http.js";
import type { JsonObject } from "../../json-object.js";
import type { RouteHandler } from "../module.js";
import { renderTemplate, STANDARD_TEMPLATES } from "./catalog.js";
import { bodyProject, pageOf, readObject, requireProject, success, textField } from "./request-checks.js";

const TEMPLATE_ID = /^img_[A-Za-z0-9]+$/;

/** Copies the fields a create or update sends onto the template (its id and project stay). */
function applyFields(body: JsonObject, template: JsonObject): void {
  for (const [field, value] of Object.entries(body)) {
    if (field === "project_id" || field === "id") continue;
    template[field] = value;
  }
}

export function createTemplateRoutes(core: SimulatorCore, startedAt: string) {
  const customTemplates = new Map<string, JsonObject>();

  const findCustomTemplate = (ctx: RequestContext): JsonObject => {
    const id = ctx.params.template_id ?? "";
    if (!TEMPLATE_ID.test(id)) throw new HttpError(400, "template_id must be a template id (img_...)");
    const template = customTemplates.get(id);
    if (!template) throw new HttpError(404, "template not found");
    return template;
  };

  return {
    listStandardTemplates(ctx) {
      const category = ctx.query.get("category");
      const matching = STANDARD_TEMPLATES.filter((template) => !category || template.category === category);
      const { page, number, items } = pageOf(ctx, matching, 0);
      success(ctx, {
        templates: items.map((template) => renderTemplate(template, startedAt)),
        total_count: String(matching.length),
        page,
        number,
      });
    },
    listCustomTemplates(ctx) {
      requireProject(core.projectId, ctx.query.get("project_id"), "project_id");
      const all = [...customTemplates.values()];
      const { page, number, items } = pageOf(ctx, all, 0);
      success(ctx, { templates: items, total_count: String(all.length), page, number });
    },
    async createCustomTemplate(ctx) {
      const body = await readObject(ctx, "a template with name and project_id");
      requireProject(core.projectId, bodyProject(body), "project_id");
      if (textField(body, "name") === undefined) throw new HttpError(400, "name is required");
      const id = `img_${core.rng.id(28)}`;
      const template: JsonObject = {
        id,
        project_id: core.projectId,
        category: "serving",
        tags: [],
        container_images: [],
        create_time: isoTime(core.clock.now()),
      };
      applyFields(body, template);
      customTemplates.set(id, template);
      success(ctx, template);
    },
    async updateCustomTemplate(ctx) {
      const body = await readObject(ctx, "the fields to change and project_id");
      requireProject(core.projectId, bodyProject(body), "project_id");
      const template = findCustomTemplate(ctx);
      applyFields(body, template);
      success(ctx, template);
    },
    deleteCustomTemplate(ctx) {
      requireProject(core.projectId, ctx.query.get("project_id"), "project_id");
      customTemplates.delete(String(findCustomTemplate(ctx).id));
      success(ctx, true);
    },
  } satisfies Record<string, RouteHandler>;
}
