/** Shared by the CLI tests: runs `node bin/tokenstorm.js …` and a temp dir holding one bad scenario. */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;

export function tokenstorm(...args: string[]) {
  return tokenstormWith({}, ...args);
}

/** `tokenstorm` with more in its environment. */
export function tokenstormWith(env: NodeJS.ProcessEnv, ...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/tokenstorm.js', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 20_000, env: { ...process.env, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A temp dir with `bad.yaml`, whose line 8 holds `steps[1].advanceClock.by: soon`. */
export async function dirWithBadScenario(): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'tokenstorm-cli-'));
  await writeFile(
    join(dir, 'bad.yaml'),
    `name: bad
title: A bad scenario
teaches: >
  Enough words to count as a paragraph for educators, which the schema asks for so that every
  scenario explains itself.
steps:
  - signIn: {}
  - advanceClock: { by: soon }
expect:
  final: { state: signed-in, tokensStored: true }
`,
  );
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
