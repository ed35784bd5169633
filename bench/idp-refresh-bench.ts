/**
 * Refresh-rotation throughput of the mock IdP, next to oauth2-mock-server's own
 * refresh_token grant (with the RS256 key its README sets up, and with ES256,
 * tokenstorm's algorithm) and a bare Fastify route that only signs an ES256 JWT.
 * All three servers run at once, each in its own process, and are loaded in
 * interleaved rounds, so background noise on a shared machine hits them alike;
 * the figures are medians over rounds.
 * Every tokenstorm request presents a refresh token a previous response
 * returned, exactly as a client would (no reuse, so every request rotates).
 */
import { runLoad, type LoadResult } from './load.ts';
import { medianBy } from './median.ts';
import { startTarget, type TargetProcess } from './target-process.ts';

export interface RefreshBenchResult {
  tokenstorm: LoadResult;
  /** oauth2-mock-server as its README sets it up (RS256 key). */
  oauth2MockServer: LoadResult;
  /** oauth2-mock-server with an ES256 key, the algorithm tokenstorm signs with. */
  oauth2MockServerEs256: LoadResult;
  bareSigning: LoadResult;
  ratios: { vsOauth2MockServer: number; vsOauth2MockServerEs256: number; vsBareSigning: number };
  rounds: number;
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

type Loader = (seconds: number) => Promise<LoadResult>;

/**
 * The same client behaviour against every target, so the load generator's own
 * CPU (it shares this 2-core machine) weighs on each alike: every request carries
 * a token taken from a free list, every response is parsed and gives one back.
 */
function rotatingLoader(options: {
  url: string;
  contentType: string;
  seed: () => Promise<string[]>;
  body: (token: string | undefined) => string;
  next: (response: Record<string, string>) => string;
}): Loader {
  return async (seconds) => {
    // Fresh tokens each round (outside the timed window): tokens in flight when a round ends are lost.
    const pool = await options.seed();
    return runLoad({
      url: options.url,
      connections: CONNECTIONS,
      duration: seconds,
      requests: [{
        method: 'POST',
        headers: { 'content-type': options.contentType },
        // autocannon resets per-connection context each pipeline loop, so tokens live in one free list:
        // a request takes one, its response gives back the next (one in flight per connection).
        setupRequest: (request) => ({ ...request, body: options.body(pool.pop()) }),
        onResponse: (status, body) => {
          if (status === 200) pool.push(options.next(JSON.parse(body) as Record<string, string>));
        },
      }],
    });
  };
}

function tokenstormLoader(target: TargetProcess): Loader {
  return rotatingLoader({
    url: `${target.url}/api/auth/refresh`,
    contentType: 'application/json',
    seed: () => signInMany(target.url, CONNECTIONS),
    body: (token) => JSON.stringify({ refreshToken: token }),
    next: (response) => response.refreshToken!,
  });
}

function oauth2MockServerLoader(target: TargetProcess): Loader {
  return rotatingLoader({
    url: `${target.url}/token`,
    contentType: 'application/x-www-form-urlencoded',
    seed: async () => Array.from({ length: CONNECTIONS }, (_, index) => `seed-${index}`),
    body: (token) => `grant_type=refresh_token&refresh_token=${encodeURIComponent(token ?? 'none')}&client_id=bench`,
    next: (response) => response.refresh_token!,
  });
}

function bareSigningLoader(target: TargetProcess): Loader {
  return rotatingLoader({
    url: `${target.url}/sign`,
    contentType: 'application/json',
    seed: async () => Array.from({ length: CONNECTIONS }, (_, index) => `seed-${index}`),
    body: (token) => JSON.stringify({ refreshToken: token }),
    // The bare route rotates nothing: any token will do.
    next: () => 'seed',
  });
}

function median(results: LoadResult[]): LoadResult {
  const middle = medianBy(results, (result) => result.requestsPerSecond)!;
  return {
    ...middle,
    total: results.reduce((sum, result) => sum + result.total, 0),
    non2xx: results.reduce((sum, result) => sum + result.non2xx, 0),
    errors: results.reduce((sum, result) => sum + result.errors, 0),
  };
}

export async function benchIdpRefresh(options: { seconds?: number; rounds?: number } = {}): Promise<RefreshBenchResult> {
  const { seconds = 2, rounds = 5 } = options;
  const targets = await Promise.all([
    startTarget('tokenstorm-idp'),
    startTarget('oauth2-mock-server', { BENCH_ALG: 'RS256' }),
    startTarget('oauth2-mock-server', { BENCH_ALG: 'ES256' }),
    startTarget('bare-signing-route'),
  ]);
  try {
    const loaders = [tokenstormLoader(targets[0]), oauth2MockServerLoader(targets[1]), oauth2MockServerLoader(targets[2]), bareSigningLoader(targets[3])];
    const results: LoadResult[][] = loaders.map(() => []);
    for (let round = 0; round < rounds; round += 1) {
      for (const [index, load] of loaders.entries()) results[index]!.push(await load(seconds));
    }
    const [tokenstorm, oauth2MockServer, oauth2MockServerEs256, bareSigning] = results.map(median) as [LoadResult, LoadResult, LoadResult, LoadResult];
    return {
      tokenstorm,
      oauth2MockServer,
      oauth2MockServerEs256,
      bareSigning,
      rounds,
      ratios: {
        vsOauth2MockServer: tokenstorm.requestsPerSecond / oauth2MockServer.requestsPerSecond,
        vsOauth2MockServerEs256: tokenstorm.requestsPerSecond / oauth2MockServerEs256.requestsPerSecond,
        vsBareSigning: tokenstorm.requestsPerSecond / bareSigning.requestsPerSecond,
      },
    };
  } finally {
    await Promise.all(targets.map((target) => target.stop()));
  }
}
