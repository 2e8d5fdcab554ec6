/**
 * GPU clusters and persistent volume claims: lists whose answers were never shown (theta-api.md §2.2),
 * so each is returned as the records found plus the body as sent.
 */
import { callSettingsHeaders, ThetaValidationError } from "@theta/core";
import { withAccessExplained } from "./access-errors.js";
import { bodyOf, type JsonRecord, jsonAnswer, recordsOf } from "./answers.js";
import type { ControllerContext } from "./context.js";
import type { RequestOptions } from "./request-options.js";

/** A list of undocumented shape: the records found, and the body as the API sent it. */
export interface ResourceList {
  /** The body itself when it is an array, else the array it holds (empty when it holds none). */
  readonly items: JsonRecord[];
  readonly raw: unknown;
}

export interface ClustersResource {
  /** The project's GPU clusters (route seen in one source; uncertain). */
  list(options?: RequestOptions): Promise<ResourceList>;
}

export interface VolumeListOptions extends RequestOptions {
  /** Page (from 1, as the one source sent it; default 1). */
  page?: number;
  /** Page size (default 20). */
  number?: number;
}

export interface VolumesResource {
  /** The project's persistent volume claims (route seen in one source; uncertain). */
  list(options?: VolumeListOptions): Promise<ResourceList>;
}

function resourceList(answer: unknown, keys: readonly string[]): ResourceList {
  const raw = bodyOf(answer);
  return { items: recordsOf(raw, keys) ?? [], raw };
}

function checkCount(value: number, field: string, minimum: number): number {
  if (!Number.isInteger(value) || value < minimum) {
    throw new ThetaValidationError({
      field,
      message: `${field} must be an integer of at least ${minimum}, got ${String(value)}`,
      fix: `pass ${field} as a whole number of at least ${minimum}`,
    });
  }
  return value;
}

export function createClusters(ctx: ControllerContext): ClustersResource {
  return {
    async list(options = {}) {
      await ctx.requireKey(false);
      const projectId = await ctx.projectId();
      const { data } = await withAccessExplained("project", () =>
        ctx.controller.GET("/cluster/list", {
          params: { query: { project_id: projectId } },
          parseAs: "text",
          signal: options.signal,
          headers: callSettingsHeaders(options),
        }),
      );
      return resourceList(jsonAnswer("listClusters", data), ["clusters", "items"]);
    },
  };
}

export function createVolumes(ctx: ControllerContext): VolumesResource {
  return {
    async list(options = {}) {
      const page = checkCount(options.page ?? 1, "page", 0);
      const number = checkCount(options.number ?? 20, "number", 1);
      await ctx.requireKey(false);
      const projectId = await ctx.projectId();
      const { data } = await withAccessExplained("project", () =>
        ctx.controller.GET("/volume/claim", {
          // camelCase `projectId` on this route only.
          params: { query: { projectId, page, number } },
          parseAs: "text",
          signal: options.signal,
          headers: callSettingsHeaders(options),
        }),
      );
      return resourceList(jsonAnswer("listVolumeClaims", data), [
        "volume_claims",
        "claims",
        "volumes",
        "items",
      ]);
    },
  };
}
