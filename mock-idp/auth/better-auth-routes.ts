/**
 * Mounts better-auth at `/api/auth/*`. Before a request reaches better-auth, a
 * tokenstorm access token in `Authorization` is exchanged for the session token
 * it stands for (which never leaves the IdP), so the recipe's client — which
 * sends whatever access token it holds — works unchanged after rotations.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { IdpError } from '../errors.ts';
import { BEARER_CHALLENGE } from '../http/challenges.ts';
import { credentialsOf } from '../http/request-context.ts';
import { methodNotAllowed, patternOf, type RouteTable } from '../http/method-not-allowed.ts';
import { runSteps, type Step } from '../http/pipeline.ts';
import { looksLikeJwt } from '../tokens/access-tokens.ts';
import type { FamilyStore } from '../tokens/family-store.ts';
import { fingerprint } from '../tokens/fingerprint.ts';
import { locationOf } from '../tokens/abuse-detection.ts';
import type { Principal, TokenService } from '../tokens/token-service.ts';
import { authenticateRequest, refuseBoundAsBearer, requireScope, requireUserPrincipal } from '../resource/authenticate.ts';
import type { DpopVerifier } from '../oauth/dpop/dpop-proofs.ts';
import { callBetterAuth } from './better-auth-calls.ts';
import type { IdpAuth } from './better-auth-instance.ts';

interface BridgeDeps {
  auth: () => IdpAuth;
  baseUrl: () => string;
  tokens: TokenService;
  store: FamilyStore;
  /** The IdP's routes: the recipe's refresh endpoint lives under `/api/auth/` beside better-auth. */
  routes: RouteTable;
  /** DPoP-bound access tokens reach the account API with their proofs, as at the resource API. */
  dpop: DpopVerifier;
}

const BRIDGE_URL = '/api/auth/*';

/** A better-auth endpoint: where it is and the methods it takes. */
interface Endpoint {
  path: RegExp;
  methods: Set<string>;
}

const endpointTables = new WeakMap<IdpAuth, Endpoint[]>();

/** better-auth's endpoints as its API describes them (`path`, `options.method`), read once per instance. */
function endpointsOf(auth: IdpAuth): Endpoint[] {
  let endpoints = endpointTables.get(auth);
  if (!endpoints) {
    endpoints = Object.values(auth.api).flatMap((endpoint) => {
      const { path, options } = endpoint as { path?: string; options?: { method?: string | string[] } };
      if (!path || !options?.method) return [];
      const methods = new Set([options.method].flat());
      // get-session takes POST only with better-auth's `session.deferSessionRefresh`, which this IdP does not set.
      if (path === '/get-session') methods.delete('POST');
      if (methods.has('GET')) methods.add('HEAD');
      return [{ path: patternOf(`/api/auth${path}`), methods }];
    });
    endpointTables.set(auth, endpoints);
  }
  return endpoints;
}

interface BridgeContext extends BridgeDeps {
  request: FastifyRequest;
  reply: FastifyReply;
  headers: Headers;
  /** The URL better-auth is handed (dot segments resolved, as better-auth routes it). */
  url: URL;
  response?: Response;
  bodyText?: string;
}

const HOP_BY_HOP = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'host']);
/** better-auth endpoints that answer with a fresh session token (`/api/auth/sign-in/email`, `/api/auth/sign-up/email`, …). */
const SESSION_ISSUING = /^\/api\/auth\/(sign-in|sign-up)\//;

/**
 * Judged by the path better-auth routes, not the raw request line: a query string is the caller's to choose
 * (`list-sessions?x=/sign-in/`), and so are dot segments (`sign-in/../list-sessions` is list-sessions).
 */
function issuesSession(context: BridgeContext): boolean {
  return SESSION_ISSUING.test(context.url.pathname);
}

/**
 * A path no endpoint has is a 404 and a method its endpoint does not take a 405 with `Allow`, both in the IdP's
 * shape and before better-auth is asked (it would answer `null`, or a 405 of its own shape without `Allow`).
 */
