/**
 * `createMockIdp(options)` → `{ url, admin, close }`: one mock identity provider
 * on Fastify, listening on loopback, with real better-auth at `/api/auth/*`, the
 * recipe's rotating refresh endpoint, a protected API, faults on every route
 * group, a virtual clock and an event history.
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { DestinationStream, Logger } from 'pino';
import { createAdminApi, type MockIdpAdmin } from './admin/admin-api.ts';
import { registerAdminRoutes } from './admin/admin-routes.ts';
import { callBetterAuth } from './auth/better-auth-calls.ts';
import { createAuthDb, createIdpAuth, type IdpAuth } from './auth/better-auth-instance.ts';
import { registerBetterAuthRoutes } from './auth/better-auth-routes.ts';
import { registerRefreshRoute } from './auth/refresh-route.ts';
import { createVirtualClock } from './clock/virtual-clock.ts';
import type { IdpConfigInput } from './config/idp-config.ts';
import { parseIdpConfig } from './config/parse-idp-config.ts';
import { IdpError, describeIssues, describeValue } from './errors.ts';
import { createEventHistory } from './events/history.ts';
import { createIdpLogger } from './events/logger.ts';
import { recordRequest, installEventRecording } from './events/record-hooks.ts';
import { createFaultEngine, installFaultHooks, parseFaultRules } from './faults/index.ts';
import { ROUTE_GROUPS } from './faults/types.ts';
import { installErrorHandler } from './http/error-handler.ts';
import { answerClientError, answerFrameworkError } from './http/framework-errors.ts';
import { installJsonBodyParser } from './http/json-body.ts';
import { pathOf } from './http/request-context.ts';
import { createNotesStore } from './resource/notes-store.ts';
import { registerResourceRoutes } from './resource/resource-routes.ts';
import type { IdpRuntime } from './runtime.ts';
import { createAccessLedger } from './tokens/access-ledger.ts';
import { createAccessTokenIssuer } from './tokens/access-tokens.ts';
import { createSigningKeyRing } from './tokens/signing-keys.ts';
import { createFamilyStore } from './tokens/family-store.ts';
import { resolveRotationPolicy } from './tokens/rotation-policy.ts';
import { createTokenService } from './tokens/token-service.ts';
import { createAbuseDetector } from './tokens/abuse-detection.ts';
import { createClientAttestations, createDpopVerifier, createOAuthState, registerAttesterRoute, registerOAuthRoutes } from './oauth/index.ts';
import { createBrokerState, registerBrokerRoutes } from './broker/index.ts';
import { createTelemetryState, registerTelemetryRoutes } from './telemetry/index.ts';

export interface MockIdpOptions extends IdpConfigInput {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; loopback unless said otherwise. */
  host?: string;
  /** Where pino writes JSON lines (default stdout, at `logLevel`, which defaults to silent). */
  logDestination?: DestinationStream;
}

export interface MockIdp {
  url: string;
  admin: MockIdpAdmin;
  close(): Promise<void>;
  /** The Fastify instance, for extensions (later parts mount OAuth routes on it). */
  app: FastifyInstance;
  logger: Logger;
}

