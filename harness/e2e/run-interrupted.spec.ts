/**
 * `tokenstorm run` stopped by SIGTERM, the signal a CI system cancels a job
 * with, sent to the tokenstorm process alone: the run under way is stopped and
 * torn down, the report is written and says so, and the command exits non-zero
 * only after that (Playwright's runner stops gracefully on SIGINT only).
 */
import { expect, test } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = new URL('../../bin/tokenstorm.js', import.meta.url).pathname;
let scratch = '';
test.beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'tokenstorm-run-interrupted-'));
});
test.afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test.describe.configure({ timeout: 120_000 });

test('SIGTERM to tokenstorm run writes the report of the stopped run and leaves no profile behind', async () => {
  const report = join(scratch, 'report');
  const runTmp = join(scratch, 'tmp');
  const child = spawn(process.execPath, [BIN, 'run', 'server-error-storm', 'restart-after-days', '--driver', 'chromium', '--workers', '1', '--report', report], {
    env: { ...process.env, TMPDIR: runTmp },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  // The first scenario's client is up once its profile exists: stop the run then, in the middle of it.
  const leftovers = () => (existsSync(runTmp) ? readdirSync(runTmp).filter((name) => /^tokenstorm-(profile|keychain)-/.test(name)) : []);
  await expect.poll(leftovers, { timeout: 60_000, intervals: [100] }).not.toEqual([]);
  child.kill('SIGTERM');

  // 143: the shell's code for a command SIGTERM ended (Playwright's own is 130 whatever stopped it).
  expect(await exited, output).toBe(143);
  const results = JSON.parse(readFileSync(join(report, 'results.json'), 'utf8')) as { runs: Array<{ scenario: string; passed: boolean; error?: string }> };
  const byScenario = Object.fromEntries(results.runs.map((run) => [run.scenario, run]));
  expect(byScenario['server-error-storm']).toMatchObject({ passed: false, error: expect.stringMatching(/interrupted/) });
  expect(byScenario['restart-after-days']).toMatchObject({ passed: false, error: expect.stringMatching(/^did not run/) });
  expect(leftovers()).toEqual([]);
  expect(output).toContain('Running 2 scenario runs with 1 worker');
});