function refuseUnanswerable(context: BridgeContext): void {
  const { method } = context.request;
  const path = context.url.pathname;
  const endpoints = endpointsOf(context.auth()).filter((endpoint) => endpoint.path.test(path));
  // The common case, a method the endpoint takes, needs no look at the IdP's other routes.
  if (endpoints.some((endpoint) => endpoint.methods.has(method))) return;
  const allowed = context.routes.methodsAt(path, BRIDGE_URL);
  for (const endpoint of endpoints) for (const taken of endpoint.methods) allowed.add(taken);
  if (allowed.has(method)) return;
  if (allowed.size === 0) throw new IdpError('NOT_FOUND', `no endpoint answers ${method} ${path} (better-auth has none there)`);
  throw methodNotAllowed(path, method, allowed, context.reply);
}

function copyRequestHeaders(context: BridgeContext): void {
  for (const [name, value] of Object.entries(context.request.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    for (const item of Array.isArray(value) ? value : [value]) context.headers.append(name, item);
  }
}

async function exchangeBearerForSession(context: BridgeContext): Promise<void> {
  const credentials = credentialsOf(context.request);
  if (!credentials) return;
  if (credentials.scheme === 'dpop') return exchangeDpopForSession(context);
  const bearer = credentials.token;
  context.request.ts.presentedFp = fingerprint(bearer);
  const known = looksLikeJwt(bearer) || context.store.findByToken(bearer) !== undefined;
  // Tokens the IdP did not issue go to better-auth as they are: it decides (usually "no session").
  if (!known) return;
  if (!looksLikeJwt(bearer) && context.store.findByToken(bearer)!.record.generation > 0) {
    throw new IdpError('INVALID_TOKEN', 'a refresh token is not an access token');
  }
  const principal = await context.tokens.authenticate(bearer);
  context.request.ts.userId = principal.userId;
  context.request.ts.familyId = principal.family.id;
  // RFC 9449 §7.2: a DPoP-bound token sent as a bearer token is refused here too, or it would be one.
  refuseBoundAsBearer(principal, context.dpop.algorithms());
  actAsSession(context, principal);
}

/** `Authorization: DPoP` with a proof of the token's key (and its `ath`), checked as the resource API checks it. */
async function exchangeDpopForSession(context: BridgeContext): Promise<void> {
  const principal = await authenticateRequest(context.request, context.reply, { tokens: context.tokens, dpop: context.dpop, url: context.baseUrl });
  context.headers.delete('dpop');
  actAsSession(context, principal);
}

/** The account API acts as the user's whole session: not for a service token, nor for one narrowed to notes or the broker. */
function actAsSession(context: BridgeContext, principal: Principal): void {
  requireUserPrincipal(principal);
  requireScope(principal, 'openid', 'the account API (/api/auth/*)');
  context.headers.set('authorization', `Bearer ${principal.family.sessionToken}`);
}

/** list-sessions shows fingerprints (hideSessionTokens): revoke-session takes one back and revokes the session it stands for. */
function revealRevokedSession(context: BridgeContext): void {
  const body = context.request.body as { token?: unknown } | undefined;
  if (!/\/revoke-session$/.test(context.url.pathname) || typeof body?.token !== 'string' || !body.token.startsWith('fp:')) return;
  const family = context.store.families().find((candidate) => fingerprint(candidate.sessionToken) === body.token);
  if (family) context.request.body = { ...body, token: family.sessionToken };
}

async function forwardToBetterAuth(context: BridgeContext): Promise<void> {
  const { request } = context;
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD' && request.body !== undefined;
  if (hasBody) context.headers.set('content-type', 'application/json');
  const forwarded = new Request(context.url, {
    // better-auth has no HEAD: it answers the GET, and Fastify sends the headers alone.
    method: request.method === 'HEAD' ? 'GET' : request.method,
    headers: context.headers,
    ...(hasBody ? { body: JSON.stringify(request.body) } : {}),
  });
  await callBetterAuth(async () => {
    context.response = await context.auth().handler(forwarded);
    context.bodyText = await context.response.text();
  });
}

function noteIssuedSession(context: BridgeContext): void {
  const { request, response, bodyText } = context;
  request.ts.outcome = response!.ok ? 'ok' : `http-${response!.status}`;
  if (!response!.ok || !issuesSession(context) || !bodyText) return;
  const token = (JSON.parse(bodyText) as { token?: unknown }).token;
  const found = typeof token === 'string' ? context.store.findByToken(token) : undefined;
  if (!found) return;
  request.ts.outcome = 'session-issued';
  // Abuse detection's first "previous location" of a family the recipe refreshes (tokens/abuse-detection.ts).
  found.family.signedInFrom = locationOf(request);
  request.ts.userId = found.family.userId;
  request.ts.familyId = found.family.id;
  request.ts.issuedFps = { access: found.record.fp, refresh: found.record.fp };
}

/**
 * better-auth answers get-session and list-sessions with each session's raw token. Here a session token is the
 * family's generation-0 refresh token, and behind an OAuth sign-in it was never handed out at all: anyone holding
 * an access token could read every session's token of the user and refresh into a family of wider scope. Outside
 * sign-in and sign-up, a session token the IdP knows leaves as its fingerprint.
 */
function hideSessionTokens(context: BridgeContext): void {
  const { response, bodyText } = context;
  if (issuesSession(context) || !bodyText || !response!.headers.get('content-type')?.includes('json')) return;
  let changed = false;
  const hide = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(hide);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => {
        if (key === 'token' && typeof item === 'string' && context.store.findByToken(item)) {
          changed = true;
          return [key, fingerprint(item)];
        }
        return [key, hide(item)];
      }),
    );
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    return;
  }
  const hidden = hide(parsed);
  if (changed) context.bodyText = JSON.stringify(hidden);
}

