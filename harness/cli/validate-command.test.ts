import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dirWithBadScenario, tokenstorm } from './cli-test-support.ts';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await dirWithBadScenario());
});
afterAll(() => cleanup());

describe('tokenstorm validate', () => {
  it('prints "ok: FILE (N steps)" and exits 0 for valid files', () => {
    const result = tokenstorm('validate', 'scenarios/access-expiry-burst.yaml', 'scenarios/clock-skew.yaml');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('ok: scenarios/access-expiry-burst.yaml (6 steps)');
    expect(result.stdout).toMatch(/ok: scenarios\/clock-skew\.yaml \(\d+ steps\)/);
  });

  it('validates every built-in scenario when given no file', () => {
    const result = tokenstorm('validate');
    expect(result.code).toBe(0);
    expect(result.stdout.match(/^ok: /gm)?.length).toBeGreaterThanOrEqual(15);
  });

  it('exits 1 naming the file, line, path and what was expected, and still reports the good files', () => {
    const bad = join(dir, 'bad.yaml');
    const result = tokenstorm('validate', bad, 'scenarios/restart-after-days.yaml');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${bad}:8:`);
    expect(result.stderr).toContain('steps[1].advanceClock.by: expected a duration');
    expect(result.stderr).toContain('1 of 2 scenario files invalid');
    expect(result.stdout).toContain('ok: scenarios/restart-after-days.yaml');
  });

  it("takes a built-in scenario's name, as run does", () => {
    const result = tokenstorm('validate', 'access-expiry-burst');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('ok: access-expiry-burst (6 steps)');
  });

  it('exits 1 for a file that does not exist', () => {
    const result = tokenstorm('validate', join(dir, 'nope.yaml'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('nope.yaml: cannot read the file (ENOENT)');
  });
});
