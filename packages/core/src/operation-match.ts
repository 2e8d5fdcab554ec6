/**
 * Which operation of a generated operations table a request is: its path relative to the family's
 * base URL matched against the path templates (literal segments beat `{param}`s), and the
 * conservative policy of a request that matches none.
 */
import type { HttpMethod, OperationPolicy, OperationsTable } from "./operations.js";
import { redactUrl } from "./redact.js";

interface CompiledSegment {
  /** 2 = literal, 1 = literal with embedded params (`{id}.json`), 0 = a whole `{param}`. */
  rank: 0 | 1 | 2;
  literal?: string;
  pattern?: RegExp;
}

interface CompiledOperation {
  policy: OperationPolicy;
  segments: CompiledSegment[];
}

/** How many method + path answers each compiled table remembers. */
const MATCH_CACHE_SIZE = 256;

/** Finds the policy of a request path (relative to the family base URL). */
export type OperationMatcher = (method: string, pathname: string) => OperationPolicy | undefined;

const matchers = new WeakMap<OperationsTable, OperationMatcher>();

function splitPath(path: string): string[] {
  const trimmed = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
  return trimmed.split("/").slice(1);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function compileSegment(segment: string): CompiledSegment {
  if (!segment.includes("{")) return { rank: 2, literal: segment };
  if (/^\{[^{}]+\}$/.test(segment)) return { rank: 0 };
  const source = segment
    .split(/(\{[^{}]+\})/)
    .map((part) => (/^\{[^{}]+\}$/.test(part) ? "[^/]+" : escapeRegExp(part)))
    .join("");
  return { rank: 1, pattern: new RegExp(`^${source}$`) };
}

function safeDecode(segment: string): string {
  if (!segment.includes("%")) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function segmentMatches(template: CompiledSegment, actual: string): boolean {
  if (template.rank === 2) return template.literal === actual || template.literal === safeDecode(actual);
  if (actual.length === 0) return false;
  if (template.rank === 0) return true;
  return (template.pattern as RegExp).test(actual) || (template.pattern as RegExp).test(safeDecode(actual));
}

/** Literal segments beat params, compared from the left. Positive when `a` is more specific. */
function compareSpecificity(a: CompiledOperation, b: CompiledOperation): number {
  for (let i = 0; i < a.segments.length; i++) {
    const diff = (a.segments[i] as CompiledSegment).rank - (b.segments[i] as CompiledSegment).rank;
    if (diff !== 0) return diff;
  }
  return 0;
}

/**
 * Compiles a table once: operations grouped by method and segment count, most specific first (the
 * sort is stable, so among equally specific templates the table's order decides, as before).
 */
export function operationMatcher(table: OperationsTable): OperationMatcher {
  const cached = matchers.get(table);
  if (cached) return cached;
  const groups = new Map<string, CompiledOperation[]>();
  for (const policy of Object.values(table)) {
    const segments = splitPath(policy.path).map(compileSegment);
    const key = `${policy.method} ${segments.length}`;
    const group = groups.get(key);
    if (group) group.push({ policy, segments });
    else groups.set(key, [{ policy, segments }]);
  }
  for (const group of groups.values()) group.sort((a, b) => compareSpecificity(b, a));
  const find = (method: string, pathname: string): OperationPolicy | undefined => {
    const actual = splitPath(pathname.startsWith("/") ? pathname : `/${pathname}`);
    const group = groups.get(`${method.toUpperCase()} ${actual.length}`);
    if (!group) return undefined;
    for (const candidate of group) {
      let matches = true;
      for (let i = 0; i < actual.length; i++) {
        if (!segmentMatches(candidate.segments[i] as CompiledSegment, actual[i] as string)) {
          matches = false;
          break;
        }
      }
      if (matches) return candidate.policy;
    }
    return undefined;
  };
  // Recent answers, per method and path (a client calls the same few paths over and over).
  const recent = new Map<string, OperationPolicy | null>();
  const matcher: OperationMatcher = (method, pathname) => {
    const key = `${method} ${pathname}`;
    const known = recent.get(key);
    if (known !== undefined) return known ?? undefined;
    const policy = find(method, pathname);
    if (recent.size >= MATCH_CACHE_SIZE) recent.clear();
    recent.set(key, policy ?? null);
    return policy;
  };
  matchers.set(table, matcher);
  return matcher;
}

/**
 * Finds the operation for `method` + `pathname` (relative to the family base URL, e.g.
 * `/infer_request/chat/completions`). Literal segments beat `{param}` segments.
 */
export function matchOperation(
  table: OperationsTable,
  method: string,
  pathname: string,
): OperationPolicy | undefined {
  return operationMatcher(table)(method, pathname);
}

export const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Policy for a request that matches no operation: conservative (never billable, unsafe methods not retried after send). */
export function defaultPolicy(method: string, url: URL): OperationPolicy {
  const safe = SAFE_METHODS.has(method);
  return {
    operationId: `${method} ${redactUrl(`${url.origin}${url.pathname}`)}`,
    method: method as HttpMethod,
    path: url.pathname,
    mutating: !safe,
    billable: false,
    idempotent: safe,
  };
}

/** The base URL's path without trailing slashes (`""` for the root). */
export function basePrefix(base: URL): string {
  return base.pathname.replace(/\/+$/, "");
}

/** The path of `url` relative to the base URL's path, or undefined when `url` is outside the base. */
export function relativePath(
  url: URL,
  base: URL,
  prefix = basePrefix(base),
  origin = url.origin,
  baseOrigin = base.origin,
): string | undefined {
  if (origin !== baseOrigin) return undefined;
  const { pathname } = url;
  if (prefix === "") return pathname;
  if (pathname === prefix) return "/";
  if (pathname.startsWith(`${prefix}/`)) return pathname.slice(prefix.length);
  return undefined;
}
