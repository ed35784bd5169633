/**
 * The client's main process starts with tokenstorm's `electron` already in
 * place (./main-bootstrap.ts). Loading that bootstrap through tsx costs every
 * launch ~300 ms of TypeScript transpiling, so it is compiled to plain ES
 * modules once per process with esbuild and written under the OS temp dir,
 * named by the hash of its output: a changed source gives a new directory,
 * and two processes building the same output share one.
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** Entry names the bootstrap imports its siblings by (see HOST_MODULES in main-bootstrap.ts). */
const ENTRIES = {
  'main-bootstrap': './main-bootstrap.ts',
  'electron-api': './electron-api/index.ts',
  'command-dispatch': './electron-api/command-dispatch.ts',
  'resolve-electron': './resolve-electron.mjs',
};

let compiled: Promise<string> | undefined;

/** The path of the compiled bootstrap, to pass to `node --import`; compiled again if its directory is gone (a test's TMPDIR removed). */
export async function compiledBootstrap(): Promise<string> {
  if (compiled && !existsSync(await compiled.catch(() => ''))) compiled = undefined;
  compiled ??= compile().catch((error: unknown) => {
    compiled = undefined;
    throw error;
  });
  return compiled;
}

async function compile(): Promise<string> {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const result = await build({
    entryPoints: Object.entries(ENTRIES).map(([out, source]) => ({ out, in: join(here, source) })),
    outdir: 'host',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // One instance of the Electron implementation, shared by the bootstrap, `electron` imports and the command dispatch.
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  const hash = createHash('sha256');
  for (const file of result.outputFiles) hash.update(basename(file.path)).update(file.contents);
  const shared = join(tmpdir(), `tokenstorm-host-${hash.digest('hex').slice(0, 16)}`);
  const write = (directory: string) => {
    for (const file of result.outputFiles) writeFileSync(join(directory, basename(file.path)), file.contents, { mode: 0o644 });
  };
  // The name is the same for everyone running this version: in a TMPDIR others can write to, a directory by that
  // name may be someone else's, and every client main would run their code. Only one of our own is reused.
  if (existsSync(shared) && !ownedAndPrivate(shared)) {
    const own = mkdtempSync(`${shared}-`);
    write(own);
    return join(own, 'main-bootstrap.mjs');
  }
  if (!existsSync(shared)) {
    const staging = `${shared}.${process.pid}`;
    mkdirSync(staging, { recursive: true, mode: 0o700 });
    write(staging);
    try {
      renameSync(staging, shared);
    } catch {
      // Another process wrote the same output first.
      rmSync(staging, { recursive: true, force: true });
    }
  }
  return join(shared, 'main-bootstrap.mjs');
}

/** A directory, and the files in it, that this user owns and no one else may write to (where there are users). */
function ownedAndPrivate(directory: string): boolean {
  const uid = process.getuid?.();
  if (uid === undefined) return true;
  try {
    const entries = [directory, ...readdirSync(directory).map((name) => join(directory, name))].map((path) => lstatSync(path));
    return entries.every((entry) => entry.uid === uid && (entry.mode & 0o022) === 0 && !entry.isSymbolicLink());
  } catch {
    // Another user's directory this user may not even list.
    return false;
  }
}
