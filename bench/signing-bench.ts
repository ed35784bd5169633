/**
 * What the IdP's signing algorithm costs it: its CPU per request, read from
 * /proc, for a refresh (which signs an access token) and an API call (which
 * verifies one), with the IdP signing ES256 (the default), ES384, EdDSA,
 * RS256 or PS256 — one IdP process per algorithm, an untimed warm-up round,
 * then rounds interleaved, medians over rounds. For choosing RS256 because a resource server pins it. Linux
 * only (/proc); elsewhere it returns undefined.
 */
import { SIGNING_ALGORITHMS, type SigningAlgorithm } from '../mock-idp/index.ts';
import { signInMany } from './idp-refresh-bench.ts';
import { median } from './median.ts';
import { cpuPerTask, expectOk, processCpuSeconds } from './process-cpu.ts';
import { startTarget } from './target-process.ts';

export interface SigningBenchResult {
  /** IdP CPU µs per request, medians over rounds, in SIGNING_ALGORITHMS' order. */
  algorithms: Array<{ algorithm: SigningAlgorithm; refreshUs: number; apiUs: number }>;
  rounds: number;
  requestsPerRound: { refresh: number; api: number };
}

const CONCURRENCY = 16;

export async function benchSigning(options: { rounds?: number; refreshes?: number } = {}): Promise<SigningBenchResult | undefined> {
  const { rounds = 5, refreshes = 800 } = options;
  const apiCalls = refreshes * 2;
  const targets = await Promise.all(SIGNING_ALGORITHMS.map((algorithm) => startTarget('tokenstorm-idp', { BENCH_SIGNING_ALG: algorithm })));
  try {
    if (processCpuSeconds(targets[0]!.pid) === undefined) return undefined;
    const results = SIGNING_ALGORITHMS.map(() => ({ refresh: [] as number[], api: [] as number[] }));
    // Round -1 warms each process up (its JIT, its stores) and is not counted.
    for (let round = -1; round < rounds; round += 1) {
      const order = SIGNING_ALGORITHMS.map((_, index) => index);
      if (round % 2 !== 0) order.reverse();
      for (const index of order) {
        const { url, pid } = targets[index]!;
        // Each refresh presents the token the previous one returned (a free list, CONCURRENCY chains), so every one rotates.
        const pool = await signInMany(url, CONCURRENCY);
        let accessToken = '';
        const refresh = async () => {
          const body = await expectOk<{ accessToken: string; refreshToken: string }>(
            fetch(`${url}/api/auth/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: pool.pop() }) }),
            'signing bench refresh',
          );
          pool.push(body.refreshToken);
          accessToken = body.accessToken;
        };
        const refreshUs = (await cpuPerTask(pid, Array.from({ length: refreshes }, () => refresh), CONCURRENCY))!;
        const call = () => expectOk(fetch(`${url}/api/me`, { headers: { authorization: `Bearer ${accessToken}` } }), 'signing bench API call');
        const apiUs = (await cpuPerTask(pid, Array.from({ length: apiCalls }, () => call), CONCURRENCY))!;
        if (round < 0) continue;
        results[index]!.refresh.push(refreshUs);
        results[index]!.api.push(apiUs);
      }
    }
    return {
      algorithms: SIGNING_ALGORITHMS.map((algorithm, index) => ({ algorithm, refreshUs: median(results[index]!.refresh), apiUs: median(results[index]!.api) })),
      rounds,
      requestsPerRound: { refresh: refreshes, api: apiCalls },
    };
  } finally {
    await Promise.all(targets.map((target) => target.stop()));
  }
}
