/**
 * tokenstorm as a project installs it: its files under the project's
 * node_modules, where Playwright compiles no TypeScript, and the commands run
 * from the project's folder.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT as ROOT } from '../../reports/reports-dir.ts';

/** What package.json "files" ships, less what this test does not need; the built client comes along. */
const SHIPPED = ['package.json', 'bin', 'mock-idp', 'harness', 'electron-app', 'scenarios', 'reports'];

describe('installed in a project', () => {
  it('runs a scenario from the project folder, through tsx, and writes the report into the project, not the package', () => {
    const project = mkdtempSync(join(tmpdir(), 'tokenstorm-installed-'));
    try {
      const installed = join(project, 'node_modules', 'tokenstorm');
      mkdirSync(installed, { recursive: true });
      for (const entry of SHIPPED) {
        cpSync(join(ROOT, entry), join(installed, entry), { recursive: true, filter: (source) => !source.includes(`${join(ROOT, 'reports', 'out')}`) });
      }
      // Its dependencies: this checkout's, as npm would have installed them beside it.
      symlinkSync(join(ROOT, 'node_modules'), join(installed, 'node_modules'));
      const run = spawnSync(process.execPath, [join(installed, 'bin', 'tokenstorm.js'), 'run', 'keychain-unavailable', '--workers', '1'], { cwd: project, encoding: 'utf8', timeout: 150_000 });
      expect(run.stderr).not.toContain('ERR_UNKNOWN_FILE_EXTENSION');
      expect(run.status, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toContain(`report: ${join(project, 'reports', 'out')}`);
      expect(readdirSync(join(project, 'reports', 'out'))).toContain('latest');
      expect(existsSync(join(installed, 'reports', 'out'))).toBe(false);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  }, 180_000);
});
