export type { FaultAction, FaultDecision, FaultMatch, FaultQuota, FaultRule, FaultRuleInput, FaultActionInput, FaultQuotaInput, ParsedFaultRule, Duration, RequestFacts, RouteGroup } from './types.ts';
export { createPrng, type Prng } from './prng.ts';
export { FaultRuleError, MAX_DELAY_MS, parseFaultRule, parseFaultRules, type FaultRuleIssue } from './rule-schema.ts';
export { createFaultEngine, type FaultEngine, type FaultEngineOptions } from './fault-engine.ts';
export { installFaultHooks, MALFORMED_BODY, type FaultHooksOptions } from './faults-plugin.ts';
