import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../reports/reports-dir.ts';
import { PACKAGE_ENTRIES, entryPath, exportedNames, renderEntry, type EntryFile } from './write-entries.ts';

const packageJson = JSON.parse(await readFile(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
  exports: Record<string, { types: string; default: string }>;
  files: string[];
  peerDependencies: Record<string, string>;
};

describe('package entries', () => {
  it.each(Object.keys(PACKAGE_ENTRIES) as EntryFile[])('%s re-exports every name of its module (regenerate: node --import tsx harness/package/write-entries.ts)', async (file) => {
    expect(await readFile(entryPath(file), 'utf8')).toBe(renderEntry(file, await exportedNames(file)));
  });

  it('every export of package.json resolves to an entry here, typed by the declarations npm pack writes', () => {
    for (const [name, target] of Object.entries(packageJson.exports)) {
      const entry = target.default.replace('./harness/package/', '') as EntryFile;
      expect(PACKAGE_ENTRIES, name).toHaveProperty(entry);
      const source = relative(PACKAGE_ROOT, fileURLToPath(new URL(PACKAGE_ENTRIES[entry], import.meta.url)));
      expect(target.types, name).toBe(`./types/${source.replace(/\.ts$/, '.d.ts')}`);
    }
    expect(packageJson.files).toEqual(expect.arrayContaining(['types', 'harness']));
  });

  it('loads in plain Node, with no TypeScript loader of the caller: an IdP starts, properties and fixtures import', async () => {
    const script = `
      const { createMockIdp } = await import(${JSON.stringify(entryPath('mock-idp.js'))});
      const idp = await createMockIdp({ users: [{ email: 'ada@example.test', password: 'correct-horse', name: 'Ada' }] });
      const response = await fetch(idp.url + '/.well-known/openid-configuration');
      await idp.close();
      const properties = await import(${JSON.stringify(entryPath('properties.js'))});
      const core = await import(${JSON.stringify(entryPath('client-core.js'))});
      console.log(JSON.stringify({ status: response.status, assertProperty: typeof properties.assertProperty, createAuthClient: typeof core.createAuthClient }));
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, NODE_OPTIONS: '' } });
    expect(JSON.parse(stdout)).toEqual({ status: 200, assertProperty: 'function', createAuthClient: 'function' });
  });

  it('asks a project for the Playwright and fast-check it tests with, rather than bringing its own', () => {
    expect(Object.keys(packageJson.peerDependencies).sort()).toEqual(['@playwright/test', 'fast-check', 'playwright-core']);
  });
});
