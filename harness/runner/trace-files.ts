/**
 * Playwright traces of a run's client (`tokenstorm run --trace`): one zip per
 * launch of the client, its windows' actions, DOM snapshots and screenshots,
 * for `npx playwright show-trace`. A trace records what the harness asked the
 * windows and what they answered — the relayed IPC, the renderer storage the
 * leak scan reads — so a client that hands a window a token puts that token in
 * the trace. Tokenstorm writes no token to disk: before a trace is kept, every
 * token the IdP issued, as is or encoded the ways the leak scan looks for, is
 * replaced by its fingerprint, and a trace in which one was found loses its
 * screenshots too (a token in the page's text may be on screen).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { issuedTokenRedactor } from '../../reports/redact.ts';

/** The traces a client's launches wrote into `dir` (launchTraceName), first launch first. */
export function traceFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const launch = (name: string) => Number(/^launch-(\d+)\.zip$/.exec(name)?.[1]);
  return names.filter((name) => Number.isInteger(launch(name))).sort((a, b) => launch(a) - launch(b)).map((name) => join(dir, name));
}

export interface TraceRedaction {
  /** Entries of the zip in which a token was replaced by its fingerprint. */
  entries: string[];
  /** Screenshots taken out because a token was found in the trace. */
  screenshotsRemoved: number;
}

const SCREENSHOT = /\.(jpe?g|png)$/i;

/** Replaces every one of `tokens` in the trace at `file` by its fingerprint, in place; says what it changed. */
export function redactTrace(file: string, tokens: readonly string[]): TraceRedaction {
  const redact = issuedTokenRedactor(tokens);
  const entries = unzipSync(readFileSync(file));
  const changed: string[] = [];
  for (const [name, bytes] of Object.entries(entries)) {
    if (SCREENSHOT.test(name)) continue;
    // As latin1, every byte is one character and comes back as it was: binary resources pass untouched.
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    const redacted = redact.text(text);
    if (redacted === text) continue;
    entries[name] = Buffer.from(redacted, 'latin1');
    changed.push(name);
  }
  if (changed.length === 0) return { entries: [], screenshotsRemoved: 0 };
  let screenshotsRemoved = 0;
  for (const name of Object.keys(entries)) {
    if (!SCREENSHOT.test(name)) continue;
    delete entries[name];
    screenshotsRemoved += 1;
  }
  // The frames' events go with the images they name.
  for (const name of Object.keys(entries).filter((candidate) => candidate.endsWith('.trace'))) {
    const lines = Buffer.from(entries[name]!).toString('latin1').split('\n');
    entries[name] = Buffer.from(lines.filter((line) => !line.includes('"type":"screencast-frame"')).join('\n'), 'latin1');
  }
  writeFileSync(file, zipSync(entries as Zippable, { level: 6 }));
  return { entries: changed, screenshotsRemoved };
}
