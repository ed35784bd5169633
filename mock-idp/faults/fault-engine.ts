/**
 * Decides which fault, if any, applies to a request. Rules are tried in
 * insertion order and the first one that matches and fires wins; the request
 * never reaches the rules after it.
 */
import type { Clock } from '../clock/virtual-clock.ts';
import { createPrng, type Prng } from './prng.ts';
import { createQuotaLimiter, type QuotaLimiter } from './quota-limiter.ts';
import { matchesRequest } from './rule-match.ts';
import { FaultRuleError, parseFaultRule } from './rule-schema.ts';
import type { FaultAction, FaultDecision, FaultQuota, FaultRule, FaultRuleInput, ParsedFaultRule, RequestFacts } from './types.ts';

export interface FaultEngineOptions {
  /** Quota windows are counted in this clock's (virtual) time. */
  clock: Clock;
  /** Seeds the draws of `probability` rules: same seed and requests, same faults. */
  seed: number;
}

export interface FaultEngine {
  /** Adds a rule after the others; assigns `f1`, `f2`… when it has no id. */
  add(input: FaultRuleInput): FaultRule;
  remove(id: string): boolean;
  clear(): void;
  /** Snapshots of the rules in evaluation order, with their `seen`/`applied` counters. */
  list(): FaultRule[];
  decide(facts: RequestFacts): FaultDecision | null;
  /** Whether any rule is set: with none, requests need not be classified at all. */
  hasRules(): boolean;
  /** Forgets every rule and counter and re-seeds (with `seed`, or the engine's first seed). */
  reset(seed?: number): void;
}

interface RuleEntry {
  rule: FaultRule;
  /** Per-rule stream, so one rule's draws do not depend on the others. */
  prng: Prng;
  limiter: QuotaLimiter | undefined;
}

export function createFaultEngine(options: FaultEngineOptions): FaultEngine {
  const { clock } = options;
  let root = createPrng(options.seed);
  let entries: RuleEntry[] = [];
  let nextId = 1;

  function freshId(): string {
    while (entries.some((entry) => entry.rule.id === `f${nextId}`)) nextId++;
    return `f${nextId++}`;
  }

  /** Runs the gates of a rule that matched; returns the action to apply, if it fires. */
  function fire(entry: RuleEntry, facts: RequestFacts): FaultAction | undefined {
    const { rule } = entry;
    rule.seen++;
    if (rule.seen <= rule.after) return undefined;
    if (rule.times !== undefined && rule.applied >= rule.times) return undefined;
    let action = rule.action;
    if (entry.limiter) {
      const verdict = entry.limiter.hit(clock.now(), facts.clientId);
      if (!verdict.over) return undefined;
      if (action.type === 'status' && action.retryAfter === undefined) action = { ...action, retryAfter: verdict.retryAfterSeconds };
    }
    // Drawn last, and only for a rule that would otherwise fire, so draws follow the request sequence alone.
    if (rule.probability < 1 && entry.prng.next() >= rule.probability) return undefined;
    return action;
  }

  return {
    add(input) {
      const parsed = validate(input);
      const id = parsed.id ?? freshId();
      if (entries.some((entry) => entry.rule.id === id)) throw new TypeError(`a fault rule with id "${id}" already exists`);
      const rule = toRule(id, parsed);
      entries.push({ rule, prng: root.fork(id), limiter: rule.quota && createQuotaLimiter(rule.quota) });
      return { ...rule };
    },
    remove(id) {
      const before = entries.length;
      entries = entries.filter((entry) => entry.rule.id !== id);
      return entries.length < before;
    },
    clear() {
      entries = [];
    },
    list: () => entries.map((entry) => ({ ...entry.rule })),
    decide(facts) {
      for (const entry of entries) {
        if (!matchesRequest(entry.rule.match, facts)) continue;
        const action = fire(entry, facts);
        if (action) {
          entry.rule.applied++;
          return { ruleId: entry.rule.id, action };
        }
      }
      return null;
    },
    hasRules: () => entries.length > 0,
    reset(seed = options.seed) {
      root = createPrng(seed);
      entries = [];
      nextId = 1;
    },
  };
}

/** Rules added in code skip the admin/config parser, so a bad one is a caller mistake (TypeError). */
function validate(input: FaultRuleInput): ParsedFaultRule {
  try {
    return parseFaultRule(input, 'rule');
  } catch (error) {
    if (error instanceof FaultRuleError) throw new TypeError(error.message, { cause: error });
    throw error;
  }
}

function toRule(id: string, input: ParsedFaultRule): FaultRule {
  const quota = input.quota && { ...input.quota, per: input.quota.per ?? 'client' };
  const action = input.action ?? (quota ? rateLimited(quota) : undefined);
  // parseFaultRule guarantees an action or a quota; this keeps the compiler honest.
  if (!action) throw new TypeError('a fault rule needs an action or a quota');
  return {
    id,
    ...(input.description === undefined ? {} : { description: input.description }),
    match: input.match ?? {},
    action,
    after: input.after ?? 0,
    ...(input.times === undefined ? {} : { times: input.times }),
    probability: input.probability ?? 1,
    ...(quota ? { quota } : {}),
    seen: 0,
    applied: 0,
  };
}

/** The answer of a real rate limiter; `retryAfter` is filled in per request. */
function rateLimited(quota: Required<FaultQuota>): FaultAction {
  const scope = quota.per === 'client' ? ' per client' : '';
  return {
    type: 'status',
    status: 429,
    body: { error: 'rate_limited', error_description: `more than ${quota.limit} requests per ${quota.windowMs} ms${scope}; retry after the window rolls` },
  };
}
