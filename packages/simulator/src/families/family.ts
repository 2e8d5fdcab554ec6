import type { RequestContext } from "../http.js";
import type { Route } from "../router.js";

/** One simulated API family, served under `/<name>`. */
export interface FamilyModule {
  name: string;
  routes: Route[];
  /** Checks credentials for routes with `auth !== false`; returns an error to answer, or undefined to proceed. */
  authenticate?(ctx: RequestContext): { status: number; message: string } | undefined;
}

/** Families that have a base URL; those without a module answer 404 "not simulated yet". */
export const FAMILY_NAMES = ["ondemand", "controller", "api", "video", "agents", "chain", "storage"] as const;
