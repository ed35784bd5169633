import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createFaultEngine, type FaultEngine } from './fault-engine.ts';
import { installFaultHooks, type FaultHooksOptions } from './faults-plugin.ts';
import type { FaultDecision } from './types.ts';

interface Harness {
  app: FastifyInstance;
  engine: FaultEngine;
  url: string;
  /** How many times the /api/me route ran. */
  handled: () => number;
  /** `request.tokenstormFault` as seen by a later hook, per response. */
  recorded: Array<FaultDecision | null>;
  onFault: ReturnType<typeof vi.fn<NonNullable<FaultHooksOptions['onFault']>>>;
}

const started: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((app) => app.close()));
});

/** A real server on 127.0.0.1:0 with one JSON route and one admin route that is never faulted. */
async function startServer(options: Partial<FaultHooksOptions> = {}): Promise<Harness> {
  const app = Fastify();
  started.push(app);
  let now = 0;
  const engine = createFaultEngine({ clock: { now: () => now }, seed: 1 });
  const onFault = vi.fn<NonNullable<FaultHooksOptions['onFault']>>();
  const recorded: Array<FaultDecision | null> = [];
  installFaultHooks(app, {
    engine,
    classify: (request) => (request.url.startsWith('/__admin') ? null : { group: 'resource', path: request.url, method: request.method }),
    onFault,
    ...options,
  });
  app.addHook('onResponse', async (request) => {
    recorded.push(request.tokenstormFault);
  });
  let handled = 0;
  app.get('/api/me', async () => {
    handled++;
    now += 1;
    return { accessToken: 'a'.repeat(64), user: { id: 'u1', email: 'ada@example.test' } };
  });
  app.get('/api/empty', async (_request, reply) => reply.send(''));
  app.get('/__admin/ping', async () => ({ ok: true }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { app, engine, url: `http://127.0.0.1:${port}`, handled: () => handled, recorded, onFault };
}

describe('installFaultHooks', () => {
  test('passes requests through when no rule matches', async () => {
    const { url, handled, recorded } = await startServer();
    const response = await fetch(`${url}/api/me`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ user: { id: 'u1' } });
    expect(handled()).toBe(1);
    expect(recorded).toEqual([null]);
  });

  test('classifies requests only while a rule is set', async () => {
    const classify = vi.fn(() => ({ group: 'resource' as const, path: '/api/me', method: 'GET' }));
    const { url, engine } = await startServer({ classify });
    await fetch(`${url}/api/me`);
    expect(classify).not.toHaveBeenCalled();
    engine.add({ id: 'later', match: { path: '/never' }, action: { type: 'reset' } });
    await fetch(`${url}/api/me`);
    expect(classify).toHaveBeenCalledTimes(1);
  });

  test('status: answers with the status, Retry-After and the default OAuth-shaped body, and never runs the route', async () => {
    const { url, engine, handled, onFault, recorded } = await startServer();
    engine.add({ id: 'down', action: { type: 'status', status: 503, retryAfter: 7, headers: { 'x-served-by': 'tokenstorm' } } });
    const response = await fetch(`${url}/api/me`);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(response.headers.get('x-served-by')).toBe('tokenstorm');
    expect(await response.json()).toEqual({ error: 'injected_fault', error_description: 'tokenstorm fault rule down answered 503' });
    expect(handled()).toBe(0);
    const decision = { ruleId: 'down', action: expect.objectContaining({ type: 'status' }) };
    expect(onFault).toHaveBeenCalledWith(expect.objectContaining({ url: '/api/me' }), decision);
    expect(recorded).toEqual([decision]);
  });

  test('status: a quota answers 429 with Retry-After once the limit is spent', async () => {
    const { url, engine } = await startServer();
    engine.add({ quota: { limit: 1, windowMs: 30_000 } });
    expect((await fetch(`${url}/api/me`)).status).toBe(200);
    const limited = await fetch(`${url}/api/me`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('30');
    expect(await limited.json()).toMatchObject({ error: 'rate_limited' });
  });

  test('delay: holds the request, then lets the route answer', async () => {
    const { url, engine, handled, onFault } = await startServer();
    engine.add({ action: { type: 'delay', ms: 50 } });
    const response = await fetch(`${url}/api/me`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ user: { id: 'u1' } });
    expect(handled()).toBe(1);
    expect(onFault).toHaveBeenCalledOnce();
  });

  test('delay: a time scale shortens the real wait by the same factor as the client clock runs faster', async () => {
    const { url, engine, handled } = await startServer({ timeScale: 1_000 });
    // 60 s of configured delay are 60 real ms at scale 1000; unscaled, the request would outlive the test.
    engine.add({ action: { type: 'delay', ms: 60_000 } });
    expect((await fetch(`${url}/api/me`)).status).toBe(200);
    expect(handled()).toBe(1);
  });

  test('delay: a request the client abandons never reaches the route', async () => {
    const { app, url, engine, handled, onFault } = await startServer();
    engine.add({ action: { type: 'delay', ms: 10_000 } });
    await expect(fetch(`${url}/api/me`, { signal: AbortSignal.timeout(100) })).rejects.toThrow();
    await vi.waitFor(() => expect(onFault).toHaveBeenCalledOnce());
    await app.close();
    expect(handled()).toBe(0);
  });

  test('reset: the connection is reset (ECONNRESET) without a response', async () => {
    const { url, engine, handled, onFault } = await startServer();
    engine.add({ action: { type: 'reset' } });
    await expect(fetch(`${url}/api/me`)).rejects.toMatchObject({ cause: { code: 'ECONNRESET' } });
    expect(handled()).toBe(0);
    expect(onFault).toHaveBeenCalledWith(expect.anything(), { ruleId: 'f1', action: { type: 'reset' } });
  });

  test('blackhole: the connection closes before any response byte, without a reset', async () => {
    const { url, engine, handled, onFault } = await startServer();
    engine.add({ action: { type: 'blackhole' } });
    const error: unknown = await fetch(`${url}/api/me`).then(() => undefined, (rejection: unknown) => rejection);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).cause).not.toMatchObject({ code: 'ECONNRESET' });
    expect(handled()).toBe(0);
    expect(onFault.mock.calls[0]?.[1].action.type).toBe('blackhole');
  });

  test('hang: never answers; the client gives up and app.close() still resolves', async () => {
    const { app, url, engine, handled, onFault } = await startServer();
    engine.add({ action: { type: 'hang' } });
    await expect(fetch(`${url}/api/me`, { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    await expect(app.close()).resolves.toBeUndefined();
    expect(handled()).toBe(0);
    expect(onFault).toHaveBeenCalledOnce();
  });

  test('hang: closing the app releases a request the client still waits on', async () => {
    const { app, url, engine, onFault } = await startServer();
    engine.add({ action: { type: 'hang' } });
    const pending = fetch(`${url}/api/me`);
    pending.catch(() => {});
    await vi.waitFor(() => expect(onFault).toHaveBeenCalledOnce());
    await expect(app.close()).resolves.toBeUndefined();
    await expect(pending).rejects.toThrow(TypeError);
  });

  test('hang: the connection is destroyed after hangTimeoutMs', async () => {
    const { url, engine } = await startServer({ hangTimeoutMs: 100 });
    engine.add({ action: { type: 'hang' } });
    await expect(fetch(`${url}/api/me`)).rejects.toThrow(TypeError);
  });

  test('hang: a rule\'s own ms wins over the IdP\'s hang timeout', async () => {
    const { url, engine } = await startServer({ hangTimeoutMs: 600_000 });
    engine.add({ action: { type: 'hang', ms: 100 } });
    await expect(fetch(`${url}/api/me`)).rejects.toThrow(TypeError);
  });

  test('truncate: the route runs but the body stops halfway through its Content-Length', async () => {
    const { url, engine, handled, onFault } = await startServer();
    engine.add({ action: { type: 'truncate' } });
    const response = await fetch(`${url}/api/me`);
    expect(response.status).toBe(200);
    const announced = Number(response.headers.get('content-length'));
    expect(announced).toBeGreaterThan(100);
    await expect(response.text().then((text) => JSON.parse(text))).rejects.toThrow();
    expect(handled()).toBe(1);
    expect(onFault).toHaveBeenCalledOnce();
  });

  test('truncate: an empty body announces one byte that never arrives', async () => {
    const { url, engine } = await startServer();
    engine.add({ action: { type: 'truncate' } });
    const response = await fetch(`${url}/api/empty`);
    expect(response.headers.get('content-length')).toBe('1');
    await expect(response.text()).rejects.toThrow();
  });

  test('malformed: keeps the status and JSON content type but the body does not parse', async () => {
    const { url, engine, handled, recorded } = await startServer();
    engine.add({ action: { type: 'malformed' } });
    const response = await fetch(`${url}/api/me`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await response.text();
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(handled()).toBe(1);
    expect(recorded).toEqual([{ ruleId: 'f1', action: { type: 'malformed' } }]);
  });

  test('requests classified as null are never faulted and never counted', async () => {
    const { url, engine, onFault } = await startServer();
    engine.add({ action: { type: 'reset' } });
    const response = await fetch(`${url}/__admin/ping`);
    expect(await response.json()).toEqual({ ok: true });
    expect(onFault).not.toHaveBeenCalled();
    expect(engine.list()[0]).toMatchObject({ seen: 0, applied: 0 });
  });

  test('later requests on the server are unaffected once a rule is spent', async () => {
    const { url, engine } = await startServer();
    engine.add({ action: { type: 'reset' }, times: 1 });
    await expect(fetch(`${url}/api/me`)).rejects.toThrow(TypeError);
    expect((await fetch(`${url}/api/me`)).status).toBe(200);
  });

  test('rejects a hangTimeoutMs that is not a positive number with a TypeError', () => {
    const engine = createFaultEngine({ clock: { now: () => 0 }, seed: 1 });
    expect(() => installFaultHooks(Fastify(), { engine, classify: () => null, hangTimeoutMs: 0 })).toThrow(TypeError);
  });
});
