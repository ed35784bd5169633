/**
 * Bad input never breaks the OAuth surface: whatever is sent to the token,
 * authorization, device, revocation and introspection endpoints, the answer is
 * never a 5xx and every error is an RFC error code with its specified status;
 * and one wrong parameter in an otherwise valid code redemption gets exactly
 * the error the specs name for it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEMO, useIdp } from '../test-support.ts';
import type { MockIdp } from '../index.ts';
import { authorizeParams, BACKEND, codeFlow, DESKTOP, form, LOOPBACK, pkcePair, signInThroughPage, startDeviceFlow } from './oauth-test-support.ts';

/** Every `error` an OAuth endpoint may answer (RFC 6749 §4.1.2.1, §5.2; RFC 8628 §3.5; RFC 7009 §2.2.1; OIDC Core §3.1.2.6). */
const RFC_ERRORS = new Set([
  'invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope',
  'unsupported_response_type', 'access_denied', 'authorization_pending', 'slow_down', 'expired_token', 'login_required', 'unsupported_token_type',
]);
/** RFC 6749 §5.2: 400, or 401 for invalid_client. */
const ERROR_STATUS = (error: string) => (error === 'invalid_client' ? 401 : 400);

type Endpoint = 'token' | 'authorize-get' | 'authorize-post' | 'device_authorization' | 'device-post' | 'revoke' | 'introspect' | 'challenge';
type Encoding = 'form' | 'json' | 'text' | 'broken-json' | 'none';
type ClientAuth = 'none' | 'basic-valid' | 'basic-wrong' | 'basic-garbage' | 'bearer';
type Value = string | number | boolean | null | string[];

interface MalformedRequest {
  endpoint: Endpoint;
  params: Record<string, Value>;
  encoding: Encoding;
  auth: ClientAuth;
}

/** What the generators draw parameter names and plausible values from: real ids and tokens mixed with junk. */
interface RequestConstraints {
  names: readonly string[];
  fixtures: readonly string[];
}

function valueArb(fixtures: readonly string[]): fc.Arbitrary<Value> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...fixtures) },
    { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
    { weight: 1, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: fc.array(fc.constantFrom(...fixtures), { minLength: 2, maxLength: 3 }) },
    { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null)) },
  );
}

function malformedRequestArb(constraints: RequestConstraints): fc.Arbitrary<MalformedRequest> {
  return fc.record({
    endpoint: fc.constantFrom<Endpoint>('token', 'authorize-get', 'authorize-post', 'device_authorization', 'device-post', 'revoke', 'introspect', 'challenge'),
    params: fc.dictionary(fc.constantFrom(...constraints.names), valueArb(constraints.fixtures), { maxKeys: 8 }),
    encoding: fc.constantFrom<Encoding>('form', 'form', 'json', 'text', 'broken-json', 'none'),
    auth: fc.constantFrom<ClientAuth>('none', 'none', 'basic-valid', 'basic-wrong', 'basic-garbage', 'bearer'),
  });
}

const PATHS: Record<Endpoint, string> = {
  token: '/oauth/token',
  'authorize-get': '/oauth/authorize',
  'authorize-post': '/oauth/authorize',
  device_authorization: '/oauth/device_authorization',
  'device-post': '/oauth/device',
  revoke: '/oauth/revoke',
  introspect: '/oauth/introspect',
  challenge: '/oauth/challenge',
};

function formBody(params: Record<string, Value>): URLSearchParams {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) for (const item of Array.isArray(value) ? value : [value]) body.append(name, String(item));
  return body;
}

function authHeader(auth: ClientAuth): Record<string, string> {
  const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
  switch (auth) {
    case 'none':
      return {};
    case 'basic-valid':
      return { authorization: basic(BACKEND.id, BACKEND.secret) };
    case 'basic-wrong':
      return { authorization: basic(BACKEND.id, 'not-the-secret') };
    case 'basic-garbage':
      return { authorization: 'Basic %%%not-base64' };
    case 'bearer':
      return { authorization: 'Bearer abc.def.ghi' };
  }
}

async function send(idp: MockIdp, request: MalformedRequest): Promise<Response> {
  const path = PATHS[request.endpoint];
  if (request.endpoint === 'authorize-get') return fetch(`${idp.url}${path}?${formBody(request.params)}`, { redirect: 'manual' });
  const bodies: Record<Encoding, { type?: string; body?: string }> = {
    form: { type: 'application/x-www-form-urlencoded', body: formBody(request.params).toString() },
    json: { type: 'application/json', body: JSON.stringify(request.params) },
    text: { type: 'text/plain', body: formBody(request.params).toString() },
    'broken-json': { type: 'application/json', body: '{"grant_type": ' },
    none: {},
  };
  const { type, body } = bodies[request.encoding];
  return fetch(`${idp.url}${path}`, {
    method: 'POST',
    headers: { ...(type ? { 'content-type': type } : {}), ...authHeader(request.auth) },
    ...(body === undefined ? {} : { body }),
    redirect: 'manual',
  });
}

