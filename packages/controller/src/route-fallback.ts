/**
 * Deployment routes exist in two styles that public sources disagree on (theta-api.md §2.4, §9 #7–8):
 * singular `/deployment/...` (seen answering) and plural `/deployments/...` (shown by the docs), and
 * stop/start were sent with PUT by some clients and POST by others. Each is its own operation in the
 * spec; this module tries them in order and remembers, per client, the one that answered.
 *
 * Order: the remembered route first, then singular before plural, PUT before POST. A 404 means the
 * route style does not exist, so the other style is tried; a 405 means the method is wrong, so the
 * next method of the same style is tried. Any other answer is final. A 404 from the remembered route
 * is the resource's own answer (the route is known to exist), so nothing else is tried.
 */
import { type HttpMethod, ThetaApiError } from "@theta/core";

export type RouteStyle = "singular" | "plural";

/** The actions whose route is chosen at run time. */
export type RouteAction = "list" | "stop" | "start" | "delete";

/** One operation of the spec that can carry an action. */
export interface Route {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** The spec path, e.g. `/deployment/{shard}/{suffix}/stop`. */
  readonly path: string;
  readonly style: RouteStyle;
}

export interface RouteMemory {
  /** The route that last answered for `action`, if any. */
  known(action: RouteAction): Route | undefined;
  remember(action: RouteAction, route: Route): void;
  /** Everything remembered so far. */
  snapshot(): Partial<Record<RouteAction, Route>>;
}

export function createRouteMemory(): RouteMemory {
  const known = new Map<RouteAction, Route>();
  return {
    known: (action) => known.get(action),
    remember: (action, route) => {
      known.set(action, route);
    },
    snapshot: () => Object.fromEntries(known) as Partial<Record<RouteAction, Route>>,
  };
}

/** A route and the call that sends the request on it. */
export interface RouteAttempt<T> {
  readonly route: Route;
  send(): Promise<T>;
}

/** Route-level answers: the route (404) or the method (405) does not exist. */
function routeMissing(error: unknown): error is ThetaApiError {
  return ThetaApiError.isInstance(error) && (error.status === 404 || error.status === 405);
}

/**
 * Sends on the first route that answers (see the module comment for the order and the rules).
 * When none does, throws the first 404 (the most telling answer: "not found"), else the first error.
 */
export async function sendWithRouteFallback<T>(
  memory: RouteMemory,
  action: RouteAction,
  attempts: readonly RouteAttempt<T>[],
): Promise<{ value: T; route: Route }> {
  const known = memory.known(action);
  const ordered = known
    ? [
        ...attempts.filter((attempt) => attempt.route.operationId === known.operationId),
        ...attempts.filter((attempt) => attempt.route.operationId !== known.operationId),
      ]
    : attempts;
  const missingStyles = new Set<RouteStyle>();
  let firstNotFound: ThetaApiError | undefined;
  let firstError: ThetaApiError | undefined;
  for (const attempt of ordered) {
    if (missingStyles.has(attempt.route.style)) continue;
    try {
      const value = await attempt.send();
      memory.remember(action, attempt.route);
      return { value, route: attempt.route };
    } catch (error) {
      if (!routeMissing(error)) throw error;
      if (known && attempt.route.operationId === known.operationId && error.status === 404) throw error;
      firstError ??= error;
      if (error.status === 404) {
        firstNotFound ??= error;
        missingStyles.add(attempt.route.style);
      }
    }
  }
  throw firstNotFound ?? firstError ?? new Error(`no route is defined for ${action}`);
}
