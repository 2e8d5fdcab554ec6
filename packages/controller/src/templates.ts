/** Deployment templates: the standard ones and the project's own (custom) ones. */
import { callSettingsHeaders, ThetaValidationError } from "@theta/core";
import { withAccessExplained } from "./access-errors.js";
import { bodyOf, finiteNumber, isRecord, jsonAnswer, unexpectedAnswer } from "./answers.js";
import type { ControllerContext } from "./context.js";
import type { components } from "./generated/schema.js";
import { checkId, TEMPLATE_ID } from "./ids.js";
import type { RequestOptions } from "./request-options.js";
import type { Without } from "./without.js";

export type DeploymentTemplate = components["schemas"]["DeploymentTemplate"];
/** A custom template to create; `project_id` defaults to the client's. */
export type CustomTemplateInput = Without<components["schemas"]["TemplateCreate"], "project_id">;
/** The fields of a custom template to change. */
export type CustomTemplateChanges = Without<components["schemas"]["TemplateUpdate"], "project_id">;

/** One page of templates, whichever envelope the list used. */
export interface TemplatePage {
  readonly templates: DeploymentTemplate[];
  /** `total_count` as a number (the API sends a string). */
  readonly totalCount?: number;
  readonly page?: number;
  readonly number?: number;
}

export interface PageOptions extends RequestOptions {
  /** Page index (from 0). */
  page?: number;
  /** Page size. */
  number?: number;
}

export interface StandardTemplateOptions extends PageOptions {
  /** `prototyping` or `serving` (the values seen); every category when left out. */
  category?: "prototyping" | "serving" | (string & {});
}

export interface TemplatesResource {
  listStandard(options?: StandardTemplateOptions): Promise<TemplatePage>;
  /** The project's own templates. */
  listCustom(options?: PageOptions): Promise<TemplatePage>;
  /** Route and fields uncertain (seen only with dashboard session auth); the answer is returned as sent. */
  createCustom(template: CustomTemplateInput, options?: RequestOptions): Promise<unknown>;
  /** Route and fields uncertain; the answer is returned as sent. */
  updateCustom(
    templateId: string,
    changes: CustomTemplateChanges,
    options?: RequestOptions,
  ): Promise<unknown>;
  /** Route uncertain; the answer's `body` is returned as sent. */
  deleteCustom(templateId: string, options?: RequestOptions): Promise<unknown>;
}

function checkPaging(options: PageOptions, minimumPage: number): { page?: number; number?: number } {
  const paging: { page?: number; number?: number } = {};
  for (const [field, minimum] of [
    ["page", minimumPage],
    ["number", 1],
  ] as const) {
    const value = options[field];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < minimum) {
      throw new ThetaValidationError({
        field,
        message: `${field} must be an integer of at least ${minimum}, got ${String(value)}`,
        fix: `pass ${field} as a whole number (${field === "page" ? "the page index" : "the page size"})`,
      });
    }
    paging[field] = value;
  }
  return paging;
}

function templatePageOf(answer: unknown, operationId: string): TemplatePage {
  const body = bodyOf(answer);
  if (Array.isArray(body)) return { templates: body.filter(isRecord) };
  if (!isRecord(body) || !Array.isArray(body.templates)) {
    throw unexpectedAnswer(operationId, "no templates list in body");
  }
  const page: { -readonly [K in keyof TemplatePage]: TemplatePage[K] } = {
    templates: body.templates.filter(isRecord),
  };
  const totalCount = finiteNumber(body.total_count);
  const index = finiteNumber(body.page);
  const size = finiteNumber(body.number);
  if (totalCount !== undefined) page.totalCount = totalCount;
  if (index !== undefined) page.page = index;
  if (size !== undefined) page.number = size;
  return page;
}

function checkTemplateId(templateId: string): string {
  return checkId(templateId, TEMPLATE_ID, { field: "templateId" });
}

export function createTemplates(ctx: ControllerContext): TemplatesResource {
  const api = ctx.controller;
  return {
    async listStandard(options = {}) {
      const paging = checkPaging(options, 0);
      if (
        options.category !== undefined &&
        (typeof options.category !== "string" || options.category === "")
      ) {
        throw new ThetaValidationError({
          field: "category",
          message: "category must be a non-empty string",
          fix: 'pass "prototyping" or "serving", or leave it out',
        });
      }
      await ctx.requireKey(false);
      const query = options.category === undefined ? paging : { ...paging, category: options.category };
      const { data } = await withAccessExplained("project", () =>
        api.GET("/deployment_template/list_standard_templates", {
          params: { query },
          parseAs: "text",
          signal: options.signal,
          headers: callSettingsHeaders(options),
        }),
      );
      return templatePageOf(jsonAnswer("listStandardTemplates", data), "listStandardTemplates");
    },

    async listCustom(options = {}) {
      const paging = checkPaging(options, 0);
      await ctx.requireKey(false);
      const projectId = await ctx.projectId();
      const { data } = await withAccessExplained("project", () =>
        api.GET("/deployment_template/list_custom_templates", {
          params: { query: { project_id: projectId, ...paging } },
          parseAs: "text",
          signal: options.signal,
          headers: callSettingsHeaders(options),
        }),
      );
      return templatePageOf(jsonAnswer("listCustomTemplates", data), "listCustomTemplates");
    },

    async createCustom(template, options = {}) {
      if (!isRecord(template) || typeof template.name !== "string" || template.name.trim() === "") {
        throw new ThetaValidationError({
          field: "name",
          message: "A custom template needs a name",
          fix: "pass { name, container_images, container_port, ... }",
        });
      }
      await ctx.requireKey(true);
      const body = { ...template, project_id: await ctx.projectId() };
      const { data } = await withAccessExplained("project", () =>
        api.POST("/deployment_template", { body, parseAs: "text", signal: options.signal }),
      );
      return bodyOf(jsonAnswer("createCustomTemplate", data));
    },

    async updateCustom(templateId, changes, options = {}) {
      const id = checkTemplateId(templateId);
      if (!isRecord(changes)) {
        throw new ThetaValidationError({
          field: "changes",
          message: "changes must be an object of template fields",
          fix: 'pass e.g. { description: "..." }',
        });
      }
      await ctx.requireKey(true);
      const body = { ...changes, project_id: await ctx.projectId() };
      const { data } = await withAccessExplained("project", () =>
        api.PUT("/deployment_template/{template_id}", {
          params: { path: { template_id: id } },
          body,
          parseAs: "text",
          signal: options.signal,
          headers: callSettingsHeaders(options),
        }),
      );
      return bodyOf(jsonAnswer("updateCustomTemplate", data));
    },

    async deleteCustom(templateId, options = {}) {
      const id = checkTemplateId(templateId);
      await ctx.requireKey(true);
      const projectId = await ctx.projectId();
      const { data } = await withAccessExplained("project", () =>
        api.DELETE("/deployment_template/{template_id}", {
          params: { path: { template_id: id }, query: { project_id: projectId } },
          parseAs: "text",
          signal: options.signal,
          headers: callSettingsHeaders(options),
        }),
      );
      return bodyOf(jsonAnswer("deleteCustomTemplate", data));
    },
  };
}
