import { once } from 'node:events';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createMockIdp, type MockIdp } from './index.ts';
import { call, DEMO, refresh, signIn, useIdp } from './test-support.ts';

describe('createMockIdp', () => {
  it('binds loopback on a free port and closes cleanly', async () => {
    const idp = await createMockIdp();
    expect(idp.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await idp.close();
    await expect(fetch(`${idp.url}/__admin/state`)).rejects.toThrow();
  });

  it('refuses a bad config with an error naming the field', async () => {
    await expect(createMockIdp({ rotation: { preset: 'hydra', rotationGraceReuseCount: -1 } } as never)).rejects.toThrow(/rotation\.rotationGraceReuseCount/);
    await expect(createMockIdp({ users: [{ email: 'nope', password: 'x', name: '' }] } as never)).rejects.toThrow(/users\[0\]\.email/);
    // @ts-expect-error -- not an action: a compiler says so, and so does the IdP to a caller without one
    await expect(createMockIdp({ faults: [{ action: { type: 'explode' } }] })).rejects.toThrow(/faults\[0\]\.action/);
    // better-auth keeps emails and usernames unique whatever their case: a repeat is the config's error, named, not better-auth's.
    const users = [{ ...DEMO, username: 'ada_l' }, { email: DEMO.email.toUpperCase(), password: 'other-password', name: 'B', username: 'Ada_L' }];
    await expect(createMockIdp({ users })).rejects.toThrow(/users\[1\]\.email: expected a unique email \(case does not count\).*users\[1\]\.username: expected a unique username/);
  });

  it('names a bad listen option or log destination instead of leaving it to Node, which would crash the process', async () => {
    // null is "no options", as parseIdpConfig takes it.
    await (await createMockIdp(null as never)).close();
    await expect(createMockIdp({ port: 70_000 })).rejects.toThrow('options: port: expected an integer 0-65535, got 70000');
    await expect(createMockIdp({ host: '' })).rejects.toThrow('options: host: expected an interface to bind such as "127.0.0.1", got ""');
    await expect(createMockIdp({ logDestination: 42 as never, logLevel: 'info' })).rejects.toThrow('options: logDestination: expected a stream with a write() method, got 42');
  });

  it('keeps recording, and keeps its admin actions, when an events subscriber throws; refuses a listener that is no function', async () => {
    const idp = await createMockIdp();
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    try {
      expect(() => idp.admin.events.subscribe('x' as never)).toThrow('events.subscribe: expected a listener function, got "x"');
      const heard: string[] = [];
      idp.admin.events.subscribe(() => {
        throw new Error('listener boom');
      });
      idp.admin.events.subscribe((event) => heard.push(event.outcome));
      idp.admin.faults.clear();
      await idp.admin.clock.advance('1m');
      expect(heard).toEqual(['faults-cleared', 'clock-advanced']);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toContain('an idp.admin.events subscriber threw: listener boom');
      expect(() => idp.admin.events.list({ limit: 0 })).toThrow('query.limit: expected an integer between 1 and 100000, got 0');
      expect(() => idp.admin.events.list({ type: 'bogus' as never })).toThrow(/query\.type/);
    } finally {
      process.off('warning', onWarning);
      await idp.close();
    }
  });

  it('types the admin inputs for a caller with a compiler, and checks them at run time for one without', async () => {
    const idp = await createMockIdp({ users: [DEMO] });
    try {
      // Durations as people write them, typed as such.
      expect(idp.admin.faults.add({ match: { group: 'refresh' }, action: { type: 'delay', ms: '2s' } }).action).toEqual({ type: 'delay', ms: 2_000 });
      expect(idp.admin.faults.add({ quota: { limit: 1, windowMs: '1m' } }).quota).toMatchObject({ windowMs: 60_000 });
      expect(idp.admin.config.update({ lifetimes: { accessTokenTtl: '5m' } }).lifetimes.accessTokenTtl).toBe(300_000);
      // Each line below fails `npm run typecheck` if its mistake compiles, and the test if the IdP takes it.
      // @ts-expect-error -- no such route group
      expect(() => idp.admin.faults.add({ match: { group: 'refesh' }, action: { type: 'reset' } })).toThrow(/body\.match\.group: expected a route group/);
      // @ts-expect-error -- a status action needs its status
      expect(() => idp.admin.faults.add({ action: { type: 'status' } })).toThrow(/body\.action\.status/);
      // @ts-expect-error -- revoke names one target
      await expect(idp.admin.revoke({ family: 'fam_1' })).rejects.toThrow(/body/);
      // @ts-expect-error -- `all` is only ever `true`
      await expect(idp.admin.revoke({ all: false })).rejects.toThrow(/body\.all/);
      // @ts-expect-error -- expire takes a family or a user
      expect(() => idp.admin.expire({ sessionId: 's1' })).toThrow(/body/);
      // @ts-expect-error -- lifetimes, not lifetime
      expect(() => idp.admin.config.update({ lifetime: { accessTokenTtl: '5m' } })).toThrow(/body/);
      // @ts-expect-error -- a user needs a password
      await expect(idp.admin.createUser({ email: 'b@example.test', name: 'B' })).rejects.toThrow(/body\.password/);
      expect(idp.admin.faults.list()).toHaveLength(2);
    } finally {
      await idp.close();
    }
  });

  it('forgets the oldest sign-in past familyCapacity: its tokens are unknown everywhere, its better-auth session is gone, and an event says so', async () => {
    const idp = await createMockIdp({ users: [DEMO], familyCapacity: 2 });
    try {
      const first = await signIn(idp);
      const second = await signIn(idp);
      const firstFamily = idp.admin.state().families[0]!.id;
      const third = await signIn(idp);
      expect((await refresh(idp, first)).body).toMatchObject({ error: 'invalid_grant' });
      expect((await call(idp, 'GET', '/api/me', { token: first })).status).toBe(401);
      await expect.poll(() => idp.admin.state().sessions.length).toBe(2);
      expect((await call(idp, 'GET', '/api/auth/get-session', { token: first })).body).toBeNull();
      expect(idp.admin.events.list().filter((event) => event.outcome === 'family-forgotten')).toMatchObject([{ type: 'admin', familyId: firstFamily, detail: { capacity: 2 } }]);
      // The two newest are whole.
      for (const token of [second, third]) {
        expect((await call(idp, 'GET', '/api/auth/get-session', { token })).body).toHaveProperty('session');
        expect((await refresh(idp, token)).status).toBe(200);
      }
      expect(idp.admin.state().families.map((family) => family.id)).not.toContain(firstFamily);
    } finally {
      await idp.close();
    }
  });

  it('loads fault rules from config', async () => {
    const idp = await createMockIdp({ users: [DEMO], faults: [{ match: { group: 'api' }, action: { type: 'status', status: 503 }, times: 1 }] });
    try {
      const session = await signIn(idp);
      expect((await call(idp, 'GET', '/api/me', { token: session })).status).toBe(503);
      expect((await call(idp, 'GET', '/api/me', { token: session })).status).toBe(200);
    } finally {
      await idp.close();
    }
  });

  it('logs events as pino JSON lines in which no token or Authorization header appears', async () => {
    const lines: string[] = [];
    const destination = new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } });
    const idp = await createMockIdp({ users: [DEMO], logLevel: 'trace', logDestination: destination as never });
    try {
      const session = await signIn(idp);
      const rotated = await refresh(idp, session);
      await call(idp, 'GET', '/api/notes', { token: rotated.body.accessToken as string });
      await refresh(idp, session);
      // A request Node's parser refuses is logged (at trace) with the error, whose rawPacket is the request's bytes.
      await sendRefusedRequest(idp, `POST /api/auth/refresh HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${rotated.body.accessToken as string}\r\nX-Bad\u0001: 1\r\n\r\n{"refreshToken":"${rotated.body.refreshToken as string}"}`);
      // Buffers are logged as {type: 'Buffer', data: [bytes]}: read them as text, or a token in one would go unseen.
      const log = lines.map((line) => JSON.stringify(JSON.parse(line, (_key, value: unknown) => (isLoggedBuffer(value) ? Buffer.from(value.data).toString('latin1') : value)))).join('\n');
      expect(log).toContain('"msg":"client error"');
      expect(lines.length).toBeGreaterThan(3);
      expect(log).toContain('"outcome":"reuse-detected"');
      for (const token of idp.admin.issuedTokens()) expect(log).not.toContain(token);
      expect(log).not.toMatch(/Bearer [A-Za-z0-9_-]{10,}/);
      expect(log).not.toContain(DEMO.password);
    } finally {
      await idp.close();
    }
  });
});

