import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWire } from './wire.ts';
import { jsonResponse, type WireOutcome } from './wire-types.ts';

const BASE = 'http://idp.test';

function setup(outcome: WireOutcome, scheduler: fc.Scheduler | null = null) {
  let seq = 0;
  return createWire({ baseUrl: BASE, transport: () => outcome, clock: { now: () => 42 }, sequence: () => ++seq, scheduler });
}

describe('wire (scheduled, recording fetch)', () => {
  it('records the route, the presented refresh token and the tokens a rotation issued', async () => {
    const wire = setup(jsonResponse(200, { accessToken: 'a1', refreshToken: 'r1', expiresIn: 900 }));
    const res = await wire.fetch(`${BASE}/api/auth/refresh`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"refreshToken":"r0"}' });
    expect(res.status).toBe(200);
    expect(wire.records[0]).toMatchObject({ route: 'refresh', refreshToken: 'r0', outcome: 200, issued: { accessToken: 'a1', refreshToken: 'r1' }, sentAt: 42 });
  });

  it('records Retry-After and the error code of a failure', async () => {
    const wire = setup(jsonResponse(429, { error: 'rate_limited' }, { 'retry-after': '7' }));
    const res = await wire.fetch(`${BASE}/api/auth/refresh`, { method: 'POST', body: '{"refreshToken":"r0"}' });
    expect(res.headers.get('Retry-After')).toBe('7');
    expect(wire.records[0]).toMatchObject({ retryAfterMs: 7_000, errorCode: 'rate_limited' });
  });

  it('turns a network error into a rejected fetch, like the real one', async () => {
    const wire = setup({ kind: 'network-error' });
    await expect(wire.fetch(`${BASE}/api/notes`)).rejects.toThrow(TypeError);
    expect(wire.records[0]?.outcome).toBe('network-error');
  });

  it('a hung request settles only when the client aborts it', async () => {
    const wire = setup({ kind: 'hang' });
    const controller = new AbortController();
    const pending = wire.fetch(`${BASE}/api/notes`, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(wire.records[0]?.outcome).toBe('hang');
  });

  it('records when the client gave up on a request (its signal fired), and nothing when it never does', async () => {
    let now = 0;
    let seq = 0;
    const wire = createWire({ baseUrl: BASE, transport: () => ({ kind: 'hang' }), clock: { now: () => now }, sequence: () => ++seq });
    const controller = new AbortController();
    const aborted = wire.fetch(`${BASE}/api/auth/refresh`, { method: 'POST', signal: controller.signal });
    void wire.fetch(`${BASE}/api/auth/refresh`, { method: 'POST', signal: new AbortController().signal });
    void wire.fetch(`${BASE}/api/auth/refresh`, { method: 'POST' });
    now = 2_000;
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    expect(wire.records.map((r) => r.abortedAt)).toEqual([2_000, null, null]);
    expect(wire.records.map((r) => r.outcome)).toEqual(['hang', 'hang', 'hang']);
  });

  it('holds request and response until the scheduler releases them, and labels them without tokens', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), async (s) => {
        const wire = setup(jsonResponse(200, {}), s);
        let done = false;
        void wire.fetch(`${BASE}/api/notes`, { headers: { Authorization: 'Bearer secret-token' } }).then(() => (done = true));
        await Promise.resolve();
        expect(done).toBe(false);
        await s.waitIdle();
        expect(done).toBe(true);
        const labels = s.report().map((r) => r.label);
        expect(labels).toEqual(['#1 GET /api/notes →', '#1 ← 200']);
        expect(labels.join()).not.toContain('secret-token');
      }),
      { numRuns: 5 },
    );
  });
});
