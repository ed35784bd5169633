import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { dirWithBadScenario, tokenstorm, tokenstormWith } from './cli-test-support.ts';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await dirWithBadScenario());
});
afterAll(() => cleanup());

describe('tokenstorm list', () => {
  it('prints a table of the built-in scenarios: name, title, steps, invariants', () => {
    const result = tokenstorm('list');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^NAME\s+TITLE\s+STEPS\s+INVARIANTS$/);
    expect(result.stdout).toMatch(/^access-expiry-burst\s+Twenty API calls hit an expired access token at once\s+6\s+single-flight, /m);
    expect(result.stdout).toMatch(/^(\d+) scenarios$/m);
  });

  it('exits 1 naming the bad file when a scenario directory has one', () => {
    const result = tokenstorm('list', '--dir', dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('bad.yaml:8:');
  });

  it('appears in the top-level usage', () => {
    const result = tokenstorm('--help');
    expect(result.stdout).toMatch(/validate\s+check scenario files/);
    expect(result.stdout).toMatch(/list\s+list the built-in scenarios/);
  });
});

describe('any command, with a TMPDIR it cannot write', () => {
  it('says so in one line, not with a stack trace from loading the CLI', () => {
    const result = tokenstormWith({ TMPDIR: join(dir, 'bad.yaml') }, 'list');
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^tokenstorm: cannot write \S+bad\.yaml\/tsx-\d+ \(ENOTDIR\): the temporary directory \(TMPDIR=\S+bad\.yaml\) must be a writable directory$/);
  });
});
