/**
 * No token leak: looks for every token the IdP issued — as is, base64,
 * base64url and URL-encoded, in UTF-8 and UTF-16LE (Chromium's storage) — in a
 * profile directory, the client's log text and a dump of renderer storage.
 * A hit names where it was found and the token's fingerprint, never the token.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fingerprint } from '../../mock-idp/tokens/fingerprint.ts';
import type { Violation } from './types.ts';

export const LEAK_INVARIANT_ID = 'no-token-leak';

export interface LeakScanInput {
  /** Raw tokens the IdP issued (`History.issuedTokens`). */
  tokens: readonly string[];
  /** Every file under it is scanned, binary-safe. */
  profileDir?: string;
  /** The client's log text, by name (e.g. `{ 'events.jsonl': text }`). */
  logs?: Readonly<Record<string, string>>;
  /** Renderer storage as JSON: localStorage, sessionStorage, IndexedDB values, cookies, window globals. */
  rendererStorage?: unknown;
}

export interface LeakViolation extends Violation {
  /** File path (relative to the profile), `log:<name>` or `storage:<path>`. */
  where: string;
  fingerprint: string;
  encoding: Encoding;
}

export type Encoding = 'plain' | 'base64' | 'base64url' | 'url-encoded';

interface Needle {
  fingerprint: string;
  encoding: Encoding;
  text: string;
  bytes: Buffer[];
}

/** `fp:` + the first 12 characters of the token's SHA-256 in base64url: the IdP's own fingerprint. */
export const tokenFingerprint: (token: string) => string = fingerprint;

/** Tokens shorter than this are not scanned: they would match by chance. */
const MIN_TOKEN_LENGTH = 16;

/** Each token (long enough to scan) in every form it is looked for: as is, base64 (unpadded), base64url, URL-encoded. */
export function tokenForms(tokens: readonly string[]): Array<{ fingerprint: string; encoding: Encoding; text: string }> {
  const forms: Array<{ fingerprint: string; encoding: Encoding; text: string }> = [];
  for (const token of new Set(tokens)) {
    if (token.length < MIN_TOKEN_LENGTH) continue;
    const fingerprint = tokenFingerprint(token);
    const raw = Buffer.from(token, 'utf8');
    const candidates: Array<[Encoding, string]> = [
      ['plain', token],
      // Padding depends on what follows in a larger blob: search without it.
      ['base64', raw.toString('base64').replace(/=+$/, '')],
      ['base64url', raw.toString('base64url')],
      ['url-encoded', encodeURIComponent(token)],
    ];
    const seen = new Set<string>();
    for (const [encoding, text] of candidates) {
      if (seen.has(text)) continue;
      seen.add(text);
      forms.push({ fingerprint, encoding, text });
    }
  }
  return forms;
}

function needlesOf(tokens: readonly string[]): Needle[] {
  return tokenForms(tokens).map(({ fingerprint, encoding, text }) => ({ fingerprint, encoding, text, bytes: [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le')] }));
}

function hit(where: string, needle: Needle): LeakViolation {
  return {
    invariant: LEAK_INVARIANT_ID,
    message: `token ${needle.fingerprint} found${needle.encoding === 'plain' ? '' : ` ${needle.encoding}`} in ${where}`,
    events: [],
    where,
    fingerprint: needle.fingerprint,
    encoding: needle.encoding,
  };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  // Symlinks are not followed: they may point outside the profile.
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

export async function scanProfileDir(profileDir: string, tokens: readonly string[]): Promise<LeakViolation[]> {
  const needles = needlesOf(tokens);
  const violations: LeakViolation[] = [];
  for (const file of (await filesUnder(profileDir)).sort()) {
    const content = await readFile(file);
    for (const needle of needles) {
      if (needle.bytes.some((bytes) => content.includes(bytes))) violations.push(hit(relative(profileDir, file), needle));
    }
  }
  return violations;
}

export function scanText(where: string, text: string, tokens: readonly string[]): LeakViolation[] {
  return needlesOf(tokens)
    .filter((needle) => text.includes(needle.text))
    .map((needle) => hit(where, needle));
}

/** Walks a JSON-like dump; keys and string values are both searched. */
export function scanStorageDump(dump: unknown, tokens: readonly string[]): LeakViolation[] {
  const needles = needlesOf(tokens);
  const violations: LeakViolation[] = [];
  const visit = (value: unknown, path: string, depth: number): void => {
    if (depth > 32) return;
    if (typeof value === 'string') {
      for (const needle of needles) if (value.includes(needle.text)) violations.push(hit(`storage:${path}`, needle));
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, `${path}[${index}]`, depth + 1));
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        const itemPath = path === '' ? key : `${path}.${key}`;
        for (const needle of needles) if (key.includes(needle.text)) violations.push(hit(`storage:${path === '' ? '' : `${path}.`}(key)`, needle));
        visit(item, itemPath, depth + 1);
      }
    }
  };
  visit(dump, '', 0);
  return violations;
}

export async function scanForLeaks(input: LeakScanInput): Promise<LeakViolation[]> {
  const violations: LeakViolation[] = [];
  if (input.profileDir !== undefined) violations.push(...(await scanProfileDir(input.profileDir, input.tokens)));
  for (const [name, text] of Object.entries(input.logs ?? {})) violations.push(...scanText(`log:${name}`, text, input.tokens));
  if (input.rendererStorage !== undefined) violations.push(...scanStorageDump(input.rendererStorage, input.tokens));
  return violations;
}
