/**
 * Per-request facts routes fill in for the event history: route group, client,
 * user, family, token fingerprints and the outcome.
 */
import type { FastifyRequest } from 'fastify';

export interface RequestContext {
  group: string | undefined;
  clientId: string | undefined;
  outcome: string | undefined;
  userId?: string;
  familyId?: string;
  presentedFp?: string;
  issuedFps?: { access?: string; refresh?: string };
  detail?: Record<string, unknown>;
  /** The fault rule applied to this request, if any. */
  fault?: { ruleId: string; action: string };
  startedAt: number;
  recorded: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    ts: RequestContext;
  }
  interface FastifyContextConfig {
    /** Route group used by fault rules and events; routes without one (admin) are never faulted. */
    group?: string;
  }
}

export const CLIENT_HEADER = 'x-tokenstorm-client';

export function clientIdOf(request: FastifyRequest): string | undefined {
  const header = request.headers[CLIENT_HEADER];
  return typeof header === 'string' && header.length > 0 ? header.slice(0, 64) : undefined;
}

/** The URL without its query string. */
export function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}

/** The access token of an `Authorization: Bearer` or `Authorization: DPoP` header (RFC 6750 §2.1, RFC 9449 §7.1). */
export function credentialsOf(request: FastifyRequest): { scheme: 'bearer' | 'dpop'; token: string } | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^(Bearer|DPoP)\s+(\S+)\s*$/i.exec(header);
  return match ? { scheme: match[1]!.toLowerCase() as 'bearer' | 'dpop', token: match[2]! } : undefined;
}

export function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}