export async function createMockIdp(options: MockIdpOptions = {}): Promise<MockIdp> {
  const { port = 0, host = '127.0.0.1', logDestination, ...configInput } = checkListenOptions(options ?? {});
  const config = parseIdpConfig(configInput);
  const logger = createIdpLogger({ level: config.logLevel, ...(logDestination ? { destination: logDestination } : {}) });
  const clock = createVirtualClock();
  const history = createEventHistory({
    capacity: config.eventCapacity,
    clock,
    // A subscriber's bug must not undo the admin action or the request that recorded the event; it is still seen.
    onListenerError: (error) => process.emitWarning(`an idp.admin.events subscriber threw: ${(error as Error)?.message ?? String(error)}`, 'TokenstormWarning'),
  });
  // Every event is also one pino JSON line; events hold fingerprints only.
  history.subscribe((event) => logger.info(event, `${event.type} ${event.outcome}`));
  const db = createAuthDb();
  const keys = await createSigningKeyRing({ clock, algorithm: config.signing.algorithm });
  let url = '';
  let auth: IdpAuth | undefined;

  const rt: IdpRuntime = {
    config,
    policy: resolveRotationPolicy(config.rotation),
    clock,
    history,
    db,
    faults: createFaultEngine({ clock, seed: config.seed }),
    ledger: createAccessLedger({ clock }),
    notes: createNotesStore({ clock }),
    oauth: createOAuthState({ clock, keys, issuer: () => url }),
    broker: createBrokerState(),
    telemetry: createTelemetryState({ clock }),
    dpop: createDpopVerifier({ clock, settings: () => rt.config.dpop }),
    attestations: await createClientAttestations({ clock, issuer: () => url, settings: () => rt.config.attestation }),
    store: undefined as never,
    tokens: undefined as never,
    keys,
    auth: () => auth!,
    url: () => url,
  };
  rt.store = createFamilyStore({
    clock,
    policy: () => rt.policy,
    limits: () => rt.config.lifetimes,
    familyCapacity: config.familyCapacity,
    onRevoked: (family, reason) => {
      history.record({ type: 'admin', outcome: 'family-revoked', familyId: family.id, userId: family.userId, detail: { reason } });
      // The BetterAuth session dies with its family (sign-out elsewhere, reuse detection, admin revoke).
      if (reason !== 'signed-out') void deleteSession(family.sessionToken);
    },
    // Past the store's capacity: a session still live goes with its family, so no token of it is accepted anywhere.
    onForgotten: (family) => {
      history.record({ type: 'admin', outcome: 'family-forgotten', familyId: family.id, userId: family.userId, detail: { capacity: config.familyCapacity } });
      if (family.status === 'active') void deleteSession(family.sessionToken);
    },
  });
  rt.tokens = createTokenService({
    clock,
    store: rt.store,
    ledger: rt.ledger,
    issuer: createAccessTokenIssuer({ clock, issuer: () => url, keys }),
    accessTokenTtl: () => rt.config.lifetimes.accessTokenTtl,
    abuse: createAbuseDetector({ clock, settings: () => rt.config.abuseDetection, revoke: (family) => rt.store.revokeFamily(family.id, 'abuse-detected') }),
  });

  async function deleteSession(sessionToken: string): Promise<void> {
    await callBetterAuth(async () => {
      const context = await auth?.$context;
      await context?.internalAdapter.deleteSession(sessionToken);
    }).catch((error: unknown) => logger.warn({ err: error }, 'could not delete better-auth session'));
  }

  const app = Fastify({
    // A silent IdP skips the per-request child logger Fastify would otherwise create (measurable under load).
    ...(config.logLevel === 'silent' ? {} : { loggerInstance: logger as FastifyBaseLogger }),
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 64 * 1024,
    return503OnClosing: true,
    forceCloseConnections: true,
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
  });
  // Fault rules may name only the groups in ROUTE_GROUPS: a route in any other would be out of every rule's reach.
  app.addHook('onRoute', (route) => {
    const group = (route.config as { group?: string } | undefined)?.group;
    if (group !== undefined && !(ROUTE_GROUPS as readonly string[]).includes(group)) throw new Error(`route ${route.method} ${route.url}: group "${group}" is not one of ROUTE_GROUPS`);
  });
  installEventRecording(app, history);
  installFaultHooks(app, {
    engine: rt.faults,
    timeScale: config.timeScale,
    classify: (request) =>
      request.ts?.group ? { group: request.ts.group, path: pathOf(request.url), method: request.method, ...(request.ts.clientId ? { clientId: request.ts.clientId } : {}) } : null,
    onFault: (request, decision) => {
      request.ts.fault = { ruleId: decision.ruleId, action: decision.action.type };
      request.ts.outcome = `fault:${decision.action.type}`;
      // What the answer told the client about waiting, for checkers: the IdP records no response headers.
      const { action } = decision;
      if (action.type === 'status' && typeof action.retryAfter === 'number') request.ts.detail = { ...request.ts.detail, retryAfterMs: action.retryAfter * 1_000 };
      if (['reset', 'hang', 'blackhole'].includes(decision.action.type)) recordRequest(history, request, undefined);
    },
    onHold: (holding) => history.requestHeld(holding),
  });
  const routes = installErrorHandler(app);
  installJsonBodyParser(app);
  registerRefreshRoute(app, { tokens: rt.tokens, dpop: rt.dpop, url: rt.url });
  registerBetterAuthRoutes(app, { auth: rt.auth, baseUrl: rt.url, tokens: rt.tokens, store: rt.store, routes, dpop: rt.dpop });
  registerResourceRoutes(app, { tokens: rt.tokens, dpop: rt.dpop, url: rt.url, db, notes: rt.notes });
  registerOAuthRoutes(app, rt);
  registerBrokerRoutes(app, rt);
  registerTelemetryRoutes(app, rt);
  registerAttesterRoute(app, rt);

  async function seedUser(user: { email: string; password: string; name: string; username?: string | undefined }) {
    // better-auth keeps emails and usernames in lower case: a repeat in another case is the same person.
    if (db.user.some((existing) => existing.email === user.email.toLowerCase())) {
      throw new IdpError('INVALID_ADMIN_BODY', `body.email: expected an email not yet registered, "${user.email}" is`, { issues: [{ path: 'body.email', message: 'expected an email not yet registered' }] });
    }
    if (user.username && db.user.some((existing) => existing.username === user.username!.toLowerCase())) {
      throw new IdpError('INVALID_ADMIN_BODY', `body.username: expected a username not yet taken, "${user.username}" is`, { issues: [{ path: 'body.username', message: 'expected a username not yet taken' }] });
    }
    // Seeded users are created directly (as sign-up does internally) so they start with no session.
    return callBetterAuth(async () => {
      const context = await auth!.$context;
      const created = await context.internalAdapter.createUser({
        email: user.email.toLowerCase(),
        name: user.name,
        emailVerified: true,
        ...(user.username ? { username: user.username.toLowerCase(), displayUsername: user.username } : {}),
      }, { method: 'admin' });
      await context.internalAdapter.linkAccount({
        userId: created.id,
        providerId: 'credential',
        accountId: created.id,
        password: await context.password.hash(user.password),
      });
      return { id: created.id, email: created.email };
    });
  }

  async function reset(): Promise<void> {
    rt.config = parseIdpConfig(configInput);
    rt.policy = resolveRotationPolicy(rt.config.rotation);
    clock.reset();
    await keys.reset(rt.config.signing.algorithm);
    rt.faults.reset(rt.config.seed);
    for (const rule of parseFaultRules(rt.config.faults, 'config.faults')) rt.faults.add(rule);
    rt.store.clear();
    rt.ledger.clear();
    rt.notes.clear();
    for (const area of [rt.oauth, rt.broker, rt.telemetry, rt.dpop, rt.attestations]) area.clear();
    for (const model of Object.keys(db)) db[model]!.length = 0;
    for (const user of rt.config.users) await seedUser(user);
    history.clear();
  }

  const admin = createAdminApi(rt, { reset, seedUser });
  registerAdminRoutes(app, admin);

  await app.listen({ port, host });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the mock IdP did not bind a TCP port');
  url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  auth = createIdpAuth({
    baseURL: url,
    trustedOrigins: config.trustedOrigins,
    db,
    hooks: {
      created: (session, clientId) => {
        rt.store.adopt({ sessionToken: session.token, userId: session.userId, ...(clientId ? { clientId } : {}) });
        rt.ledger.rememberToken(session.token);
      },
      deleted: (session) => {
        const found = rt.store.findByToken(session.token);
        if (found) rt.store.revokeFamily(found.family.id, 'signed-out');
      },
    },
  });
  try {
    await reset();
  } catch (error) {
    await app.close();
    throw error;
  }

  return { url, admin, app, logger, close: () => app.close() };
}

/** What createMockIdp takes besides the config, checked before anything starts, so a mistake is named rather than found by Node. */
function checkListenOptions(options: MockIdpOptions): MockIdpOptions {
  const issues: Array<{ path: string; message: string }> = [];
  if (typeof options !== 'object' || Array.isArray(options)) throw new IdpError('INVALID_CONFIG', `options: expected an object, got ${describeValue(options)}`);
  const { port, host, logDestination } = options;
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65_535)) issues.push({ path: 'port', message: `expected an integer 0-65535, got ${describeValue(port)}` });
  if (host !== undefined && !(typeof host === 'string' && host.length > 0)) issues.push({ path: 'host', message: `expected an interface to bind such as "127.0.0.1", got ${describeValue(host)}` });
  if (logDestination !== undefined && typeof (logDestination as { write?: unknown } | null)?.write !== 'function') issues.push({ path: 'logDestination', message: `expected a stream with a write() method, got ${describeValue(logDestination)}` });
  if (issues.length > 0) throw new IdpError('INVALID_CONFIG', `options: ${describeIssues(issues)}`, { issues });
  return options;
}
