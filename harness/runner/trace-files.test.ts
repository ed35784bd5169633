import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { fingerprint } from '../../mock-idp/tokens/fingerprint.ts';
import { redactTrace, traceFiles } from './trace-files.ts';

const TOKEN = 'rt_Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6';
const OTHER = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl';
const text = (value: string) => new TextEncoder().encode(value);
const binary = Uint8Array.from({ length: 256 }, (_, i) => i);

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeTrace(entries: Record<string, Uint8Array>): string {
  dir = mkdtempSync(join(tmpdir(), 'tokenstorm-trace-test-'));
  const file = join(dir, 'launch-1.zip');
  writeFileSync(file, zipSync(entries));
  return file;
}

describe('redactTrace', () => {
  it('replaces every issued token, as is or encoded, by its fingerprint, and takes the screenshots out with their frames', () => {
    const file = writeTrace({
      'trace.trace': text([
        `{"type":"after","callId":"call@1","result":{"value":"{\\"refreshToken\\":\\"${TOKEN}\\"}"}}`,
        '{"type":"screencast-frame","pageId":"page@1","sha1":"page@1-1.jpeg"}',
        '{"type":"before","callId":"call@2","method":"click"}',
      ].join('\n')),
      'resources/snapshot.html': text(`<p>${Buffer.from(OTHER).toString('base64')}</p>`),
      'resources/page@1-1.jpeg': binary,
      'resources/font.woff2': binary,
    });
    const outcome = redactTrace(file, [TOKEN, OTHER]);
    expect(outcome).toEqual({ entries: ['trace.trace', 'resources/snapshot.html'], screenshotsRemoved: 1 });

    const after = unzipSync(readFileSync(file));
    expect(Object.keys(after).sort()).toEqual(['resources/font.woff2', 'resources/snapshot.html', 'trace.trace']);
    const trace = Buffer.from(after['trace.trace']!).toString();
    expect(trace).toContain(`[token ${fingerprint(TOKEN)}]`);
    expect(trace).not.toContain('screencast-frame');
    expect(trace).toContain('"method":"click"');
    expect(Buffer.from(after['resources/snapshot.html']!).toString()).toBe(`<p>[token ${fingerprint(OTHER)} base64]</p>`);
    expect(after['resources/font.woff2']).toEqual(binary);
    const whole = readFileSync(file).toString('latin1') + Object.values(after).map((bytes) => Buffer.from(bytes).toString('latin1')).join('');
    expect(whole).not.toContain(TOKEN);
  });

  it('leaves a trace with no token in it as it was, screenshots and all', () => {
    const file = writeTrace({ 'trace.trace': text('{"type":"screencast-frame","sha1":"a.jpeg"}'), 'resources/a.jpeg': binary });
    const before = readFileSync(file);
    expect(redactTrace(file, [TOKEN])).toEqual({ entries: [], screenshotsRemoved: 0 });
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('throws on a file that is not a zip, for the run to remove it', () => {
    dir = mkdtempSync(join(tmpdir(), 'tokenstorm-trace-test-'));
    const file = join(dir, 'launch-1.zip');
    writeFileSync(file, 'half a trace');
    expect(() => redactTrace(file, [TOKEN])).toThrow();
  });
});

describe('traceFiles', () => {
  it("lists a client's launch traces in launch order, and nothing else", () => {
    dir = mkdtempSync(join(tmpdir(), 'tokenstorm-trace-test-'));
    for (const name of ['launch-10.zip', 'launch-2.zip', 'launch-1.zip', 'notes.txt', 'launch-x.zip']) writeFileSync(join(dir, name), '');
    expect(traceFiles(dir).map((file) => file.slice(dir.length + 1))).toEqual(['launch-1.zip', 'launch-2.zip', 'launch-10.zip']);
    expect(traceFiles(join(dir, 'missing'))).toEqual([]);
  });
});
