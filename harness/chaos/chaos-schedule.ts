/**
 * Chaos mode's search space: a random fault schedule — episodes of one fault
 * rule, an expiry and a burst of API calls — and the scenario file it becomes.
 * fast-check generates and shrinks schedules; the runner only ever sees the
 * scenario, so a schedule that broke an invariant is written out and replayed
 * like any other scenario file.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { parseScenario } from '../scenarios/load-scenario.ts';
import type { InvariantId, Scenario } from '../scenarios/scenario-schema.ts';

/** Every fault a schedule may inject: each one transient, so a correct client ends signed in. */
export type ChaosFault =
  | { type: 'status'; status: 429; retryAfter: number }
  | { type: 'status'; status: 500 | 502 | 503 }
  | { type: 'reset' }
  | { type: 'blackhole' }
  | { type: 'delay'; ms: number }
  | { type: 'hang' }
  | { type: 'malformed' }
  | { type: 'truncate' };

export interface ChaosEpisode {
  /** null: the episode only expires the token and calls the API. */
  fault: ChaosFault | null;
  /** The route group the fault hits: the token endpoint or the protected API. */
  group: 'refresh' | 'api';
  /** How many requests the fault catches before it is spent. */
  times: number;
  /**
   * What makes the access token stale before the burst: the clock passing its `exp`, the IdP marking every access
   * token expired, or an emergency signing-key rotation that refuses every token the old key signed.
   */
  expiry: 'advance-clock' | 'expire-now' | 'retire-key' | 'none';
  /** API calls fired at once, from window 1 or from every window. */
  requests: number;
  from: 1 | 'all';
}

export interface ChaosSchedule {
  windows: 1 | 2;
  /**
   * The IdP's rotation policy. Under `strict` a rotation whose answer is lost
   * after the IdP committed it (truncate, malformed) can never be recovered by
   * any client, so those faults hit the token endpoint only under `okta`,
   * whose 30 s leeway lets the client present the previous token again.
   */
  rotation: 'strict' | 'okta';
  episodes: ChaosEpisode[];
}

/** Faults that let the route run and then spoil its answer: the IdP has already rotated. */
const POST_COMMIT: ReadonlySet<ChaosFault['type']> = new Set(['truncate', 'malformed']);

/** Real ms a window has to be signed in again once the faults are cleared (a backoff may still be running). */
const RECOVERY_TIMEOUT_MS = 10_000;

/** What a chaos scenario checks: every invariant a transient-only schedule can judge. */
export const CHAOS_INVARIANTS: readonly InvariantId[] = ['single-flight', 'no-refresh-replay', 'tokens-kept-on-transient', 'retry-after-honoured', 'no-refresh-storm', 'no-token-leak'];

const faultArbitrary: fc.Arbitrary<ChaosFault | null> = fc.oneof(
  // The first alternative is what fast-check shrinks towards: no fault at all.
  { arbitrary: fc.constant(null), weight: 1 },
  { arbitrary: fc.record({ type: fc.constant('status' as const), status: fc.constant(429 as const), retryAfter: fc.integer({ min: 1, max: 3 }) }), weight: 3 },
  { arbitrary: fc.record({ type: fc.constant('status' as const), status: fc.constantFrom(503 as const, 500 as const, 502 as const) }), weight: 3 },
  { arbitrary: fc.constantFrom<ChaosFault>({ type: 'reset' }, { type: 'blackhole' }, { type: 'malformed' }, { type: 'truncate' }, { type: 'hang' }), weight: 3 },
  { arbitrary: fc.record({ type: fc.constant('delay' as const), ms: fc.integer({ min: 1, max: 15 }).map((tenths) => tenths * 200) }), weight: 1 },
);

export const episodeArbitrary: fc.Arbitrary<ChaosEpisode> = fc.record({
  fault: faultArbitrary,
  group: fc.constantFrom('refresh' as const, 'api' as const),
  times: fc.integer({ min: 1, max: 3 }),
  expiry: fc.constantFrom('advance-clock' as const, 'expire-now' as const, 'retire-key' as const, 'none' as const),
  requests: fc.integer({ min: 1, max: 8 }),
  from: fc.constantFrom(1 as const, 'all' as const),
});

export function scheduleArbitrary(maxEpisodes = 4): fc.Arbitrary<ChaosSchedule> {
  return fc
    .record({
      windows: fc.constantFrom(1 as const, 2 as const),
      rotation: fc.constantFrom('strict' as const, 'okta' as const),
      episodes: fc.array(episodeArbitrary, { minLength: 1, maxLength: maxEpisodes }),
    })
    .map((schedule) => ({
      ...schedule,
      episodes: schedule.episodes.map((episode) =>
        schedule.rotation === 'strict' && episode.group === 'refresh' && episode.fault !== null && POST_COMMIT.has(episode.fault.type) ? { ...episode, group: 'api' as const } : episode,
      ),
    }));
}

