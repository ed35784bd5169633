import { describe, expect, it } from 'vitest';
import { firstDifference, normaliseHistory } from './normalise.ts';
import type { HistoryEvent } from './types.ts';

const harness = (seq: number, type: string, detail?: Record<string, unknown>): HistoryEvent => ({ source: 'harness', seq, t: 1_000 + seq, type, ...(detail ? { detail } : {}) });
const request = (seq: number, path: string, status: number, presentedFp: string, rt = 2_000 + seq): HistoryEvent => ({ source: 'idp', seq, rt, vt: rt + 7, type: 'request', group: 'api', method: 'GET', path, status, outcome: status === 200 ? 'ok' : 'invalid-token', clientId: 'w1', presentedFp });
const retry = (seq: number, delayMs: number): HistoryEvent => ({ source: 'client', seq, t: 3_000 + seq, window: 'main', type: 'retry.scheduled', reason: 'server-error (503)', retryAfterMs: 1_000, delayMs });

/** One run of "sign in, then a burst after the clock jumps", as the parts vary between two runs. */
function run(options: { fps: [string, string]; burstOrder: number[]; burst401s: number; delayMs: number }): HistoryEvent[] {
  const [first, second] = options.fps;
  const burst = [...Array.from({ length: options.burst401s }, (_, i) => request(10 + i, '/api/notes', 401, first)), request(30, '/api/notes', 200, second), request(31, '/api/me', 200, second)];
  return [
    harness(1, 'step', { step: 'signIn' }),
    request(1, '/api/me', 200, first),
    harness(2, 'settled'),
    harness(3, 'step', { step: 'advanceClock', by: 960_000 }),
    ...options.burstOrder.map((index) => burst[index % burst.length]!),
    retry(40, options.delayMs),
  ];
}

describe('normaliseHistory', () => {
  it('gives two runs that differ only in times, fingerprints, request order and racing 401s the same history', () => {
    const a = normaliseHistory(run({ fps: ['fp:aaa', 'fp:bbb'], burstOrder: [0, 1, 2, 3], burst401s: 2, delayMs: 995 }));
    const b = normaliseHistory(run({ fps: ['fp:xyz', 'fp:qrs'], burstOrder: [4, 3, 2, 1, 0], burst401s: 3, delayMs: 1_010 }));
    expect(firstDifference(a, b)).toBeNull();
    expect(a.map((step) => step.step)).toEqual(['(launch) {"step":"signIn"}', '{"step":"advanceClock","by":960000}']);
    expect(a[1]!.events.join('\n')).toContain('"reason":"server-error (503)","retryAfterMs":1000');
    expect(a[1]!.events.join('\n')).not.toContain('delayMs');
  });

  it('names the stretch where the runs differ: a request answered differently', () => {
    const a = normaliseHistory(run({ fps: ['fp:a', 'fp:b'], burstOrder: [0, 1, 2], burst401s: 1, delayMs: 500 }));
    const changed = run({ fps: ['fp:a', 'fp:b'], burstOrder: [0, 1, 2], burst401s: 1, delayMs: 500 }).map((event) => (event.source === 'idp' && event.path === '/api/me' && event.seq === 31 ? { ...event, status: 503, outcome: 'fault:status' } : event));
    const difference = firstDifference(a, normaliseHistory(changed));
    expect(difference).toMatch(/^during \{"step":"advanceClock".*first run only .*"status":200.*second run only .*"status":503/);
  });

  it('tells a fingerprint presented twice from two different fingerprints', () => {
    const reused = normaliseHistory([request(1, '/api/me', 200, 'fp:a'), request(2, '/api/me', 200, 'fp:a')]);
    const rotated = normaliseHistory([request(1, '/api/me', 200, 'fp:a'), request(2, '/api/me', 200, 'fp:b')]);
    expect(firstDifference(reused, rotated)).toMatch(/second run only .*fp#2/);
  });

  it('compares a wait by its reason and Retry-After, not by how long the client chose to wait', () => {
    expect(firstDifference(normaliseHistory([retry(1, 4_800)]), normaliseHistory([retry(1, 4_900)]))).toBeNull();
    const network = { ...retry(1, 4_800), reason: 'network', retryAfterMs: null } as HistoryEvent;
    expect(firstDifference(normaliseHistory([retry(1, 4_800)]), normaliseHistory([network]))).toMatch(/server-error \(503\).*network/);
  });

  it('reports a different number of settle points', () => {
    const once = normaliseHistory([harness(1, 'settled')]);
    expect(firstDifference(once, normaliseHistory([]))).toBe('one run has 2 steps, the other 1');
  });
});
