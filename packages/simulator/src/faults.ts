import type { FaultController, FaultRule } from "./types.js";

interface RuleRecord {
  rule: FaultRule;
  remaining: number;
  hits: number;
}

export interface FaultMatcher extends FaultController {
  /** The first active rule matching the request, consuming one of its `times`. */
  take(family: string, method: string, path: string): FaultRule | undefined;
}

function validateRule(rule: FaultRule): void {
  if (typeof rule !== "object" || rule === null)
    throw new TypeError("faults.add(rule): rule must be an object");
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

export function createFaultController(): FaultMatcher {
  let records: RuleRecord[] = [];
  // Hit counts survive removal of a rule (but not clear()).
  let counts = new Map<FaultRule, RuleRecord>();

  const matches = (rule: FaultRule, family: string, method: string, path: string): boolean => {
    if (rule.family !== undefined && rule.family !== family) return false;
    if (rule.method !== undefined && rule.method.toUpperCase() !== method) return false;
    if (typeof rule.path === "string") return rule.path === path;
    rule.path.lastIndex = 0;
    return rule.path.test(path);
  };

  return {
    add(rule) {
      validateRule(rule);
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
    take(family, method, path) {
      for (const record of records) {
        if (record.remaining <= 0) continue;
        if (!matches(record.rule, family, method, path)) continue;
        record.remaining--;
        record.hits++;
        return record.rule;
      }
      return undefined;
    },
  };
}
