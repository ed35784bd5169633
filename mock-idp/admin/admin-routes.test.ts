import { describe, expect, it } from 'vitest';
import { call, refresh, signIn, useIdp } from '../test-support.ts';

describe('/__admin/* API', () => {
  const ctx = useIdp();

  it.each([
    ['/__admin/clock', { advance: 'soon' }, 'body.advance: expected a duration'],
    ['/__admin/clock', {}, 'expected exactly one of "advance", "set"'],
    ['/__admin/clock', { advance: 1, set: 2 }, 'got advance and set'],
    ['/__admin/clock', { set: 'yesterday-ish' }, 'body.set'],
    ['/__admin/clock', { set: 1e20 }, 'body.set: expected an ISO date-time such as "2030-01-01T00:00:00Z", or epoch ms a Date can hold (at most 8640000000000000 either side of 1970), got 100000000000000000000'],
    ['/__admin/clock', { set: 'garbage' }, 'body.set: expected an ISO date-time such as "2030-01-01T00:00:00Z", or epoch ms a Date can hold (at most 8640000000000000 either side of 1970), got "garbage"'],
    ['/__admin/clock', { set: true }, 'body.set: expected an ISO date-time such as "2030-01-01T00:00:00Z", or epoch ms'],
    ['/__admin/clock', { advance: { by: 1 } }, 'body.advance: expected a duration such as 900, "900ms", "30s", "15m", "2h" or "7d" (at most 36500d), got an object'],
    ['/__admin/clock', { advance: '99999999d' }, 'body.advance: expected a duration such as 900, "900ms", "30s", "15m", "2h" or "7d" (at most 36500d)'],
    ['/__admin/faults', { action: { type: 'status', status: 999 } }, 'action.status'],
    ['/__admin/faults', { match: { group: 'refresh' } }, 'action'],
    ['/__admin/revoke', {}, 'expected exactly one of'],
    ['/__admin/revoke', { email: 'not-an-email' }, 'body.email'],
    ['/__admin/expire', { familyId: 7 }, 'body.familyId'],
    ['/__admin/users', { email: 'x@example.test', password: 'short', name: 'X' }, 'body.password'],
  ])('POST %s with %j is a 400 that names the field', async (path, body, fragment) => {
    const response = await call(ctx.idp, 'POST', path, { body });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_request');
    expect(String(response.body.error_description)).toContain(fragment);
  });

  it('refuses an unknown config field and an unknown preset with the path', async () => {
    const unknownField = await call(ctx.idp, 'PATCH', '/__admin/config', { body: { lifetimes: { accessTTL: '1m' } } });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error_description).toContain('body.lifetimes');
    const badPreset = await call(ctx.idp, 'PATCH', '/__admin/config', { body: { rotation: { preset: 'google' } } });
    expect(badPreset.status).toBe(400);
    expect(badPreset.body.error_description).toContain('body.rotation.preset');
  });

  it('answers non-JSON and bad query strings with 400, never 500', async () => {
    expect((await call(ctx.idp, 'POST', '/__admin/clock', { body: 'not json' })).status).toBe(400);
    const badQuery = await call(ctx.idp, 'GET', '/__admin/events?since=abc');
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.error_description).toBe('query.since: expected a sequence number (an integer from 0), got "abc"');
    const repeated = await call(ctx.idp, 'GET', '/__admin/events?since=1&since=2');
    expect(repeated.status).toBe(400);
    expect(repeated.body.error_description).toBe('query.since: given more than once; expected one sequence number (an integer from 0)');
    const hugeLimit = await call(ctx.idp, 'GET', '/__admin/events?limit=1e400');
    expect(hugeLimit.status).toBe(400);
    expect(hugeLimit.body.error_description).toBe('query.limit: expected an integer between 1 and 100000, got "1e400"');
    // In-process, numbers are numbers, and named as such.
    expect(() => ctx.idp.admin.events.list({ since: -1 })).toThrow('query.since: expected a sequence number (an integer from 0), got -1');
    expect((await call(ctx.idp, 'DELETE', '/__admin/faults/nope')).status).toBe(404);
  });

  it('refuses to advance the clock past the latest instant a Date can hold, and leaves it where it was', async () => {
    const nearTheEnd = 8.64e15 - 86_400_000;
    expect((await call(ctx.idp, 'POST', '/__admin/clock', { body: { set: nearTheEnd } })).status).toBe(200);
    const advanced = await call(ctx.idp, 'POST', '/__admin/clock', { body: { advance: '2d' } });
    expect(advanced.status).toBe(400);
    expect(advanced.body.error_description).toContain('body.advance: expected a duration that keeps the clock within what a Date can hold');
    expect((await call(ctx.idp, 'GET', '/__admin/clock')).body.iso).toMatch(/^\+275760-09-12/);
    await expect(ctx.idp.admin.clock.advance('2d')).rejects.toThrow(/body\.advance/);
  });

  it('advances and sets the virtual clock', async () => {
    const before = (await call(ctx.idp, 'GET', '/__admin/clock')).body.now as number;
    const advanced = await call(ctx.idp, 'POST', '/__admin/clock', { body: { advance: '2h' } });
    expect(advanced.body.now as number).toBeGreaterThanOrEqual(before + 7_200_000);
    const set = await call(ctx.idp, 'POST', '/__admin/clock', { body: { set: '2031-01-01T00:00:00Z' } });
    expect(set.body.iso).toMatch(/^2031-01-01T00:00:00/);
  });

  it('shows state with fingerprints only, and config including the resolved policy', async () => {
    const session = await signIn(ctx.idp);
    const rotated = await refresh(ctx.idp, session);
    const state = await call(ctx.idp, 'GET', '/__admin/state');
    expect(state.body.users).toEqual([expect.objectContaining({ email: 'ada@example.test' })]);
    expect(state.body.families).toEqual([expect.objectContaining({ status: 'active', rotations: 1 })]);
    const text = JSON.stringify(state.body);
    for (const token of [session, rotated.body.accessToken, rotated.body.refreshToken] as string[]) expect(text).not.toContain(token);
    const config = await call(ctx.idp, 'PATCH', '/__admin/config', { body: { rotation: { preset: 'okta' } } });
    expect(config.body.policy).toMatchObject({ name: 'okta', graceMs: 30_000, onReuse: 'revoke-family' });
  });

  it('lists only the newest sessions and families a query asks for, and counts them all', async () => {
    for (let i = 0; i < 3; i += 1) await signIn(ctx.idp);
    const all = (await call(ctx.idp, 'GET', '/__admin/state')).body;
    const ids = (list: unknown) => (list as Array<{ id: string }>).map((item) => item.id);
    expect(ids(all.families)).toHaveLength(3);
    expect(ids(all.sessions)).toHaveLength(3);
    expect(all.counts).toEqual({ users: 1, sessions: 3, families: 3, familyCapacity: 100_000 });
    const newest = (await call(ctx.idp, 'GET', '/__admin/state?limit=2')).body;
    expect(ids(newest.families)).toEqual(ids(all.families).slice(1));
    expect(ids(newest.sessions)).toEqual(ids(all.sessions).slice(1));
    expect(newest.users).toEqual(all.users);
    expect(newest.counts).toEqual(all.counts);
    const none = (await call(ctx.idp, 'GET', '/__admin/state?limit=0')).body;
    expect([none.families, none.sessions]).toEqual([[], []]);
    expect(ctx.idp.admin.state({ limit: 1 }).families.map((family) => family.id)).toEqual(ids(all.families).slice(2));
    for (const [query, message] of [
      ['limit=-1', 'query.limit: expected a number of the newest sessions and families to list (an integer from 0), got "-1"'],
      ['limit=1&limit=2', 'query.limit: given more than once; expected one number of the newest sessions and families to list (an integer from 0)'],
      ['families=1', 'query: Unrecognized key: "families"'],
    ] as const) {
      const refused = await call(ctx.idp, 'GET', `/__admin/state?${query}`);
      expect(refused.status, query).toBe(400);
      expect(refused.body.error_description, query).toContain(message);
    }
  });

  it('changes only the config fields a PATCH names: the others keep what was set, not their defaults', async () => {
    await call(ctx.idp, 'PATCH', '/__admin/config', { body: { lifetimes: { refreshTokenTtl: '1h' }, abuseDetection: { maxRefreshes: 5, window: '10m' } } });
    const config = await call(ctx.idp, 'PATCH', '/__admin/config', { body: { lifetimes: { accessTokenTtl: '1m' }, abuseDetection: { newLocation: true } } });
    expect(config.body.lifetimes).toMatchObject({ accessTokenTtl: 60_000, refreshTokenTtl: 3_600_000 });
    expect(config.body.abuseDetection).toEqual({ maxRefreshes: 5, window: 600_000, newLocation: true });
  });

  it('revokes by user e-mail and by all', async () => {
    await signIn(ctx.idp);
    await signIn(ctx.idp);
    // Emails are matched as better-auth stores them: in lower case.
    expect((await call(ctx.idp, 'POST', '/__admin/revoke', { body: { email: 'Ada@Example.test' } })).body).toEqual({ revoked: 2 });
    await signIn(ctx.idp);
    expect((await call(ctx.idp, 'POST', '/__admin/revoke', { body: { all: true } })).body).toEqual({ revoked: 1 });
    expect((await call(ctx.idp, 'POST', '/__admin/revoke', { body: { email: 'nobody@example.test' } })).status).toBe(404);
  });

  it('revokes one token of any kind the IdP issued: an access token, a refresh token with its family, a telemetry token', async () => {
    const session = await signIn(ctx.idp);
    const { body } = await refresh(ctx.idp, session);
    const revoke = async (token: string) => (await call(ctx.idp, 'POST', '/__admin/revoke', { body: { token } })).body;
    expect(await revoke(body.accessToken as string)).toEqual({ revoked: 1 });
    expect((await call(ctx.idp, 'GET', '/api/me', { token: body.accessToken as string })).status).toBe(401);
    expect(await revoke(body.refreshToken as string)).toEqual({ revoked: 1 });
    expect((await refresh(ctx.idp, body.refreshToken as string)).body.code).toBe('REFRESH_TOKEN_REVOKED');
    const minted = await call(ctx.idp, 'POST', '/api/telemetry/token', { body: { installId: 'install-0001', clientId: 'tokenstorm-desktop' } });
    const telemetryToken = minted.body.telemetryToken as string;
    expect(await revoke(telemetryToken)).toEqual({ revoked: 1 });
    expect(await revoke(telemetryToken)).toEqual({ revoked: 0 });
    const sent = await call(ctx.idp, 'POST', '/api/telemetry', { token: telemetryToken, body: { events: [{ name: 'opened' }] } });
    expect(sent.status).toBe(401);
    expect(await revoke('never-issued')).toEqual({ revoked: 0 });
  });

  it('creates users that can sign in', async () => {
    const created = await call(ctx.idp, 'POST', '/__admin/users', { body: { email: 'lin@example.test', password: 'long-enough', name: 'Lin' } });
    expect(created.status).toBe(201);
    const signIn = await call(ctx.idp, 'POST', '/api/auth/sign-in/email', { body: { email: 'lin@example.test', password: 'long-enough' } });
    expect(signIn.status).toBe(200);
    expect((await call(ctx.idp, 'POST', '/__admin/users', { body: { email: 'lin@example.test', password: 'long-enough', name: 'Lin' } })).status).toBe(400);
  });

  it('refuses a user who is already there in another case, and a password better-auth would never accept', async () => {
    expect((await call(ctx.idp, 'POST', '/__admin/users', { body: { email: 'lin@example.test', password: 'long-enough', name: 'Lin', username: 'lin_c' } })).status).toBe(201);
    const sameEmail = await call(ctx.idp, 'POST', '/__admin/users', { body: { email: 'LIN@Example.test', password: 'long-enough', name: 'Lin 2' } });
    expect(sameEmail.status).toBe(400);
    expect(sameEmail.body.error_description).toBe('body.email: expected an email not yet registered, "LIN@Example.test" is');
    const sameUsername = await call(ctx.idp, 'POST', '/__admin/users', { body: { email: 'other@example.test', password: 'long-enough', name: 'Other', username: 'LIN_C' } });
    expect(sameUsername.status).toBe(400);
    expect(sameUsername.body.error_description).toBe('body.username: expected a username not yet taken, "LIN_C" is');
    const longPassword = await call(ctx.idp, 'POST', '/__admin/users', { body: { email: 'long@example.test', password: 'x'.repeat(129), name: 'Long' } });
    expect(longPassword.status).toBe(400);
    expect(longPassword.body.error_description).toContain('body.password: expected a password of at most 128 characters');
    expect((ctx.idp.admin.state().users as Array<{ email: string }>).filter((user) => user.email === 'lin@example.test')).toHaveLength(1);
  });

  it('lists events since a sequence number and streams them as server-sent events', async () => {
    await signIn(ctx.idp);
    const all = (await call(ctx.idp, 'GET', '/__admin/events')).body.events as Array<{ seq: number }>;
    expect(all.length).toBeGreaterThan(0);
    const since = (await call(ctx.idp, 'GET', `/__admin/events?since=${all.at(-1)!.seq}`)).body.events;
    expect(since).toEqual([]);

    const controller = new AbortController();
    const stream = await fetch(`${ctx.idp.url}/__admin/events/stream`, { signal: controller.signal });
    expect(stream.headers.get('content-type')).toBe('text/event-stream');
    const reader = stream.body!.getReader();
    let text = '';
    while (!text.includes('"seq":1,')) text += new TextDecoder().decode((await reader.read()).value);
    await ctx.idp.admin.clock.advance('1m');
    while (!text.includes('clock-advanced')) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    expect(text).toMatch(/^: tokenstorm idp events\n\nid: 1\nevent: idp-event\ndata: /);
  });

  it('refuses a __proto__ key in a JSON body, saying so', async () => {
    const poisoned = await call(ctx.idp, 'POST', '/__admin/users', { body: '{"email":"x@example.test","__proto__":{"admin":true}}' });
    expect(poisoned.status).toBe(400);
    expect(poisoned.body.error_description).toBe('the JSON body has the key "__proto__", which is refused (prototype poisoning)');
  });

  it('reset brings back the configured state and clears events, faults and clock', async () => {
    await signIn(ctx.idp);
    ctx.idp.admin.faults.add({ match: { group: 'api' }, action: { type: 'status', status: 503 } });
    await ctx.idp.admin.clock.advance('3d');
    await call(ctx.idp, 'POST', '/__admin/reset');
    const state = ctx.idp.admin.state();
    expect(state.families).toEqual([]);
    expect(state.faults).toEqual([]);
    expect(Math.abs(state.clockOffsetMs)).toBeLessThan(1000);
    expect(state.events.size).toBe(1);
  });
});

