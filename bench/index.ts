/** `npm run bench`: every benchmark, side by side in one run; figures go in the README. */
import { availableParallelism } from 'node:os';
import { benchIdpRefresh } from './idp-refresh-bench.ts';
import { benchProperties } from './properties-bench.ts';
import { benchDriver } from './driver-bench.ts';
import { benchDpop } from './dpop-bench.ts';
import { benchSigning } from './signing-bench.ts';
import { checkDeterminism, timeSuite } from './scenario-bench.ts';
import { median } from './median.ts';
import { DEFAULT_TIME_SCALE } from '../harness/cli/run-command.ts';
import { loadScenarios } from '../harness/scenarios/load-scenario.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 2);
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);

function row(name: string, result: { requestsPerSecond: number; p50Ms: number; p99Ms: number; non2xx: number; errors: number }): string {
  return `| ${name.padEnd(40)} | ${result.requestsPerSecond.toFixed(0).padStart(8)} | ${String(result.p50Ms).padStart(6)} | ${String(result.p99Ms).padStart(6)} | ${String(result.non2xx + result.errors).padStart(7)} |`;
}

console.log(`# tokenstorm bench — Node ${process.version}, one untimed warm-up round, then ${rounds} interleaved rounds of ${seconds}s per target (order alternating), 16 connections, medians\n`);
const refresh = await benchIdpRefresh({ seconds, rounds });
console.log('## Refresh rotation throughput (mock IdP)\n');
console.log('| target                                   |    req/s | p50 ms | p99 ms | non-2xx |');
console.log('|------------------------------------------|---------:|-------:|-------:|--------:|');
console.log(row('tokenstorm POST /api/auth/refresh', refresh.tokenstorm));
console.log(row('oauth2-mock-server refresh_token (RS256)', refresh.oauth2MockServer));
console.log(row('oauth2-mock-server refresh_token (ES256)', refresh.oauth2MockServerEs256));
console.log(row('bare Fastify ES256 signing route', refresh.bareSigning));
console.log(row('  the same, signing as tokenstorm does', refresh.bareCompactSigning));
console.log(`\nratios: ${refresh.ratios.vsOauth2MockServer.toFixed(2)}x oauth2-mock-server as its README sets it up (RS256; target >= 5x), ${refresh.ratios.vsOauth2MockServerEs256.toFixed(2)}x with the same algorithm (ES256), ${refresh.ratios.vsBareSigning.toFixed(2)}x the bare signing route (target >= 0.8x)`);
console.log(`and ${refresh.ratios.vsBareCompactSigning.toFixed(2)}x the bare route when it signs as tokenstorm's issuer does (claims serialised directly, jose's CompactSign)`);
console.log(`each ratio is the median of the ratios within rounds; vs the bare route, round by round: ${refresh.perRoundVsBareSigning.map((ratio) => ratio.toFixed(2)).join(' / ')}`);
const third = Math.max(1, Math.floor(refresh.rounds / 3));
const drift = median(refresh.perRoundVsBareSigning.slice(-third)) / median(refresh.perRoundVsBareSigning.slice(0, third));
console.log(`tokenstorm served ${refresh.tokenstormRefreshes} refreshes (its stores remember the newest 100,000 tokens); its ratio in the last ${third} rounds over the first ${third}: ${drift.toFixed(2)}`);

const dpop = await benchDpop();
console.log('\n## What DPoP costs the mock IdP (its CPU per request, /proc; proofs signed before each load)\n');
if (dpop) {
  console.log('| call | plain | with DPoP | ratio |');
  console.log('|---|---:|---:|---:|');
  console.log(`| GET /api/notes: Bearer, then a DPoP-bound token with a proof | ${dpop.apiBearerUs.toFixed(0)} µs | ${dpop.apiDpopUs.toFixed(0)} µs | ${(dpop.apiDpopUs / dpop.apiBearerUs).toFixed(2)}x |`);
  console.log(`| POST /oauth/token (client_credentials): no proof, then a proof | ${dpop.tokenPlainUs.toFixed(0)} µs | ${dpop.tokenDpopUs.toFixed(0)} µs | ${(dpop.tokenDpopUs / dpop.tokenPlainUs).toFixed(2)}x |`);
  console.log(`\nmedians of ${dpop.rounds} interleaved rounds of ${dpop.requestsPerRound.api} API calls and ${dpop.requestsPerRound.token} token requests, 16 at a time`);
} else {
  console.log('(not measured: no /proc on this machine)');
}

const signing = await benchSigning();
console.log("\n## What the signing algorithm costs the mock IdP (its CPU per request, /proc; one IdP per algorithm)\n");
if (signing) {
  const es256 = signing.algorithms.find((entry) => entry.algorithm === 'ES256')!;
  console.log('| algorithm | refresh (signs) | vs ES256 | API call (verifies) | vs ES256 |');
  console.log('|---|---:|---:|---:|---:|');
  for (const { algorithm, refreshUs, apiUs } of signing.algorithms) {
    console.log(`| ${algorithm} | ${refreshUs.toFixed(0)} µs | ${(refreshUs / es256.refreshUs).toFixed(2)}x | ${apiUs.toFixed(0)} µs | ${(apiUs / es256.apiUs).toFixed(2)}x |`);
  }
  console.log(`\nmedians of ${signing.rounds} interleaved rounds of ${signing.requestsPerRound.refresh} rotating refreshes and ${signing.requestsPerRound.api} calls of GET /api/me, 16 at a time`);
} else {
  console.log('(not measured: no /proc on this machine)');
}

