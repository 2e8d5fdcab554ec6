/** The client's project and its members (platform host). */
import { callSettingsHeaders, ThetaValidationError } from "@theta/core";
import { withAccessExplained } from "./access-errors.js";
import { bodyOf, isRecord, jsonAnswer, unexpectedAnswer } from "./answers.js";
import type { ControllerContext } from "./context.js";
import type { components } from "./generated/schema.js";
import { checkId, USER_ID } from "./ids.js";
import type { RequestOptions } from "./request-options.js";

export type Project = components["schemas"]["Project"];
export type ProjectMember = components["schemas"]["ProjectMember"];
export type ProjectRole = components["schemas"]["ProjectMemberAdd"]["role"];

const ROLES: readonly ProjectRole[] = ["admin", "editor", "viewer"];

export interface ProjectsResource {
  /** The project (`body.projects[0]`). */
  get(options?: RequestOptions): Promise<Project>;
  rename(name: string, options?: RequestOptions): Promise<Project>;
  /** The members (`body.users`). Whether the project key suffices is uncertain (see the spec). */
  members(options?: RequestOptions): Promise<ProjectMember[]>;
  addMember(userId: string, role: ProjectRole, options?: RequestOptions): Promise<ProjectMember>;
  /** Disables a member (answers 204). */
  disableMember(userId: string, options?: RequestOptions): Promise<void>;
  enableMember(userId: string, options?: RequestOptions): Promise<ProjectMember>;
}

function projectOf(answer: unknown, operationId: string): Project {
  const body = bodyOf(answer);
  const first = isRecord(body) && Array.isArray(body.projects) ? body.projects.find(isRecord) : undefined;
  const project = first ?? (isRecord(body) && typeof body.id === "string" ? body : undefined);
  if (!project) throw unexpectedAnswer(operationId, "no project in body");
  return project;
}

function memberOf(answer: unknown, operationId: string): ProjectMember {
  const body = bodyOf(answer);
  if (!isRecord(body)) throw unexpectedAnswer(operationId, "no membership in body");
  return body;
}

function checkUserId(userId: string): string {
  return checkId(userId, USER_ID, { field: "userId" });
}

export function createProjects(ctx: ControllerContext): ProjectsResource {
  const path = async (mutating: boolean): Promise<{ project_id: string }> => {
    await ctx.requireKey(mutating);
    return { project_id: await ctx.projectId() };
  };
  return {
    async get(options = {}) {
      const { data } = await withAccessExplained("project", async () =>
        ctx.platform().GET("/project/{project_id}", {
          params: { path: await path(false) },
          parseAs: "text",
          signal: options.signal,
          headers: callSettingsHeaders(options),
        }),
      );
      return projectOf(jsonAnswer("getProject", data), "getProject");
    },

    async rename(name, options = {}) {
      if (typeof name !== "string" || name.trim() === "") {
        throw new ThetaValidationError({
          field: "name",
          message: "name must be a non-empty string",
          fix: 'pass the new project name, e.g. "Project Z"',
        });
      }
      const { data } = await withAccessExplained("project", async () =>
        ctx.platform().PUT("/project/{project_id}", {
          params: { path: await path(true) },
          body: { name },
          parseAs: "text",
          signal: options.signal,
          headers: callSettingsHeaders(options),
        }),
      );
      return projectOf(jsonAnswer("renameProject", data), "renameProject");
    },

    async members(options = {}) {
      const { data } = await withAccessExplained("project", async () =>
        ctx.platform().GET("/project/{project_id}/users", {
          params: { path: await path(false) },
          parseAs: "text",
          signal: options.signal,
          headers: callSettingsHeaders(options),
        }),
      );
      const body = bodyOf(jsonAnswer("listProjectMembers", data));
      const users = isRecord(body) ? body.users : Array.isArray(body) ? body : undefined;
      if (!Array.isArray(users)) throw unexpectedAnswer("listProjectMembers", "no users list in body");
      return users.filter(isRecord);
    },

    async addMember(userId, role, options = {}) {
      const user_id = checkUserId(userId);
      if (!ROLES.includes(role)) {
        throw new ThetaValidationError({
          field: "role",
          message: `role must be one of ${ROLES.join(", ")}, got ${JSON.stringify(role)}`,
          fix: `pass ${ROLES.map((value) => `"${value}"`).join(", ")}`,
        });
      }
      const { data } = await withAccessExplained("project", async () =>
        ctx.platform().POST("/project/{project_id}/user", {
          params: { path: await path(true) },
          body: { user_id, role },
          parseAs: "text",
          signal: options.signal,
          headers: callSettingsHeaders(options),
        }),
      );
      return memberOf(jsonAnswer("addProjectMember", data), "addProjectMember");
    },

    async disableMember(userId, options = {}) {
      const user_id = checkUserId(userId);
      await withAccessExplained("project", async () =>
        ctx.platform().DELETE("/project/{project_id}/user/{user_id}", {
          params: { path: { ...(await path(true)), user_id } },
          parseAs: "text",
          signal: options.signal,
          headers: callSettingsHeaders(options),
        }),
      );
    },

    async enableMember(userId, options = {}) {
      const user_id = checkUserId(userId);
      const { data } = await withAccessExplained("project", async () =>
        ctx.platform().PUT("/project/{project_id}/user/{user_id}/enable", {
          params: { path: { ...(await path(true)), user_id } },
          parseAs: "text",
          signal: options.signal,
          headers: callSettingsHeaders(options),
        }),
      );
      return memberOf(jsonAnswer("enableProjectMember", data), "enableProjectMember");
    },
  };
}
