import { familyNamed } from "@theta/core";
import type { FaultController, FaultRule } from "./types.js";

interface RuleRecord {
  rule: FaultRule;
  remaining: number;
  hits: number;
}

export interface FaultMatcher extends FaultController {
  /**
   * The first active rule matching the request, consuming one of its `times`. `family` is the family
   * of the operation the request routes to (undefined when it routes to none).
   */
  take(request: FaultedRequest): FaultRule | undefined;
}

export interface FaultedRequest {
  readonly server: string;
  readonly family: string | undefined;
  readonly method: string;
  readonly path: string;
}

function validateRule(rule: FaultRule, servers: readonly string[]): void {
  if (typeof rule !== "object" || rule === null)
    throw new TypeError("faults.add(rule): rule must be an object");
  if (rule.server !== undefined && !servers.includes(rule.server)) {
    throw new RangeError(`faults.add(rule): rule.server must be one of ${servers.join(", ")}`);
  }
  if (rule.family !== undefined && !familyNamed(rule.family)) {
    throw new RangeError(
      `faults.add(rule): rule.family "${rule.family}" is not an API family; to match a prefix such as storage, use rule.server`,
    );
  }
  if (typeof rule.path !== "string" && !(rule.path instanceof RegExp)) {
    throw new TypeError('faults.add(rule): rule.path must be a string or a RegExp (e.g. "/service/list")');
  }
  if (rule.times !== undefined && !(rule.times >= 0)) {
    throw new RangeError("faults.add(rule): rule.times must be >= 0 (or Infinity)");
  }
  if (rule.delayMs !== undefined && !(rule.delayMs >= 0 && Number.isFinite(rule.delayMs))) {
    throw new RangeError("faults.add(rule): rule.delayMs must be a finite number >= 0");
  }
  if (
    rule.status !== undefined &&
    !(Number.isInteger(rule.status) && rule.status >= 100 && rule.status <= 599)
  ) {
    throw new RangeError("faults.add(rule): rule.status must be an HTTP status between 100 and 599");
  }
}

/** `servers`: the prefixes a rule's `server` may name. */
export function createFaultController(servers: readonly string[]): FaultMatcher {
  let records: RuleRecord[] = [];
  // Hit counts survive removal of a rule (but not clear()).
  let counts = new Map<FaultRule, RuleRecord>();

  const matches = (rule: FaultRule, request: FaultedRequest): boolean => {
    if (rule.server !== undefined && rule.server !== request.server) return false;
    if (rule.family !== undefined && rule.family !== request.family) return false;
    if (rule.method !== undefined && rule.method.toUpperCase() !== request.method) return false;
    if (typeof rule.path === "string") return rule.path === request.path;
    rule.path.lastIndex = 0;
    return rule.path.test(request.path);
  };

  return {
    add(rule) {
      validateRule(rule, servers);
      const record: RuleRecord = { rule, remaining: rule.times ?? 1, hits: 0 };
      records.push(record);
      counts.set(rule, record);
      return () => {
        records = records.filter((r) => r !== record);
      };
    },
    clear() {
      records = [];
      counts = new Map();
    },
    hits(rule) {
      if (rule) return counts.get(rule)?.hits ?? 0;
      let total = 0;
      for (const record of counts.values()) total += record.hits;
      return total;
    },
    take(request) {
      for (const record of records) {
        if (record.remaining <= 0) continue;
        if (!matches(record.rule, request)) continue;
        record.remaining--;
        record.hits++;
        return record.rule;
      }
      return undefined;
    },
  };
}
