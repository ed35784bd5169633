/**
 * What DPoP (RFC 9449) costs the mock IdP: its CPU per request, read from
 * /proc, for the same calls with and without a proof — `GET /api/notes` with a
 * Bearer token against a DPoP-bound one with a proof, and a client_credentials
 * token request without and with a proof. The IdP runs in its own process;
 * proofs are signed before each load, so the load generator's signing is not
 * timed. Rounds interleave the four loads; figures are medians over rounds.
 * Linux only (/proc); elsewhere it returns undefined.
 */
import { dpopKey } from '../mock-idp/oauth/dpop/dpop-test-support.ts';
import { median } from './median.ts';
import { cpuPerTask, expectOk, processCpuSeconds } from './process-cpu.ts';
import { startTarget } from './target-process.ts';

export interface DpopBenchResult {
  /** IdP CPU µs per request, medians over rounds. */
  apiBearerUs: number;
  apiDpopUs: number;
  tokenPlainUs: number;
  tokenDpopUs: number;
  rounds: number;
  requestsPerRound: { api: number; token: number };
}

const CONCURRENCY = 16;
const BACKEND = `Basic ${Buffer.from('tokenstorm-backend:tokenstorm-backend-secret').toString('base64')}`;

export async function benchDpop(options: { rounds?: number; apiRequests?: number } = {}): Promise<DpopBenchResult | undefined> {
  const { rounds = 5, apiRequests = 4000 } = options;
  const tokenRequests = Math.ceil(apiRequests / 4);
  const target = await startTarget('tokenstorm-idp');
  try {
    if (processCpuSeconds(target.pid) === undefined) return undefined;
    const { url } = target;
    if (!/^http:\/\/127\.\d+\.\d+\.\d+:/.test(url)) throw new TypeError('bench load goes to loopback only');
    const key = await dpopKey('ES256');
    const proof = (htm: string, htu: string, accessToken?: string) => key.proof({ htm, htu, ...(accessToken ? { accessToken } : {}) });
    const tokenUrl = `${url}/oauth/token`;
    const notesUrl = `${url}/api/notes`;
    const tokenRequest = (dpop?: string) => fetch(tokenUrl, { method: 'POST', headers: { authorization: BACKEND, 'content-type': 'application/x-www-form-urlencoded', ...(dpop ? { dpop } : {}) }, body: 'grant_type=client_credentials' });
    const accessToken = async (dpop?: string) => ((await (await tokenRequest(dpop)).json()) as { access_token: string }).access_token;
    const bearer = await accessToken();
    const bound = await accessToken(await proof('POST', tokenUrl));

    /** IdP CPU µs per request over these requests, CONCURRENCY at a time; every answer must be a 2xx. */
    const load = async (requests: Array<() => Promise<Response>>): Promise<number> =>
      (await cpuPerTask(target.pid, requests.map((request) => () => expectOk(request(), 'DPoP bench')), CONCURRENCY))!;
    const results = { apiBearer: [] as number[], apiDpop: [] as number[], tokenPlain: [] as number[], tokenDpop: [] as number[] };
    for (let round = 0; round < rounds; round += 1) {
      const apiProofs = await Promise.all(Array.from({ length: apiRequests }, () => proof('GET', notesUrl, bound)));
      const tokenProofs = await Promise.all(Array.from({ length: tokenRequests }, () => proof('POST', tokenUrl)));
      results.apiBearer.push(await load(Array.from({ length: apiRequests }, () => () => fetch(notesUrl, { headers: { authorization: `Bearer ${bearer}` } }))));
      results.apiDpop.push(await load(apiProofs.map((dpop) => () => fetch(notesUrl, { headers: { authorization: `DPoP ${bound}`, dpop } }))));
      results.tokenPlain.push(await load(Array.from({ length: tokenRequests }, () => () => tokenRequest())));
      results.tokenDpop.push(await load(tokenProofs.map((dpop) => () => tokenRequest(dpop))));
    }
    return {
      apiBearerUs: median(results.apiBearer),
      apiDpopUs: median(results.apiDpop),
      tokenPlainUs: median(results.tokenPlain),
      tokenDpopUs: median(results.tokenDpop),
      rounds,
      requestsPerRound: { api: apiRequests, token: tokenRequests },
    };
  } finally {
    await target.stop();
  }
}