async function checkAnswer(request: MalformedRequest, response: Response): Promise<void> {
  const text = await response.text();
  const where = `${request.endpoint} → ${response.status} ${text.slice(0, 200)}`;
  expect(response.status, where).toBeLessThan(500);
  if (request.endpoint.startsWith('authorize') || request.endpoint === 'device-post') {
    // Pages for people: a page (200, 400, 401) or, once the client is trusted, a redirect carrying code or error.
    expect([200, 303, 400, 401], where).toContain(response.status);
    if (response.status === 303) {
      const location = new URL(response.headers.get('location')!);
      const error = location.searchParams.get('error');
      expect(error === null ? location.searchParams.has('code') : RFC_ERRORS.has(error), where).toBe(true);
    }
    if (response.status === 400) expect(RFC_ERRORS.has(/data-oauth-error="([^"]+)"/.exec(text)?.[1] ?? ''), where).toBe(true);
    return;
  }
  const body = text ? JSON.parse(text) : {};
  if (response.status >= 400) {
    expect(RFC_ERRORS.has(body.error), where).toBe(true);
    expect(response.status, where).toBe(ERROR_STATUS(body.error));
    return;
  }
  expect(response.status, where).toBe(200);
  if (request.endpoint === 'introspect') expect(typeof body.active, where).toBe('boolean');
  if (request.endpoint === 'token') expect(typeof body.access_token, where).toBe('string');
  // The challenge endpoint takes no body and no authentication: whatever came, a challenge.
  if (request.endpoint === 'challenge') expect(typeof body.attestation_challenge, where).toBe('string');
}

describe('malformed OAuth requests (property)', () => {
  const ctx = useIdp();

  it('never answer 5xx; every error is an RFC error code with its specified status', async () => {
    const { tokens, code } = await codeFlow(ctx.idp);
    const device = await startDeviceFlow(ctx.idp);
    const constraints: RequestConstraints = {
      names: ['grant_type', 'client_id', 'client_secret', 'code', 'code_verifier', 'redirect_uri', 'refresh_token', 'device_code', 'scope', 'token',
        'token_type_hint', 'response_type', 'code_challenge', 'code_challenge_method', 'state', 'nonce', 'prompt', 'txn', 'email', 'password', 'action', 'user_code'],
      fixtures: [
        DESKTOP, BACKEND.id, 'nobody', LOOPBACK, 'tokenstorm://callback', 'https://evil.example/cb', 'authorization_code', 'refresh_token',
        'client_credentials', 'urn:ietf:params:oauth:grant-type:device_code', 'password', 'code', 'token', 'S256', 'plain', 'none', 'openid notes:read', 'admin',
        code, tokens.body.refresh_token as string, tokens.body.access_token as string, device.body.device_code as string, device.body.user_code as string,
        pkcePair().verifier, pkcePair().challenge, DEMO.email, DEMO.password, 'approve', 'deny', 'access_token',
      ],
    };
    await fc.assert(
      fc.asyncProperty(malformedRequestArb(constraints), async (request) => {
        await checkAnswer(request, await send(ctx.idp, request));
      }),
      { numRuns: 300 },
    );
  });

  type Mutation = 'missing-code' | 'missing-grant-type' | 'wrong-verifier' | 'missing-verifier' | 'unknown-client' | 'reused-code' | 'wrong-redirect' | 'other-grant-type' | 'unknown-code';
  const EXPECTED: Record<Mutation, { status: number; error: string }> = {
    'missing-code': { status: 400, error: 'invalid_request' },
    'missing-grant-type': { status: 400, error: 'invalid_request' },
    'wrong-verifier': { status: 400, error: 'invalid_grant' },
    'missing-verifier': { status: 400, error: 'invalid_grant' },
    'unknown-client': { status: 401, error: 'invalid_client' },
    'reused-code': { status: 400, error: 'invalid_grant' },
    'wrong-redirect': { status: 400, error: 'invalid_grant' },
    'other-grant-type': { status: 400, error: 'unsupported_grant_type' },
    'unknown-code': { status: 400, error: 'invalid_grant' },
  };

  it('one wrong parameter in a valid code redemption gets exactly the specified error', async () => {
    const mutationArb = fc.record({
      mutation: fc.constantFrom(...(Object.keys(EXPECTED) as Mutation[])),
      junk: fc.string({ minLength: 1, maxLength: 30 }).filter((value) => value.trim() === value && value.length > 0),
      port: fc.integer({ min: 1, max: 65_535 }),
    });
    await fc.assert(
      fc.asyncProperty(mutationArb, async ({ mutation, junk, port }) => {
        const { verifier, challenge } = pkcePair();
        const location = await signInThroughPage(ctx.idp, authorizeParams({ code_challenge: challenge }));
        const valid: Record<string, string> = { grant_type: 'authorization_code', code: location.searchParams.get('code')!, redirect_uri: LOOPBACK, client_id: DESKTOP, code_verifier: verifier };
        const params = { ...valid };
        switch (mutation) {
          case 'missing-code': delete params.code; break;
          case 'missing-grant-type': delete params.grant_type; break;
          case 'wrong-verifier': params.code_verifier = pkcePair().verifier; break;
          case 'missing-verifier': delete params.code_verifier; break;
          case 'unknown-client': params.client_id = `nobody-${junk}`; break;
          case 'reused-code': expect((await form(ctx.idp, '/oauth/token', valid)).status).toBe(200); break;
          case 'wrong-redirect': params.redirect_uri = port === 53_682 ? 'http://127.0.0.1/other' : `http://127.0.0.1:${port}/callback`; break;
          case 'other-grant-type': params.grant_type = `x-${junk}`; break;
          case 'unknown-code': params.code = `ac_${junk}`; break;
        }
        const response = await form(ctx.idp, '/oauth/token', params);
        expect({ status: response.status, error: response.body.error }, `${mutation}: ${JSON.stringify(response.body)}`).toEqual(EXPECTED[mutation]);
      }),
      { numRuns: 40 },
    );
  });
});
