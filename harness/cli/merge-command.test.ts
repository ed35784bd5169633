import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleRuns, writeShardReport } from '../../reports/report-test-support.ts';
import { tokenstorm } from './cli-test-support.ts';

const [passing, failing] = sampleRuns();
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'tokenstorm-cli-merge-'));
  writeShardReport(join(root, 'matrix', 'shard-1'), { mode: 'matrix', shard: { current: 1, total: 2 }, runs: [{ ...passing!, repeat: 0 }] });
  writeShardReport(join(root, 'matrix', 'shard-2'), { mode: 'matrix', shard: { current: 2, total: 2 }, runs: [{ ...failing!, repeat: 0 }] });
  writeShardReport(join(root, 'run', 'shard-1'), { mode: 'run', shard: { current: 1, total: 2 }, runs: [{ ...passing!, repeat: 0 }] });
  writeShardReport(join(root, 'run', 'shard-2'), { mode: 'run', shard: { current: 2, total: 2 }, runs: [{ ...failing!, repeat: 0 }] });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('tokenstorm merge-reports', () => {
  it('merges a sharded matrix, prints the catch matrix and exits 0 when it holds', () => {
    const out = join(root, 'matrix', 'merged');
    const result = tokenstorm('merge-reports', join(root, 'matrix', 'shard-1'), join(root, 'matrix', 'shard-2'), '--report', out);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^PASS {2}expiry-mid-request +reference /m);
    expect(result.stdout).toMatch(/^FAIL {2}two-windows-refresh +no-single-flight /m);
    expect(result.stdout).toContain('| scenario            | reference | no-single-flight |');
    expect(result.stdout).toContain('catch matrix holds');
    expect(result.stdout).toContain(`merged 2 reports: ${join(out, 'index.html')} (results.json, junit.xml beside it)`);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { mode: string; runs: unknown[] };
    expect(results.mode).toBe('matrix');
    expect(results.runs).toHaveLength(2);
    expect(readFileSync(join(out, 'index.html'), 'utf8').match(/data-testid="run"/g)).toHaveLength(2);
    // The buggy variant failing is the catch the matrix measures, not a failed test.
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toMatch(/^<testsuites name="tokenstorm scenarios" tests="2" failures="0" errors="0" skipped="0" /m);
    // `latest` is kept among tokenstorm's own reports only, never beside a directory the user chose.
    expect(existsSync(join(root, 'matrix', 'latest'))).toBe(false);
  });

  it('exits 1 with one line when --report cannot be a directory, having written nothing', () => {
    const file = join(root, 'a-file');
    writeFileSync(file, '');
    const result = tokenstorm('merge-reports', join(root, 'run', 'shard-1'), '--report', join(file, 'merged'));
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`tokenstorm merge-reports: --report: cannot write the report to ${join(file, 'merged')}: it, or a directory above it, is a file`);
    expect(result.stdout).toBe('');
  });

  it('exits 1 when a merged run failed, with the failure in the merged JUnit', () => {
    const out = join(root, 'run', 'merged');
    const result = tokenstorm('merge-reports', join(root, 'run', 'shard-1'), join(root, 'run', 'shard-2'), '--report', out);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('1 passed, 1 failed');
    expect(result.stdout).not.toContain('catch matrix');
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toMatch(/^<testsuites [^>]*tests="2" failures="1" /m);
  });

  it('exits 1 and says which shard is missing when one did not report', () => {
    const result = tokenstorm('merge-reports', join(root, 'run', 'shard-1'), '--report', join(root, 'run', 'partial'));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('NOT OK: incomplete: no report for shard 2/2');
  });

  it('exits 1 naming the file for a directory without results.json or with a broken one', () => {
    const bare = mkdtempSync(join(root, 'bare-'));
    const missing = tokenstorm('merge-reports', join(root, 'run', 'shard-1'), bare, '--report', join(root, 'out-missing'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`${join(bare, 'results.json')}: not found`);
    expect(existsSync(join(root, 'out-missing'))).toBe(false);

    writeFileSync(join(bare, 'results.json'), 'not json');
    const broken = tokenstorm('merge-reports', bare, '--report', join(root, 'out-broken'));
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`${join(bare, 'results.json')}: not valid JSON`);
  });

  it('exits 1 for reports of a run and a matrix mixed', () => {
    const result = tokenstorm('merge-reports', join(root, 'run', 'shard-1'), join(root, 'matrix', 'shard-2'), '--report', join(root, 'out-mixed'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('a "matrix" report, but');
  });

  it('prints its usage for --help', () => {
    const help = tokenstorm('merge-reports', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: tokenstorm merge-reports DIR\.\.\. \[--report OUT\]/);
  });

  it('exits 2 with its usage for no directory, and with one line for an unknown option', () => {
    expect(tokenstorm('merge-reports').code).toBe(2);
    const unknown = tokenstorm('merge-reports', join(root, 'run', 'shard-1'), '--colour');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe("tokenstorm merge-reports: Unknown option '--colour' (tokenstorm merge-reports --help lists the options)");
  });

  it('exits 2 for an OUT in a kernel file system, where creating it would spin forever', () => {
    const kernel = tokenstorm('merge-reports', join(root, 'run', 'shard-1'), '--report', '/proc/tokenstorm-merged');
    expect(kernel.code).toBe(2);
    expect(kernel.stderr).toContain('--report: cannot write the report to /proc/tokenstorm-merged: it is in a kernel file system');
  });

  it('exits 2 when OUT is one of the directories being merged, leaving it untouched', () => {
    const shard = join(root, 'run', 'shard-1');
    const before = readFileSync(join(shard, 'results.json'), 'utf8');
    const self = tokenstorm('merge-reports', shard, '--report', shard);
    expect(self.code).toBe(2);
    expect(self.stderr).toContain('is one of the directories being merged');
    expect(readFileSync(join(shard, 'results.json'), 'utf8')).toBe(before);
  });

  it('appears in the top-level usage', () => {
    expect(tokenstorm('--help').stdout).toMatch(/merge-reports\s+merge the reports of sharded runs into one/);
  });
});
