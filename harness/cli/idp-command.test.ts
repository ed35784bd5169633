import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { dpopNonceLine, noUsersHint } from './idp-command.ts';

const BIN = new URL('../../bin/tokenstorm.js', import.meta.url).pathname;

const configDirs: string[] = [];
afterAll(() => {
  for (const dir of configDirs) rmSync(dir, { recursive: true, force: true });
});

function writeConfig(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tokenstorm-cli-'));
  configDirs.push(dir);
  const file = join(dir, 'idp.yaml');
  writeFileSync(file, text);
  return file;
}

function run(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

/** The URL a started server prints, once it listens. */
function listening(server: ReturnType<typeof run>): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(server.output().stdout);
      if (match) {
        clearInterval(timer);
        resolve(match[1]!);
      }
    }, 20);
    void server.exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`exited early with ${code}: ${server.output().stderr}`));
    });
  });
}

describe('tokenstorm idp', () => {
  it('serves the configured IdP, prints its URLs and shuts down cleanly on SIGTERM', async () => {
    const config = writeConfig('users:\n  - { email: cli@example.test, password: cli-password, name: Cli }\nrotation: { preset: okta }\nsigning: { algorithm: RS256 }\nlogLevel: silent\n');
    const server = run(['idp', '--port', '0', '--config', config]);
    const url = await listening(server);
    expect(server.output().stdout).toContain(`${url}/__admin/events/stream`);
    expect(server.output().stdout).toContain(`JWKS               ${url}/oauth/jwks (tokens signed RS256; rotate: POST ${url}/__admin/keys/rotate)`);
    const state = (await (await fetch(`${url}/__admin/state`)).json()) as { users: Array<{ email: string }>; config: { policy: { name: string } } };
    expect(state.users.map((user) => user.email)).toEqual(['cli@example.test']);
    expect(state.config.policy.name).toBe('okta');
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output().stdout).toContain('SIGTERM: shutting down');
  });

  it("serves a scenario's IdP over the config file's: its rotation, lifetimes and faults, and the demo user when it names none", async () => {
    const config = writeConfig('trustedOrigins: [app://desktop]\nrotation: { preset: okta }\nlogLevel: silent\n');
    const server = run(['idp', '--port', '0', '--config', config, '--scenario', 'reuse-detection-hydra']);
    const url = await listening(server);
    const state = (await (await fetch(`${url}/__admin/state`)).json()) as { users: Array<{ email: string }>; config: { policy: { name: string } } };
    expect(state.config.policy.name).toBe('hydra');
    expect(state.users.map((user) => user.email)).toEqual(['demo@tokenstorm.dev']);
    const { faults } = (await (await fetch(`${url}/__admin/faults`)).json()) as { faults: Array<{ id: string }> };
    expect(faults.map((rule) => rule.id)).toEqual(['busy-token-endpoint']);
    expect(server.output().stdout).toContain('scenario           reuse-detection-hydra: Reuse detection, Ory Hydra');
    expect(server.output().stdout).toContain('not played: its steps waitFor, advanceClock, burst');
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('refuses a --scenario that names nothing, or a bad scenario file, before it listens', async () => {
    const missing = run(['idp', '--port', '0', '--scenario', 'no-such-scenario']);
    expect(await missing.exited).toBe(1);
    expect(missing.output().stderr).toContain('--scenario: no such file, and no built-in scenario is named "no-such-scenario"');
    const bad = writeConfig('name: Bad Name\n');
    const invalid = run(['idp', '--port', '0', '--scenario', bad]);
    expect(await invalid.exited).toBe(1);
    expect(invalid.output().stderr).toContain(`${bad}`);
    expect(invalid.output().stderr).toContain('expected a kebab-case id');
    expect(invalid.output().stdout).not.toContain('listening');
  });

  it('refuses a bad config file naming the file, the path inside it and the expectation', async () => {
    const config = writeConfig('rotation:\n  preset: google\n');
    const result = run(['idp', '--port', '0', '--config', config]);
    expect(await result.exited).toBe(1);
    expect(result.output().stderr).toContain(config);
    expect(result.output().stderr).toContain('rotation.preset');
  });

  it('names the file and the user when two users share an email or a username, whatever the case', async () => {
    const config = writeConfig('users:\n  - { email: a@b.test, password: password1, name: A, username: ada }\n  - { email: A@B.test, password: password2, name: B, username: Ada }\n');
    const result = run(['idp', '--port', '0', '--config', config]);
    expect(await result.exited).toBe(1);
    expect(result.output().stderr).toContain(`${config}: users[1].email: expected a unique email (case does not count), "A@B.test" is already users[0]'s`);
    expect(result.output().stderr).toContain('users[1].username: expected a unique username');
  });

  it('points at the line of a YAML syntax error', async () => {
    const config = writeConfig('users:\n  - email: [unclosed\n');
    const result = run(['idp', '--config', config]);
    expect(await result.exited).toBe(1);
    expect(result.output().stderr).toMatch(/at line \d+, column \d+/);
  });

  it('refuses a bad --port and an unknown option with exit codes 1 and 2', async () => {
    for (const port of ['eighty', '', '0x50', '1e3']) {
      const badPort = run(['idp', '--port', port]);
      expect(await badPort.exited).toBe(1);
      expect(badPort.output().stderr).toContain(`--port: expected an integer 0-65535, got "${port}"`);
    }
    const loud = run(['idp', '--log-level', 'loud']);
    expect(await loud.exited).toBe(1);
    expect(loud.output().stderr).toContain('--log-level: expected one of fatal, error, warn, info, debug, trace, silent, got "loud"');
    const nowhere = run(['idp', '--host', '']);
    expect(await nowhere.exited).toBe(1);
    expect(nowhere.output().stderr).toContain('--host: expected an interface to bind');
    const unknown = run(['idp', '--colour']);
    expect(await unknown.exited).toBe(2);
  });
});

describe('noUsersHint', () => {
  it('says how to get a user to sign in as: the demo config, wherever tokenstorm is, or the admin API', () => {
    expect(noUsersHint()).toBe(`(none): give --config ${relative(process.cwd(), fileURLToPath(new URL('../../mock-idp/config/demo.yaml', import.meta.url)))} for the demo user, users in your own config, or POST /__admin/users`);
  });
});

describe('dpopNonceLine', () => {
  it('says where DPoP nonces are required and how often they change, and nothing when they are off', () => {
    expect(dpopNonceLine({ nonce: 'off', nonceTtl: 300_000 })).toBe('');
    expect(dpopNonceLine({ nonce: 'both', nonceTtl: 120_000 })).toBe("  DPoP nonces        required at the token endpoint and the API, a new one every 2 min of the IdP's clock\n");
    expect(dpopNonceLine({ nonce: 'resource', nonceTtl: 30_000 })).toMatch(/required at the API, a new one every 30 s/);
  });
});
