import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { latestLinkFor, reportDirRefused } from './write-report.ts';
import { DEFAULT_REPORTS_DIR } from './reports-dir.ts';

describe('where reports go', () => {
  it('keeps a `latest` link among tokenstorm\'s own reports only, never beside a directory the user chose', () => {
    expect(DEFAULT_REPORTS_DIR).toBe(new URL('./out', import.meta.url).pathname);
    expect(latestLinkFor(join(DEFAULT_REPORTS_DIR, 'run-2026-11-26'))).toBe(join(DEFAULT_REPORTS_DIR, 'latest'));
    expect(latestLinkFor('/tmp/my-report')).toBeUndefined();
    expect(latestLinkFor(join(DEFAULT_REPORTS_DIR, 'nested', 'run'))).toBeUndefined();
  });

  it('refuses a report directory in a kernel file system before touching it', () => {
    expect(reportDirRefused('/proc/x')).toBe('cannot write the report to /proc/x: it is in a kernel file system');
    expect(reportDirRefused('/sys')).toMatch(/kernel file system/);
    expect(reportDirRefused('/tmp/process')).toBeUndefined();
  });

  it("refuses reports/out/latest, the link to the last run's report, which a report written through it would overwrite", () => {
    expect(reportDirRefused(join(DEFAULT_REPORTS_DIR, 'latest'))).toMatch(/it is the link to the last run's report; give a directory of its own$/);
    expect(reportDirRefused(join(DEFAULT_REPORTS_DIR, 'latest-run'))).toBeUndefined();
  });
});
