/**
 * A team's own Playwright project using tokenstorm's fixtures: its `use: { trace }` covers the clients the
 * fixtures launch with the chromium driver, as Playwright traces every browser context its library opens
 * during a test — the client's windows are in the test's own trace.zip — and the fixtures clear those traces
 * of every token the worker's IdP issued.
 */
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';

const FIXTURES = fileURLToPath(new URL('../fixtures/index.ts', import.meta.url));
const FINGERPRINT = fileURLToPath(new URL('../../mock-idp/tokens/fingerprint.ts', import.meta.url));
const PLAYWRIGHT_CLI = join(dirname(createRequire(import.meta.url).resolve('@playwright/test/package.json')), 'cli.js');

let project = '';
test.beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'tokenstorm-fixture-traces-'));
});
test.afterAll(() => { if (!process.env.KEEP_PROJECT) rmSync(project, { recursive: true, force: true }); });
test.describe.configure({ timeout: 120_000 });

interface JsonReport {
  suites: Array<{ specs: Array<{ title: string; tests: Array<{ results: Array<{ status: string; attachments: Array<{ name: string; path?: string; contentType: string }> }> }> }> }>;
}

test("trace: 'retain-on-failure' puts the client's windows in a failing test's trace, and keeps none of a passing one", () => {
  writeFileSync(join(project, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(project, 'playwright.config.mjs'), `export default { testDir: '.', workers: 1, outputDir: 'out', reporter: [['json', { outputFile: 'report.json' }]], use: { trace: 'retain-on-failure' } };\n`);
  writeFileSync(
    join(project, 'client.spec.ts'),
    [
      `import { expect, test } from ${JSON.stringify(FIXTURES)};`,
      `test('passes', async ({ client }) => { await expect((await client.window()).getByTestId('session-status')).toHaveText('Signed in'); });`,
      `test('fails', async ({ client }) => { await expect((await client.window()).getByTestId('session-status')).toHaveText('Signed out', { timeout: 500 }); });`,
    ].join('\n'),
  );
  const result = spawnSync(process.execPath, [PLAYWRIGHT_CLI, 'test', '-c', 'playwright.config.mjs'], { cwd: project, encoding: 'utf8', timeout: 100_000, env: { ...process.env, TOKENSTORM_DRIVER: 'chromium' } });
  const output = `${result.stdout}\n${result.stderr}`;
  expect(result.status, output).toBe(1);
  const report = JSON.parse(readFileSync(join(project, 'report.json'), 'utf8')) as JsonReport;
  const attachmentsOf = (title: string) => report.suites.flatMap((suite) => suite.specs).find((spec) => spec.title === title)!.tests[0]!.results[0]!;
  expect(attachmentsOf('passes').status).toBe('passed');
  expect(attachmentsOf('passes').attachments.filter((attachment) => attachment.name === 'trace')).toEqual([]);
  const failing = attachmentsOf('fails');
  expect(failing.status).toBe('failed');
  const traces = failing.attachments.filter((attachment) => attachment.name === 'trace');
  expect(traces).toEqual([expect.objectContaining({ contentType: 'application/zip', path: expect.stringMatching(/\.zip$/) })]);
  expect(existsSync(traces[0]!.path!)).toBe(true);
  // One trace per browser context: the client's is the one with the sign-in the `client` fixture did through its window.
  const entries = unzipSync(readFileSync(traces[0]!.path!));
  const contexts = Object.keys(entries).filter((name) => /^\d+-trace\.trace$/.test(name)).map((name) => Buffer.from(entries[name]!).toString());
  const client = contexts.find((trace) => trace.includes('"method":"fill"'));
  expect(client, 'no context trace with the sign-in form filled').toBeDefined();
  expect(client).toContain('"type":"screencast-frame"');
});

test('a token a test put in a window is in its trace as its fingerprint only, once the worker ends', () => {
  writeFileSync(join(project, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(project, 'playwright.leak.config.mjs'), `export default { testDir: '.', testMatch: 'leak.spec.ts', workers: 1, outputDir: 'leak', reporter: [['json', { outputFile: 'leak-report.json' }]], use: { trace: 'on' } };\n`);
  // The test shows the session token in its window (a DOM attribute, set through an evaluate the trace records),
  // and leaves beside its trace the token's fingerprint and SHA-256, never the token.
  writeFileSync(
    join(project, 'leak.spec.ts'),
    [
      `import { createHash } from 'node:crypto';`,
      `import { writeFileSync } from 'node:fs';`,
      `import { expect, test } from ${JSON.stringify(FIXTURES)};`,
      `import { fingerprint } from ${JSON.stringify(FINGERPRINT)};`,
      `test('leaks', async ({ client, idp }, testInfo) => {`,
      `  const token = idp.admin.issuedTokens()[0]!;`,
      `  const page = await client.window();`,
      `  await page.evaluate((value) => { document.body.dataset.leak = value; }, token);`,
      `  await expect(page.locator('body')).toHaveAttribute('data-leak', token);`,
      `  writeFileSync(testInfo.outputPath('leak.json'), JSON.stringify({ fp: fingerprint(token), sha256: createHash('sha256').update(token).digest('hex') }));`,
      `});`,
    ].join('\n'),
  );
  const result = spawnSync(process.execPath, [PLAYWRIGHT_CLI, 'test', '-c', 'playwright.leak.config.mjs'], { cwd: project, encoding: 'utf8', timeout: 100_000, env: { ...process.env, TOKENSTORM_DRIVER: 'chromium' } });
  expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
  const report = JSON.parse(readFileSync(join(project, 'leak-report.json'), 'utf8')) as JsonReport;
  const attachments = report.suites.flatMap((suite) => suite.specs)[0]!.tests[0]!.results[0]!.attachments;
  const trace = attachments.find((attachment) => attachment.name === 'trace')!;
  const { fp, sha256 } = JSON.parse(readFileSync(join(dirname(trace.path!), 'leak.json'), 'utf8')) as { fp: string; sha256: string };
  const texts = Object.values(unzipSync(readFileSync(trace.path!))).map((bytes) => Buffer.from(bytes).toString('latin1'));
  // The evaluate's argument and the DOM snapshots now carry the fingerprint where the token was...
  expect(texts.some((text) => text.includes(fp))).toBe(true);
  // ...and no run of token characters anywhere in the trace is the token.
  const candidates = new Set(texts.flatMap((text) => text.match(/[\w.~+/=-]{16,}/g) ?? []));
  expect(candidates.size).toBeGreaterThan(0);
  expect([...candidates].filter((candidate) => createHash('sha256').update(candidate).digest('hex') === sha256)).toEqual([]);
});
