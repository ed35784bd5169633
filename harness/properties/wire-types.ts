/** What travels between a client under test and an IdP (simulated or real). */

export type Route = 'refresh' | 'sign-in' | 'sign-out' | 'resource' | 'other';

export interface WireRequest {
  readonly method: string;
  /** Path and query, e.g. `/api/notes`. */
  readonly path: string;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
}

export type WireOutcome =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: unknown }
  /** The connection failed before any response: fetch rejects. */
  | { kind: 'network-error' }
  /** The IdP never answers: only a client-side deadline ends the wait. */
  | { kind: 'hang' };

export function routeOf(path: string): Route {
  const query = path.indexOf('?');
  const pathname = query === -1 ? path : path.slice(0, query);
  if (pathname === '/api/auth/refresh') return 'refresh';
  if (pathname === '/api/auth/sign-in/email') return 'sign-in';
  if (pathname === '/api/auth/sign-out') return 'sign-out';
  if (pathname === '/api/me' || pathname === '/api/notes' || pathname.startsWith('/api/notes/')) return 'resource';
  return 'other';
}

export function bearerOf(request: WireRequest): string | null {
  const header = request.headers['authorization'];
  if (header === undefined) return null;
  if (header.startsWith('Bearer ')) return header.slice(7).trim() || null;
  return /^Bearer\s+(.+)$/i.exec(header)?.[1] ?? null;
}

export function refreshTokenOf(request: WireRequest): string | null {
  if (request.body === undefined) return null;
  try {
    const parsed = JSON.parse(request.body) as { refreshToken?: unknown };
    return typeof parsed.refreshToken === 'string' ? parsed.refreshToken : null;
  } catch {
    return null;
  }
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): WireOutcome {
  return { kind: 'response', status, headers: { 'content-type': 'application/json', ...headers }, body };
}