function isLoggedBuffer(value: unknown): value is { type: 'Buffer'; data: number[] } {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data);
}

/** Writes a raw request line by line and waits for the server to hang up. */
function sendRefusedRequest(idp: MockIdp, raw: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(Number(new URL(idp.url).port), '127.0.0.1', () => socket.write(raw));
    socket.on('data', () => undefined).on('close', () => resolve()).on('error', () => resolve());
  });
}

describe('faults on the IdP routes', () => {
  const ctx = useIdp();

  it('answers a faulted refresh with 429 and Retry-After without consuming the refresh token', async () => {
    const session = await signIn(ctx.idp);
    ctx.idp.admin.faults.add({ match: { group: 'refresh' }, action: { type: 'status', status: 429, retryAfter: 7 }, times: 1 });
    const limited = await refresh(ctx.idp, session);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect((await refresh(ctx.idp, session)).status).toBe(200);
    const events = ctx.idp.admin.events.list({ type: 'request' }).filter((event) => event.group === 'refresh');
    expect(events.map((event) => [event.status, event.outcome])).toEqual([[429, 'fault:status'], [200, 'rotated']]);
    expect(events[0]!.fault?.action).toBe('status');
    // The IdP records no response headers: what the answer said about waiting is in the event, for checkers.
    expect(events[0]!.detail).toEqual({ retryAfterMs: 7_000 });
  });

  it('rate-limits the refresh route with a quota on the virtual clock', async () => {
    ctx.idp.admin.faults.add({ match: { group: 'refresh' }, quota: { limit: 2, windowMs: '1m' } });
    let token = await signIn(ctx.idp);
    for (let i = 0; i < 2; i += 1) token = (await refresh(ctx.idp, token)).body.refreshToken as string;
    const limited = await refresh(ctx.idp, token);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    await ctx.idp.admin.clock.advance('1m');
    expect((await refresh(ctx.idp, token)).status).toBe(200);
  });

  it('resets the connection of a faulted API call and records it', async () => {
    const session = await signIn(ctx.idp);
    ctx.idp.admin.faults.add({ id: 'offline', match: { group: 'api' }, action: { type: 'blackhole' } });
    await expect(call(ctx.idp, 'GET', '/api/me', { token: session })).rejects.toThrow();
    ctx.idp.admin.faults.remove('offline');
    expect((await call(ctx.idp, 'GET', '/api/me', { token: session })).status).toBe(200);
    const faulted = ctx.idp.admin.events.list({ type: 'request' }).find((event) => event.fault);
    expect(faulted).toMatchObject({ group: 'api', outcome: 'fault:blackhole', fault: { ruleId: 'offline', action: 'blackhole' } });
  });

  it('counts a request held by a delay as in flight (and held) until it is answered; a hung or blackholed one is settled at once', async () => {
    const session = await signIn(ctx.idp);
    expect(ctx.idp.admin.events.stats().inFlight).toBe(0);
    ctx.idp.admin.faults.add({ id: 'slow', match: { group: 'refresh' }, action: { type: 'delay', ms: 200 }, times: 1 });
    const held = refresh(ctx.idp, session);
    await expect.poll(() => ctx.idp.admin.events.stats().held).toBe(1);
    expect(ctx.idp.admin.events.stats().inFlight).toBe(1);
    expect((await held).status).toBe(200);
    expect(ctx.idp.admin.events.stats()).toMatchObject({ inFlight: 0, held: 0 });
    ctx.idp.admin.faults.add({ id: 'gone', match: { group: 'api' }, action: { type: 'blackhole' }, times: 1 });
    await expect(call(ctx.idp, 'GET', '/api/me', { token: session })).rejects.toThrow();
    expect(ctx.idp.admin.events.stats().inFlight).toBe(0);
  });

  it('records a request the client gave up on before it was answered as aborted-by-client, no longer in flight', async () => {
    const { port } = new URL(ctx.idp.url);
    const socket = connect(Number(port), '127.0.0.1');
    await once(socket, 'connect');
    // Headers announce a body that never finishes: the IdP is still reading it when the client hangs up.
    socket.write('POST /api/auth/refresh HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"refreshToken":');
    await expect.poll(() => ctx.idp.admin.events.stats().inFlight).toBe(1);
    socket.destroy();
    await expect.poll(() => ctx.idp.admin.events.stats().inFlight).toBe(0);
    const [aborted] = ctx.idp.admin.events.list({ type: 'request' }).filter((event) => event.group === 'refresh');
    expect(aborted).toMatchObject({ method: 'POST', path: '/api/auth/refresh', outcome: 'aborted-by-client' });
    expect(aborted!.status).toBeUndefined();
  });

  it('keeps the fault as the outcome of a delayed request the client abandons', async () => {
    const session = await signIn(ctx.idp);
    ctx.idp.admin.faults.add({ id: 'slow', match: { group: 'api' }, action: { type: 'delay', ms: 60_000 } });
    const abandoned = fetch(`${ctx.idp.url}/api/me`, { headers: { authorization: `Bearer ${session}` }, signal: AbortSignal.timeout(50) });
    await expect(abandoned).rejects.toThrow();
    await expect.poll(() => ctx.idp.admin.events.stats().inFlight).toBe(0);
    const event = ctx.idp.admin.events.list({ type: 'request' }).find((candidate) => candidate.group === 'api');
    expect(event).toMatchObject({ outcome: 'fault:delay', fault: { ruleId: 'slow', action: 'delay' } });
    expect(event!.status).toBeUndefined();
  });

  it('serves a malformed refresh body while still rotating (the client must survive it)', async () => {
    const session = await signIn(ctx.idp);
    ctx.idp.admin.faults.add({ match: { group: 'refresh' }, action: { type: 'malformed' }, times: 1 });
    const response = await fetch(`${ctx.idp.url}/api/auth/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: session }) });
    expect(response.status).toBe(200);
    await expect(response.json()).rejects.toThrow();
    expect((await refresh(ctx.idp, session)).body.code).toBe('REFRESH_TOKEN_REUSED');
  });

  it('matches faults by client id header', async () => {
    const session = await signIn(ctx.idp);
    ctx.idp.admin.faults.add({ match: { client: 'window-2' }, action: { type: 'status', status: 503 } });
    expect((await call(ctx.idp, 'GET', '/api/me', { token: session, headers: { 'x-tokenstorm-client': 'window-2' } })).status).toBe(503);
    expect((await call(ctx.idp, 'GET', '/api/me', { token: session, headers: { 'x-tokenstorm-client': 'window-1' } })).status).toBe(200);
  });
});
