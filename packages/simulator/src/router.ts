import type { FamilyName } from "@theta/core";
import type { RequestContext } from "./http.js";

export interface Route {
  readonly method: string;
  /** OpenAPI path template below the server's prefix; `{name}` segments are parameters (`/service/{idOrAlias}`). */
  readonly path: string;
  readonly operationId: string;
  /** The family whose operation it is (its auth scheme applies); undefined on the storage host. */
  readonly family?: FamilyName;
  /** Served without credentials. */
  readonly public: boolean;
  handle(context: RequestContext): Promise<void> | void;
}

const PARAMETER = /^\{(\w+)\}$/;

export type RouteMatch =
  | { kind: "found"; route: Route; params: Record<string, string> }
  | { kind: "method-not-allowed"; allowed: string[] }
  | { kind: "not-found" };

function splitPath(path: string): string[] {
  return path.split("/").filter((segment) => segment.length > 0);
}

/**
 * Finds the route for `method` + `path`. Among routes whose template matches, literal segments beat
 * parameters, left to right (so `/a/literal` wins over `/a/{parameter}`).
 */
export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  const segments = splitPath(path);
  let decoded: string[];
  try {
    decoded = segments.map((segment) => decodeURIComponent(segment));
  } catch {
    return { kind: "not-found" };
  }
  const candidates: { route: Route; params: Record<string, string>; score: number[] }[] = [];
  for (const route of routes) {
    const template = splitPath(route.path);
    if (template.length !== decoded.length) continue;
    const params: Record<string, string> = {};
    const score: number[] = [];
    let ok = true;
    for (let i = 0; i < template.length; i++) {
      const part = template[i] as string;
      const value = decoded[i] as string;
      const parameter = PARAMETER.exec(part)?.[1];
      if (parameter !== undefined) {
        params[parameter] = value;
        score.push(0);
      } else if (part === value) {
        score.push(1);
      } else {
        ok = false;
        break;
      }
    }
    if (ok) candidates.push({ route, params, score });
  }
  if (candidates.length === 0) return { kind: "not-found" };
  const compare = (a: number[], b: number[]) => {
    for (let i = 0; i < a.length; i++) {
      const diff = (b[i] ?? 0) - (a[i] ?? 0);
      if (diff !== 0) return diff;
    }
    return 0;
  };
  const sameMethod = candidates.filter(
    (c) => c.route.method === method || (method === "HEAD" && c.route.method === "GET"),
  );
  if (sameMethod.length === 0) {
    return { kind: "method-not-allowed", allowed: [...new Set(candidates.map((c) => c.route.method))] };
  }
  sameMethod.sort((a, b) => compare(a.score, b.score));
  const best = sameMethod[0];
  if (!best) return { kind: "not-found" };
  return { kind: "found", route: best.route, params: best.params };
}
