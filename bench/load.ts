/** A bounded autocannon run against loopback, summarised as req/s and latency percentiles. */
import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  non2xx: number;
  errors: number;
}

export async function runLoad(options: autocannon.Options): Promise<LoadResult> {
  if (!/^http:\/\/127\.\d+\.\d+\.\d+:/.test(options.url as string)) throw new TypeError('bench load goes to loopback only');
  const result = await autocannon({ connections: 16, duration: 5, ...options });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}
