/**
 * Platform routes of the project: the project (get, rename), its members (list, add, disable → 204,
 * enable) and its organization's balance, which is the simulator's balance.
 */
import { isoTime } from "../../clock.js";
import type { SimulatorCore } from "../../core.js";
import { HttpError, type RequestContext } from "../../http.js";
import type { RouteHandler } from "../module.js";
import { NOT_ALLOWED_MESSAGE, readObject, requireProject, success, textField } from "./request-checks.js";

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

export function createProjectRoutes(core: SimulatorCore, startedAt: string) {
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

  const requireProjectPath = (ctx: RequestContext): void =>
    requireProject(core.projectId, ctx.params.project_id, "project_id");

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

  return {
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
      const name = textField(await readObject(ctx, '{"name": "..."}'), "name");
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
      const role = body.role;
      if (typeof userId !== "string" || !USER_ID.test(userId)) {
        throw new HttpError(400, "user_id must be a user id (usr_...)");
      }
      if (typeof role !== "string" || !MEMBER_ROLES.includes(role)) {
        throw new HttpError(400, `role must be one of ${MEMBER_ROLES.join(", ")}`);
      }
      const member: Member = members.get(userId) ?? {
        id: userId,
        first_name: null,
        last_name: null,
        avatar_url: null,
        email: null,
        role,
        disabled: false,
        create_time: isoTime(core.clock.now()),
      };
      member.role = role;
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
  } satisfies Record<string, RouteHandler>;
}