function sendBetterAuthResponse(context: BridgeContext): void {
  const { response, reply } = context;
  // better-auth answers a path it has no endpoint for with a bare 404 and the body `null`: say what was not found, in the IdP's shape.
  if (response!.status === 404 && (!context.bodyText || context.bodyText === 'null')) {
    throw new IdpError('NOT_FOUND', `no endpoint answers ${context.request.method} ${context.url.pathname} (better-auth has none there)`);
  }
  reply.code(response!.status);
  const issuing = issuesSession(context);
  response!.headers.forEach((value, name) => {
    // The bearer plugin's `set-auth-token` carries the session token: only sign-in and sign-up hand one out.
    if (name === 'set-cookie' || HOP_BY_HOP.has(name) || (name === 'set-auth-token' && !issuing)) return;
    reply.header(name, value);
  });
  const cookies = response!.headers.getSetCookie();
  if (cookies.length > 0) reply.header('set-cookie', cookies);
  // Sessions, tokens and their fingerprints: no answer of the account API may be cached (RFC 6749 §5.1 in spirit).
  reply.header('cache-control', 'no-store');
  // better-auth's 401s carry no challenge; RFC 9110 §15.5.2 wants one: the account API takes Bearer tokens.
  if (response!.status === 401 && !response!.headers.has('www-authenticate')) reply.header('www-authenticate', BEARER_CHALLENGE);
  reply.send(context.bodyText || null);
}

const BRIDGE_STEPS: Step<BridgeContext>[] = [
  refuseUnanswerable,
  copyRequestHeaders,
  exchangeBearerForSession,
  revealRevokedSession,
  forwardToBetterAuth,
  noteIssuedSession,
  hideSessionTokens,
  sendBetterAuthResponse,
];

export function registerBetterAuthRoutes(app: FastifyInstance, deps: BridgeDeps): void {
  app.route({
    // Every method, so that a wrong one is refused with what the endpoint takes (refuseUnanswerable).
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    url: BRIDGE_URL,
    config: { group: 'auth' },
    async handler(request, reply) {
      await runSteps(BRIDGE_STEPS, { ...deps, request, reply, headers: new Headers(), url: new URL(request.url, deps.baseUrl()) });
      return reply;
    },
  });
}
