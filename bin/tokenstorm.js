#!/usr/bin/env node
// tokenstorm's command line. The sources are TypeScript; tsx loads them on every supported Node.
import { register } from 'tsx/esm/api';

/** Loads the CLI; tsx caches its transforms under TMPDIR, which may be unusable, before any of tokenstorm's own error handling runs. */
async function loadCli() {
  try {
    register();
    return await import('../harness/cli/main.ts');
  } catch (error) {
    const { code, path } = /** @type {NodeJS.ErrnoException} */ (error);
    if (!path || !['ENOTDIR', 'EACCES', 'EPERM', 'EROFS', 'ENOSPC'].includes(code ?? '')) throw error;
    console.error(`tokenstorm: cannot write ${path} (${code}): the temporary directory (TMPDIR=${process.env.TMPDIR ?? 'unset'}) must be a writable directory`);
    return undefined;
  }
}

const cli = await loadCli();
process.exitCode = cli ? await cli.main(process.argv.slice(2)) : 1;
