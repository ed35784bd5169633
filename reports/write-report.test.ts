import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { latestLinkFor, prepareReportDir, reportDirRefused } from './write-report.ts';
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

  it('refuses a directory that is there but cannot be written, before anything runs', () => {
    const root = mkdtempSync(join(tmpdir(), 'tokenstorm-report-dir-'));
    try {
      const readOnly = join(root, 'read-only');
      mkdirSync(readOnly, { mode: 0o555 });
      chmodSync(readOnly, 0o555);
      const expected = `cannot write the report to ${readOnly}: permission denied`;
      if (process.getuid?.() !== 0) {
        expect(prepareReportDir(readOnly)).toBe(expected);
        return;
      }
      // root may write anywhere: ask as nobody, as a CI job that is not root would.
      chmodSync(root, 0o755);
      const home = join(root, 'nobody');
      mkdirSync(home);
      chownSync(home, 65534, 65534);
      const script = `import(${JSON.stringify(new URL('./write-report.ts', import.meta.url).href)}).then((m) => console.log(JSON.stringify(m.prepareReportDir(${JSON.stringify(readOnly)}) ?? null)))`;
      const answer = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { uid: 65534, gid: 65534, env: { ...process.env, TMPDIR: home, HOME: home }, encoding: 'utf8' });
      expect(JSON.parse(answer)).toBe(expected);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