const properties = await benchProperties();
console.log('\n## Property suite\n');
console.log('| measure | value | target |');
console.log('|---|---:|---:|');
console.log(`| property 1 runs/s against the simulated IdP, best of 5 rounds (${properties.rounds.join(' / ')}) | ${properties.property1RunsPerSecond} | >= 5000 |`);
console.log(`| property 1 runs/s, median round | ${properties.property1MedianRunsPerSecond} | |`);
console.log(`| whole property suite, wall time of \`vitest run\` | ${(properties.suiteWallMs / 1000).toFixed(1)} s | < 20 s |`);
console.log(`| the same checks in one process | ${(properties.inProcessSuiteMs / 1000).toFixed(1)} s | |`);

const driver = await benchDriver();
console.log('\n## chromium driver start-up (median of 10, interleaved)\n');
console.log('| measure | ms | vs bare Playwright, same state |');
console.log('|---|---:|---:|');
console.log(`| bare chromium.launch() + newPage() (cold) | ${driver.bareColdMs} | 1.00x |`);
console.log(`| reference client, cold: launch to first window loaded | ${driver.coldLaunchToFirstWindowMs} | ${(driver.coldLaunchToFirstWindowMs / driver.bareColdMs).toFixed(2)}x |`);
console.log(`| bare newContext + newPage on a running browser (warm) | ${driver.bareWarmMs} | 1.00x |`);
console.log(`| reference client, warm (browser shared): launch to first window loaded | ${driver.warmLaunchToFirstWindowMs} | ${(driver.warmLaunchToFirstWindowMs / driver.bareWarmMs).toFixed(2)}x |`);
console.log(`| restart (quit + relaunch on the same profile) to first window | ${driver.restartMs} | ${(driver.restartMs / driver.bareWarmMs).toFixed(2)}x |`);

// Real time first, then the default scale: the same suite, 2 workers each, one after the other.
const realTime = await timeSuite(1);
const scaled = await timeSuite(DEFAULT_TIME_SCALE);
console.log('\n## Scenario suite (every built-in scenario, reference client, chromium driver, 2 workers)\n');
console.log('| time scale | suite wall time | median per scenario | passed | target |');
console.log('|---|---:|---:|---:|---|');
console.log(`| 1 (real time) | ${(realTime.wallMs / 1000).toFixed(1)} s | ${(realTime.medianScenarioMs / 1000).toFixed(1)} s | ${realTime.passed}/${realTime.total} | |`);
console.log(`| ${DEFAULT_TIME_SCALE} (default) | ${(scaled.wallMs / 1000).toFixed(1)} s | ${(scaled.medianScenarioMs / 1000).toFixed(1)} s | ${scaled.passed}/${scaled.total} | < 60 s suite, < 2 s per scenario |`);
console.log(`\nratio: the default scale runs the suite in ${(scaled.wallMs / realTime.wallMs).toFixed(2)}x the real-time wall time`);

const names = (await loadScenarios()).map((loaded) => loaded.scenario.name);
const determinism = await checkDeterminism(names);
const same = determinism.filter((check) => check.same);
console.log(`\n## Determinism (each built-in scenario run twice with seed 7, normalised histories compared)\n`);
console.log(`${same.length} of ${determinism.length} scenarios gave the same normalised history both times.`);
const alone = determinism.flatMap((check) => check.durationsMs);
console.log(`Those ${alone.length} runs, one scenario at a time: median ${(median(alone) / 1000).toFixed(1)} s per scenario (the 2-worker suite above: ${(scaled.medianScenarioMs / 1000).toFixed(1)} s).`);
const cpu = determinism.flatMap((check) => check.cpu).filter((split) => split !== undefined);
if (cpu.length > 0) {
  const medianOf = (pick: (split: (typeof cpu)[number]) => number) => median(cpu.map(pick));
  const [harness, clientMain, chromium, total] = [medianOf((split) => split.harness), medianOf((split) => split.clientMain), medianOf((split) => split.chromium), medianOf((split) => split.harness + split.clientMain + split.chromium)];
  console.log(`CPU per scenario in those runs (medians, /proc): ${total.toFixed(2)} s — Chromium ${chromium.toFixed(2)} s, the client's main process ${clientMain.toFixed(2)} s, the harness process (IdP, runner, Playwright) ${harness.toFixed(2)} s.`);
  console.log(`With 2 workers on ${availableParallelism()} cores, a scenario's CPU alone keeps it at ~${((total * 2) / availableParallelism()).toFixed(1)} s or more of wall time.`);
}
for (const check of determinism.filter((candidate) => !candidate.same)) console.log(`- ${check.scenario}: ${check.difference?.slice(0, 400)}`);
