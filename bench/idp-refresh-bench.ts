/**
 * Refresh-rotation throughput of the mock IdP, next to oauth2-mock-server's own
 * refresh_token grant (with the RS256 key its README sets up, and with ES256,
 * tokenstorm's algorithm) and a bare Fastify route that only signs an ES256 JWT
 * (with jose's SignJWT, and again signing as tokenstorm's issuer does).
 * All servers run at once, each in its own process, and are loaded in
 * interleaved rounds after an untimed warm-up of each. Rounds alternate their
 * order, and each ratio is the median of the ratios within rounds, so background
 * noise on a shared machine, which slows whole rounds, divides out; the req/s
 * figures are medians over rounds.
 * Every tokenstorm request presents a refresh token a previous response
 * returned, exactly as a client would (no reuse, so every request rotates).
 */
import { runLoad, type LoadResult } from './load.ts';
import { median, medianBy } from './median.ts';
import { startTarget, type TargetProcess } from './target-process.ts';

export interface RefreshBenchResult {
  tokenstorm: LoadResult;
  /** oauth2-mock-server as its README sets it up (RS256 key). */
  oauth2MockServer: LoadResult;
  /** oauth2-mock-server with an ES256 key, the algorithm tokenstorm signs with. */
  oauth2MockServerEs256: LoadResult;
  bareSigning: LoadResult;
  /** The same bare route signing the way tokenstorm's issuer does (claims serialised directly, CompactSign). */
  bareCompactSigning: LoadResult;
  ratios: { vsOauth2MockServer: number; vsOauth2MockServerEs256: number; vsBareSigning: number; vsBareCompactSigning: number };
  rounds: number;
  /** tokenstorm's req/s over the bare route's, round by round (the two measured back to back). */
  perRoundVsBareSigning: number[];
  /**
   * Refreshes tokenstorm's one process served in this bench, warm-up included: past 100,000 its token
   * stores are full and forget one token per token issued, so the last rounds measure an IdP that is.
   */
  tokenstormRefreshes: number;
}

const CONNECTIONS = 16;
const WARM_UP_SECONDS = 4;

/** `count` sign-ins of the bench user: session tokens, each the first refresh token of its own family. */
export async function signInMany(url: string, count: number): Promise<string[]> {
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

function medianResult(results: LoadResult[]): LoadResult {
  const middle = medianBy(results, (result) => result.requestsPerSecond)!;
  return {
    ...middle,
    total: results.reduce((sum, result) => sum + result.total, 0),
    non2xx: results.reduce((sum, result) => sum + result.non2xx, 0),
    errors: results.reduce((sum, result) => sum + result.errors, 0),
  };
}

/** Every target's loader once, in this order or reversed: rounds alternate, so drift within a round weighs on each side alike. */
function roundOrder(round: number, count: number): number[] {
  const order = Array.from({ length: count }, (_, index) => index);
  return round % 2 === 0 ? order : order.reverse();
}

export async function benchIdpRefresh(options: { seconds?: number; rounds?: number } = {}): Promise<RefreshBenchResult> {
  const { seconds = 2, rounds = 7 } = options;
  // tokenstorm and the bare route sit next to each other, so each round measures them back to back.
  const targets = await Promise.all([
    startTarget('tokenstorm-idp'),
    startTarget('bare-signing-route'),
    startTarget('bare-signing-route', { BENCH_SIGNER: 'compact' }),
    startTarget('oauth2-mock-server', { BENCH_ALG: 'RS256' }),
    startTarget('oauth2-mock-server', { BENCH_ALG: 'ES256' }),
  ]);
  try {
    const loaders = [tokenstormLoader(targets[0]), bareSigningLoader(targets[1]), bareSigningLoader(targets[2]), oauth2MockServerLoader(targets[3]), oauth2MockServerLoader(targets[4])];
    // One untimed round first: the first seconds of load in each process are JIT warm-up, not throughput
    // (per-second counts show the bare route steady after ~2 s of load, tokenstorm after ~3–4 s).
    const warmUps: LoadResult[] = [];
    for (const load of loaders) warmUps.push(await load(WARM_UP_SECONDS));
    const results: LoadResult[][] = loaders.map(() => []);
    for (let round = 0; round < rounds; round += 1) {
      for (const index of roundOrder(round, loaders.length)) results[index]!.push(await loaders[index]!(seconds));
    }
    const perRound = results.map((target) => target.map((result) => result.requestsPerSecond));
    // Ratios are taken within each round, then the median: a noisy neighbour slows a whole round, and divides out.
    const roundRatios = (other: number): number[] => perRound[0]!.map((rate, round) => rate / perRound[other]![round]!);
    const ratioOf = (other: number): number => median(roundRatios(other));
    const [tokenstorm, bareSigning, bareCompactSigning, oauth2MockServer, oauth2MockServerEs256] = results.map(medianResult) as [LoadResult, LoadResult, LoadResult, LoadResult, LoadResult];
    return {
      tokenstorm,
      oauth2MockServer,
      oauth2MockServerEs256,
      bareSigning,
      bareCompactSigning,
      rounds,
      perRoundVsBareSigning: roundRatios(1),
      tokenstormRefreshes: warmUps[0]!.total + tokenstorm.total,
      ratios: {
        vsOauth2MockServer: ratioOf(3),
        vsOauth2MockServerEs256: ratioOf(4),
        vsBareSigning: ratioOf(1),
        vsBareCompactSigning: ratioOf(2),
      },
    };
  } finally {
    await Promise.all(targets.map((target) => target.stop()));
  }
}
