import { callSettingsHeaders, markSource, ThetaApiError, ThetaValidationError } from "@theta/core";
import type { ServiceCategory } from "./catalog.js";
import { categorize, isServiceCategory, SERVICE_CATEGORIES } from "./category.js";
import { callJson, type OndemandContext } from "./context.js";
import { ondemandOperations } from "./generated/operations.js";
import { isRecord } from "./normalize.js";
import type { ListServicesOptions, RequestOptions, Service } from "./types.js";
import { requireString } from "./validate.js";

export interface ServicesResource {
  /**
   * The catalog (public: works without a token). `category` filters client-side. The list is marked
   * with what it was made from (core's `sourceOf`: the answer text and the category), so that a caller
   * can tell a repeated catalog without comparing it.
   */
  list(options?: ListServicesOptions): Promise<Service[]>;
  /** One service by id or alias (needs the token). */
  get(idOrAlias: string, options?: RequestOptions): Promise<Service>;
}

/** Categories already derived, per alias (with the name they were derived with). */
const categories = new Map<
  string,
  { readonly name: string | undefined; readonly category: ServiceCategory }
>();
/** Bound on the cache, so that a server answering with ever-new aliases cannot grow it forever. */
const MAX_CACHED_CATEGORIES = 2048;

/** `categorize(alias, name)`, remembered: the catalog repeats the same services on every call. */
function categoryOf(alias: string, name: string | undefined): ServiceCategory {
  const known = categories.get(alias);
  if (known && known.name === name) return known.category;
  const category = categorize(alias, name);
  if (categories.size >= MAX_CACHED_CATEGORIES) categories.clear();
  categories.set(alias, { name, category });
  return category;
}

/**
 * Completes a catalog entry freshly parsed from a response (nobody else holds it, so it is completed
 * in place rather than copied): `alias` always a string, and its `category`.
 */
function withCategory(raw: Record<string, unknown>): Service {
  const alias = typeof raw.alias === "string" ? raw.alias : "";
  const name = typeof raw.name === "string" ? raw.name : undefined;
  raw.alias = alias;
  raw.category = categoryOf(alias, name);
  return raw as unknown as Service;
}

function unexpected(operationId: string, what: string): ThetaApiError {
  return new ThetaApiError({
    status: 200,
    operationId,
    code: "api_error",
    retriable: false,
    serverMessage: `unexpected response: ${what}`,
    fix: "The API answered in an unknown shape; update @theta/ondemand or report the response (without secrets)",
  });
}

export function createServices(ctx: OndemandContext): ServicesResource {
  return {
    async list(options = {}) {
      if (options.category !== undefined && !isServiceCategory(options.category)) {
        throw new ThetaValidationError({
          field: "category",
          message: `category must be one of ${SERVICE_CATEGORIES.join(", ")}, got ${JSON.stringify(options.category)}`,
          fix: `pass one of ${SERVICE_CATEGORIES.join(", ")} (or leave it out for every service)`,
        });
      }
      // Straight through the transport: the catalog is read often (prices, categories, pickers).
      const { json: data, text } = await callJson(ctx.family, ondemandOperations.listServices, {
        ...(options.expand ? { query: { expand: options.expand } } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
        ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
      });
      const list = isRecord(data) && isRecord(data.body) ? data.body.services : undefined;
      if (!Array.isArray(list))
        throw unexpected(ondemandOperations.listServices.operationId, "no body.services array");
      const services = list.filter(isRecord).map(withCategory);
      ctx.remember(services);
      const listed = options.category ? services.filter((s) => s.category === options.category) : services;
      // Marked once made: the same answer text and filter make the same list (each entry's category is
      // derived from the entry), so what is derived from it can be reused (see core's markSource).
      return markSource(listed, `${options.category ?? ""}\n${text}`);
    },

    async get(idOrAlias, options = {}) {
      requireString(idOrAlias, "idOrAlias", 'pass a service alias such as "flux" or a service id');
      const { data } = await ctx.family.api.GET("/service/{idOrAlias}", {
        params: { path: { idOrAlias } },
        headers: callSettingsHeaders(options),
        signal: options.signal,
      });
      const body = isRecord(data) ? data.body : undefined;
      const candidate = isRecord(body)
        ? Array.isArray(body.services)
          ? body.services.find(isRecord)
          : typeof body.alias === "string"
            ? body
            : undefined
        : undefined;
      if (!isRecord(candidate))
        throw unexpected(ondemandOperations.getService.operationId, "no service in body");
      const service = withCategory(candidate);
      ctx.remember([service]);
      return service;
    },
  };
}
