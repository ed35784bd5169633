/**
 * `tokenstorm run` and client variants, through the CLI as a person types it:
 * a scenario file runs against the variant it names, and `--variant` given
 * twice runs one scenario against both, side by side in the HTML report — the
 * educator's demo of a correct client next to one with a classic bug.
 */
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILTIN_SCENARIOS_DIR } from '../scenarios/load-scenario.ts';

const BIN = new URL('../../bin/tokenstorm.js', import.meta.url).pathname;
// Made in the worker: Playwright also loads this file in its runner process to list the tests, where afterAll never runs.
let scratch = '';
test.beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'tokenstorm-run-variants-'));
});
test.afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, 'run', '--driver', 'chromium', ...args], { encoding: 'utf8', timeout: 100_000 });
  return { code: result.status, output: `${result.stdout}\n${result.stderr}` };
}

const results = (dir: string) => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { runs: Array<{ scenario: string; variant: string; passed: boolean; error?: string }> };

test.describe.configure({ timeout: 120_000 });

test('a scenario file runs against the variant it names when no --variant is given', () => {
  const builtin = readFileSync(join(BUILTIN_SCENARIOS_DIR, 'refresh-429-retry-after.yaml'), 'utf8');
  const file = join(scratch, 'own-variant.yaml');
  writeFileSync(file, builtin.replace(/^name: .*$/m, 'name: own-variant').replace(/^client: .*$/m, 'client: { variant: recipe-as-written }'));
  expect(readFileSync(file, 'utf8')).toContain('client: { variant: recipe-as-written }');
  const report = join(scratch, 'own');
  const { code, output } = run(file, '--report', report);
  expect(results(report).runs.map(({ scenario, variant, passed }) => ({ scenario, variant, passed }))).toEqual([{ scenario: 'own-variant', variant: 'recipe-as-written', passed: false }]);
  expect(code, output).toBe(1);
});

test('--variant twice runs the scenario against both, side by side in the report', () => {
  const report = join(scratch, 'both');
  const { code, output } = run('refresh-429-retry-after', '--variant', 'reference', '--variant', 'recipe-as-written', '--workers', '2', '--trace', 'retain-on-failure', '--report', report);
  const runs = results(report).runs.map(({ variant, passed }) => ({ variant, passed }));
  expect(runs.sort((a, b) => a.variant.localeCompare(b.variant))).toEqual([{ variant: 'recipe-as-written', passed: false }, { variant: 'reference', passed: true }]);
  expect(code, output).toBe(1);
  // The buggy client gives up its session on the 429 and sits at "Session expired": its wait for the session to
  // come back ends as soon as nothing more happens, saying so, rather than at its 15 s timeout.
  const buggy = results(report).runs.find((candidate) => candidate.variant === 'recipe-as-written');
  expect(buggy?.error).toMatch(/^step \d+ \(waitFor\): the window cannot reach "signed-in": it shows "expired", which it leaves only when someone signs in, and neither the client nor the IdP has done anything for 2 s$/);
  // --trace retain-on-failure: a Playwright trace of the failing run's client, linked from the report; none of the passing one.
  const traces = (variant: string) => (results(report).runs.find((candidate) => candidate.variant === variant) as { traces?: Array<{ path: string; redacted: boolean }> }).traces;
  expect(traces('reference')).toBeUndefined();
  expect(traces('recipe-as-written')).toEqual([{ path: expect.stringMatching(/^artifacts\/.*\/trace\/launch-1\.zip$/), redacted: false }]);
  const trace = unzipSync(readFileSync(join(report, traces('recipe-as-written')![0]!.path)));
  expect(Buffer.from(trace['trace.trace']!).toString()).toContain('"title":"tokenstorm, launch 1"');
  expect(Object.keys(trace).some((name) => name.endsWith('.jpeg'))).toBe(true);
  const referenceFiles = readdirSync(join(report, 'artifacts'), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && entry.parentPath.includes('-reference-'));
  expect(referenceFiles).toEqual([]);
  const html = readFileSync(join(report, 'index.html'), 'utf8');
  expect(html.match(/data-testid="traces"/g)).toHaveLength(1);
  expect(html).toMatch(/<div class="side-by-side cols-2" data-testid="side-by-side" aria-label="refresh-429-retry-after: (reference next to recipe-as-written|recipe-as-written next to reference)">/);
});