/** One line per episode, for progress output and the scenario's `teaches`. */
export function describeSchedule(schedule: ChaosSchedule): string {
  const episodes = schedule.episodes.map((episode, index) => {
    const fault = episode.fault === null ? 'no fault' : `${describeFault(episode.fault)} on ${episode.group} ×${episode.times}`;
    const expiry = {
      'advance-clock': 'access token expires',
      'expire-now': 'access tokens revoked as expired',
      'retire-key': 'signing key retired (emergency rotation)',
      none: 'token still fresh',
    }[episode.expiry];
    return `${index + 1}. ${fault}; ${expiry}; ${episode.requests} call(s) from ${episode.from === 'all' && schedule.windows > 1 ? 'every window' : 'window 1'}`;
  });
  return `${schedule.windows} window(s), ${schedule.rotation} rotation: ${episodes.join(' / ')}`;
}

function describeFault(fault: ChaosFault): string {
  if (fault.type === 'status') return fault.status === 429 ? `429 Retry-After ${fault.retryAfter}s` : String(fault.status);
  if (fault.type === 'delay') return `delay ${fault.ms} ms`;
  return fault.type;
}

export interface ChaosScenarioMeta {
  name: string;
  variant: string;
  /** The command that found it, for the `teaches` paragraph. */
  origin: string;
  /** The command that replays it, for the file's header and its `teaches` paragraph: the one chaos mode prints. */
  replay: string;
}

/** The scenario file a schedule becomes (the YAML input form), ending in a recovery check. */
export function scheduleToDocument(schedule: ChaosSchedule, meta: ChaosScenarioMeta): Record<string, unknown> {
  const steps: Array<Record<string, unknown>> = [{ signIn: {} }, { waitFor: { state: 'signed-in' } }];
  schedule.episodes.forEach((episode, index) => {
    const id = `chaos-${index + 1}`;
    if (episode.fault !== null) steps.push({ addFault: { rule: { id, match: { group: episode.group }, action: faultAction(episode.fault), times: episode.times } } });
    if (episode.expiry === 'advance-clock') steps.push({ advanceClock: { by: '16m' } });
    if (episode.expiry === 'expire-now') steps.push({ expireAccessTokens: {} });
    if (episode.expiry === 'retire-key') steps.push({ rotateSigningKey: { retirePrevious: true } });
    steps.push({ burst: { window: schedule.windows === 1 ? 1 : episode.from, requests: episode.requests } });
    if (episode.fault !== null) steps.push({ removeFault: { id } });
  });
  // Every fault was transient: once the IdP is healthy again, one more call must find the session intact.
  steps.push({ clearFaults: {} }, { burst: { window: schedule.windows === 1 ? 1 : 'all', requests: 1 } });
  for (let window = 1; window <= schedule.windows; window += 1) steps.push({ waitFor: { window, state: 'signed-in', timeoutMs: RECOVERY_TIMEOUT_MS } });
  return {
    name: meta.name,
    title: `Chaos schedule for ${meta.variant}: ${schedule.episodes.length} episode(s)`,
    teaches: `Found by "${meta.origin}", then shrunk; "${meta.replay}" replays it. Every fault in it is transient (a 429, a 5xx, a dropped or hung connection, a slow or broken answer), and an access token refused before its expiry (marked expired, or its signing key retired) is mended by one refresh, so a correct client keeps its tokens, retries politely and ends signed in. Schedule: ${describeSchedule(schedule)}.`,
    idp: { lifetimes: { accessTokenTtl: '15m' }, rotation: { preset: schedule.rotation } },
    client: { variant: meta.variant, windows: schedule.windows },
    steps,
    expect: { invariants: [...CHAOS_INVARIANTS], final: { state: 'signed-in', tokensStored: true, idpFamilies: 'active' } },
  };
}

function faultAction(fault: ChaosFault): Record<string, unknown> {
  if (fault.type === 'status') return fault.status === 429 ? { type: 'status', status: 429, retryAfter: fault.retryAfter } : { type: 'status', status: fault.status };
  if (fault.type === 'delay') return { type: 'delay', ms: fault.ms };
  return { type: fault.type };
}

/** The YAML text of a schedule's scenario, and the scenario parsed back from it (so what runs is what is written). */
export function scheduleToScenario(schedule: ChaosSchedule, meta: ChaosScenarioMeta): { yaml: string; scenario: Scenario } {
  // A line break in the command (a quoted path may hold one) would end the comment and leave the rest as YAML.
  const yaml = `# Written by tokenstorm chaos mode. Replay: ${meta.replay.replaceAll('\n', '\n# ')}\n${stringify(scheduleToDocument(schedule, meta), { lineWidth: 120 })}`;
  return { yaml, scenario: parseScenario(yaml, `${meta.name}.yaml`) };
}
