/**
 * Refresh-rotation throughput of the mock IdP, next to oauth2-mock-server's own
 * refresh_token grant and a bare Fastify route that only signs an ES256 JWT,
 * measured in one run so the ratios hold on a shared, noisy machine.
 * Each connection rotates a family: every request presents a refresh token a
 * previous response returned, exactly as a client would (no reuse).
 */
import { runLoad, type LoadResult } from './load.ts';
import { startTarget } from './target-process.ts';

export interface RefreshBenchResult {
  tokenstorm: LoadResult;
  oauth2MockServer: LoadResult;
  bareSigning: LoadResult;
  ratios: { vsOauth2MockServer: number; vsBareSigning: number };
}

const CONNECTIONS = 16;

async function signInMany(url: string, count: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const response = await fetch(`${url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url },
      body: JSON.stringify({ email: 'bench@example.test', password: 'bench-password' }),
    });
    tokens.push(((await response.json()) as { token: string }).token);
  }
  return tokens;
}

async function benchTokenstorm(seconds: number): Promise<LoadResult> {
  const target = await startTarget('tokenstorm-idp');
  try {
    const pool = await signInMany(target.url, CONNECTIONS);
    return await runLoad({
      url: `${target.url}/api/auth/refresh`,
      connections: CONNECTIONS,
      duration: seconds,
      requests: [{
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        // autocannon resets per-connection context each pipeline loop, so tokens live in one free list:
        // a request takes one, its response gives back the rotated one (one in flight per connection).
        setupRequest: (request) => ({ ...request, body: JSON.stringify({ refreshToken: pool.pop() }) }),
        onResponse: (status, body) => {
          if (status === 200) pool.push((JSON.parse(body) as { refreshToken: string }).refreshToken);
        },
      }],
    });
  } finally {
    await target.stop();
  }
}

async function benchOauth2MockServer(seconds: number): Promise<LoadResult> {
  const target = await startTarget('oauth2-mock-server');
  try {
    return await runLoad({
      url: `${target.url}/token`,
      connections: CONNECTIONS,
      duration: seconds,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=refresh_token&refresh_token=any&client_id=bench',
    });
  } finally {
    await target.stop();
  }
}

async function benchBareSigning(seconds: number): Promise<LoadResult> {
  const target = await startTarget('bare-signing-route');
  try {
    return await runLoad({ url: `${target.url}/sign`, connections: CONNECTIONS, duration: seconds, method: 'POST' });
  } finally {
    await target.stop();
  }
}

export async function benchIdpRefresh(seconds = 5): Promise<RefreshBenchResult> {
  // Warm-up pass on each target is part of the same process start; order is fixed so runs compare.
  const tokenstorm = await benchTokenstorm(seconds);
  const oauth2MockServer = await benchOauth2MockServer(seconds);
  const bareSigning = await benchBareSigning(seconds);
  return {
    tokenstorm,
    oauth2MockServer,
    bareSigning,
    ratios: {
      vsOauth2MockServer: tokenstorm.requestsPerSecond / oauth2MockServer.requestsPerSecond,
      vsBareSigning: tokenstorm.requestsPerSecond / bareSigning.requestsPerSecond,
    },
  };
}
