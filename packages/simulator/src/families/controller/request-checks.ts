/**
 * What every controller and platform route checks and answers the same way: the project id (another
 * one gets the real 403), JSON bodies and their fields, paging, and the success envelope.
 */
import { HttpError, type RequestContext } from "../../http.js";
import { isObject, type JsonObject } from "../../json-object.js";

/** The answer of the real hosts to a project id that is not the key's project. */
export const NOT_ALLOWED_MESSAGE = "You are not allowed to perform this action";

/** `{status: "success", body}`. */
export function success(ctx: RequestContext, body: unknown): void {
  ctx.json(200, { status: "success", body });
}

/** Refuses a missing project id (400) and another project's (the real 403). */
export function requireProject(projectId: string, given: string | null | undefined, field: string): void {
  if (given === undefined || given === null || given === "") {
    throw new HttpError(
      400,
      `${field} is required: the project id (prj_...) of the project the key was created in`,
    );
  }
  if (given !== projectId) throw new HttpError(403, NOT_ALLOWED_MESSAGE);
}

/** The `project_id` of a JSON body, when it is a string. */
export function bodyProject(body: JsonObject): string | undefined {
  return typeof body.project_id === "string" ? body.project_id : undefined;
}

export async function readObject(ctx: RequestContext, what: string): Promise<JsonObject> {
  const body = await ctx.readJson();
  if (!isObject(body)) throw new HttpError(400, `request body must be a JSON object (${what})`);
  return body;
}

/** An optional non-empty string field. */
export function textField(body: JsonObject, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" || value.length === 0)
    throw new HttpError(400, `${field} must be a non-empty string`);
  return value;
}

/** An optional object of string values (`env_vars`, `annotations`); null when absent. */
export function stringMapField(body: JsonObject, field: string): Record<string, string> | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (!isObject(value) || !Object.values(value).every((item) => typeof item === "string")) {
    throw new HttpError(400, `${field} must be an object of string values`);
  }
  return value as Record<string, string>;
}

/** A page of `items`: `page` counted from `firstPage`, `number` per page (all of them when absent). */
export function pageOf<Item>(
  ctx: RequestContext,
  items: readonly Item[],
  firstPage: number,
): { page: number; number: number; items: Item[] } {
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
