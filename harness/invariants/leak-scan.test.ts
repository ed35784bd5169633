import { createCipheriv, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanForLeaks, scanStorageDump, tokenFingerprint } from './leak-scan.ts';

const accessToken = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg';
const refreshToken = 'rt_Q2xhc3NpY1JlZnJlc2hUb2tlblZhbHVlMTIzNDU2Nzg5MA';
const tokens = [accessToken, refreshToken];

describe('leak-scan', () => {
  let profile: string;

  beforeEach(async () => {
    profile = await mkdtemp(join(tmpdir(), 'tokenstorm-leak-'));
    await mkdir(join(profile, 'Local Storage'), { recursive: true });
    await writeFile(join(profile, 'config.json'), JSON.stringify({ theme: 'dark', session: { accessToken } }));
    await writeFile(join(profile, 'Local Storage', 'leveldb.log'), Buffer.concat([randomBytes(64), Buffer.from(Buffer.from(refreshToken).toString('base64')), randomBytes(64)]));
    const cipher = createCipheriv('aes-256-gcm', randomBytes(32), randomBytes(12));
    await writeFile(join(profile, 'tokens.bin'), Buffer.concat([cipher.update(JSON.stringify(tokens)), cipher.final()]));
  });

  afterEach(async () => {
    await rm(profile, { recursive: true, force: true });
  });

  it('finds a plaintext token and a base64 one by file, and passes the encrypted file', async () => {
    const violations = await scanForLeaks({ tokens, profileDir: profile });
    expect(violations.map(({ where, encoding, fingerprint }) => ({ where, encoding, fingerprint }))).toEqual([
      { where: join('Local Storage', 'leveldb.log'), encoding: 'base64', fingerprint: tokenFingerprint(refreshToken) },
      { where: 'config.json', encoding: 'plain', fingerprint: tokenFingerprint(accessToken) },
    ]);
    expect(violations.every((violation) => violation.invariant === 'no-token-leak')).toBe(true);
  });

  it('never prints a token, only its fingerprint', async () => {
    const report = JSON.stringify(await scanForLeaks({ tokens, profileDir: profile, logs: { 'events.jsonl': `{"type":"debug","body":"${refreshToken}"}` } }));
    for (const token of tokens) expect(report).not.toContain(token);
    expect(tokenFingerprint(refreshToken)).toMatch(/^fp:[\w-]{12}$/);
    expect(report).toContain(tokenFingerprint(refreshToken));
  });

  it('finds tokens in log text, UTF-16 files and URL-encoded cookie values', async () => {
    await writeFile(join(profile, 'Cookies'), Buffer.from(`session=${encodeURIComponent(`Bearer ${accessToken}`)}`, 'utf16le'));
    const violations = await scanForLeaks({ tokens: [accessToken], profileDir: profile, logs: { 'main.log': `Authorization: Bearer ${accessToken}` } });
    expect(violations.map((violation) => violation.where)).toEqual(['Cookies', 'config.json', 'log:main.log']);
  });

  it('names the renderer storage key that holds a token', () => {
    const dump = {
      localStorage: { theme: 'dark', 'auth.session': JSON.stringify({ refreshToken }) },
      sessionStorage: {},
      indexedDB: { 'app-db': { kv: [{ key: 'draft', value: 'hello' }, { key: 'token', value: accessToken }] } },
      cookies: [{ name: 'sid', value: 'abc' }],
      globals: { __SESSION__: { at: Buffer.from(accessToken).toString('base64url') } },
    };
    expect(scanStorageDump(dump, tokens).map(({ where, encoding }) => ({ where, encoding }))).toEqual([
      { where: 'storage:localStorage.auth.session', encoding: 'plain' },
      { where: 'storage:indexedDB.app-db.kv[1].value', encoding: 'plain' },
      // This token's base64url has no `-` or `_`, so it is the same text as its unpadded base64.
      { where: 'storage:globals.__SESSION__.at', encoding: 'base64' },
    ]);
    expect(scanStorageDump({ localStorage: { theme: 'dark' }, cookies: [] }, tokens)).toEqual([]);
  });
});
