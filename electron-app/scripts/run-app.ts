/**
 * `npm run app`: starts the mock IdP with the demo user (unless TOKENSTORM_IDP_URL
 * points at one) and the built client in the real Electron binary. Where the
 * binary is not installed it says how to install it, and what to use instead.
 * Extra arguments go to the app: `npm run app -- --tokenstorm-variant=recipe-as-written --tokenstorm-windows=2`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const mainEntry = fileURLToPath(new URL('../out/main/index.js', import.meta.url));

function electronBinary(): string | null {
  const explicit = process.env['TOKENSTORM_ELECTRON'];
  if (explicit) return existsSync(explicit) ? explicit : null;
  try {
    // The electron package exports the path of its binary, and throws when its install script never downloaded it.
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

function explainMissingBinary(): void {
  console.error(`tokenstorm: the Electron binary is not installed.

npm installed the \`electron\` package (its type definitions are what \`npm run typecheck\` uses),
but its install script, which downloads the binary from GitHub, is not allowed to run
("allowScripts": { "electron": false } in package.json) because machines without that network
access could not run \`npm ci\` otherwise. Where GitHub (or a mirror) is reachable, download it with:

  node node_modules/electron/install.js
  # or through a mirror:
  ELECTRON_MIRROR=https://your.mirror/electron/ node node_modules/electron/install.js
  # or allow the script for good (changes package.json):
  npm pkg set allowScripts.electron=true && npm rebuild electron

or point at an Electron you unpacked yourself: TOKENSTORM_ELECTRON=/path/to/electron npm run app.
Then run \`npm run app\` again. Where it cannot be downloaded, the harness runs the same built app
in Chromium instead (the \`chromium\` driver): see "The Electron client" in README.md.`);
}

function startIdp(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['bin/tokenstorm.js', 'idp', '--config', 'mock-idp/config/demo.yaml', '--port', process.env['TOKENSTORM_IDP_PORT'] ?? '4400'], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      seen += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(seen);
      if (match?.[1]) resolve({ url: match[1], child });
    });
    child.once('exit', (code) => reject(new Error(`the mock IdP exited (${code ?? 'signal'}) before it was listening`)));
  });
}

const electron = electronBinary();
if (electron === null) {
  explainMissingBinary();
  process.exit(1);
}

const external = process.env['TOKENSTORM_IDP_URL'];
const idp = external ? null : await startIdp();
const idpUrl = external ?? idp!.url;
console.log(`\nStarting the tokenstorm client against ${idpUrl} — demo user: demo@tokenstorm.dev / demo-password\n`);

// Chromium refuses to run as root with its sandbox on (containers); the renderer's own sandbox option stays on.
const rootArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
const app = spawn(electron, [...rootArgs, mainEntry, `--tokenstorm-idp=${idpUrl}`, ...process.argv.slice(2)], { cwd: repo, stdio: 'inherit' });
const stop = () => {
  app.kill();
  idp?.child.kill();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
app.on('exit', (code) => {
  idp?.child.kill();
  process.exitCode = code ?? 0;
});