describe('/__admin/events/stream (server-sent events)', () => {
  const ctx = useIdp();

  /** Opens the stream; fetch resolves once the response headers arrive. */
  async function open(query = '', headers: Record<string, string> = {}) {
    const controller = new AbortController();
    const response = await fetch(`${ctx.idp.url}/__admin/events/stream${query}`, { signal: controller.signal, headers });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    return {
      response,
      async readUntil(fragment: string): Promise<string> {
        while (!text.includes(fragment)) text += decoder.decode((await reader.read()).value);
        return text;
      },
      close: () => controller.abort(),
    };
  }

  const ids = (text: string) => [...text.matchAll(/^id: (\d+)$/gm)].map((match) => Number(match[1]));

  it('answers HEAD with the stream\'s headers and no body, at once', async () => {
    const response = await fetch(`${ctx.idp.url}/__admin/events/stream`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toBe('');
  });

  it('sends its headers and a comment before any event, even with nothing to replay (?since=<last seq>)', async () => {
    await signIn(ctx.idp);
    const last = ctx.idp.admin.events.stats().lastSeq;
    const stream = await open(`?since=${last}`);
    try {
      expect(stream.response.headers.get('content-type')).toBe('text/event-stream');
      expect(await stream.readUntil('\n\n')).toBe(': tokenstorm idp events\n\n');
      await ctx.idp.admin.clock.advance('1m');
      const text = await stream.readUntil('clock-advanced');
      expect(ids(text)).toEqual([last + 1]);
    } finally {
      stream.close();
    }
  });

  it('resumes after Last-Event-ID when EventSource reconnects, over the ?since= it repeats', async () => {
    await signIn(ctx.idp);
    await ctx.idp.admin.clock.advance('1m');
    const last = ctx.idp.admin.events.stats().lastSeq;
    expect(last).toBeGreaterThan(2);
    const stream = await open('?since=0', { 'last-event-id': String(last - 1) });
    try {
      const text = await stream.readUntil(`id: ${last}\n`);
      expect(ids(text)).toEqual([last]);
    } finally {
      stream.close();
    }
  });

  it('refuses a Last-Event-ID that is no event id with a 400 naming the header', async () => {
    const response = await call(ctx.idp, 'GET', '/__admin/events/stream', { headers: { 'last-event-id': 'x1' } });
    expect(response.status).toBe(400);
    expect(response.body.error_description).toBe('headers.last-event-id: expected the id of an event received, a sequence number (an integer from 0), got "x1"');
  });
});
