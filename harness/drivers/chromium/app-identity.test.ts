import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appIdentity } from './app-identity.ts';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tokenstorm-identity-test-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function file(path: string, content: string): string {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), content);
  return join(root, path);
}

describe('appIdentity (Electron: productName or name, and version, of the app package.json)', () => {
  it("reads the nearest package.json above the main entry, productName before name", () => {
    file('app/package.json', JSON.stringify({ name: 'outer', version: '9.9.9' }));
    file('app/desktop/package.json', JSON.stringify({ name: 'notes-desktop', productName: 'Notes Desktop', version: '1.2.0' }));
    const main = file('app/desktop/out/main/index.js', '');
    expect(appIdentity(main, '41.0.0')).toEqual({ name: 'Notes Desktop', version: '1.2.0', packageJson: join(root, 'app/desktop/package.json') });
  });

  it('passes over a package.json that names no app, as a bundle\'s { "type": "module" } does', () => {
    file('app/package.json', JSON.stringify({ name: 'notes-desktop', version: '1.2.0' }));
    const main = file('app/out/main/index.js', '');
    file('app/out/package.json', JSON.stringify({ type: 'module' }));
    expect(appIdentity(main, '41.0.0')).toMatchObject({ name: 'notes-desktop', version: '1.2.0' });
  });

  it('starts from an app directory given as the main entry', () => {
    file('app/package.json', JSON.stringify({ name: 'notes-desktop', version: '1.2.0', main: 'main.js' }));
    expect(appIdentity(join(root, 'app'), '41.0.0')).toMatchObject({ name: 'notes-desktop', version: '1.2.0' });
  });

  it("falls back to Electron's version without one in the package.json, and to Electron's name and version without a package.json", () => {
    file('named/package.json', JSON.stringify({ name: 'unversioned' }));
    expect(appIdentity(file('named/main.js', ''), '41.0.0')).toMatchObject({ name: 'unversioned', version: '41.0.0' });
    // The temp dir's parents hold no package.json that names an app (here, at least: / and the OS temp dir).
    expect(appIdentity(file('bare/main.js', ''), '41.0.0')).toEqual({ name: 'Electron', version: '41.0.0' });
  });
});
