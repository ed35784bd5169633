import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventLog, scrub } from './event-log.ts';

describe('EventLog (events.jsonl)', () => {
  const dirs: string[] = [];
  const newLog = () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenstorm-events-'));
    dirs.push(dir);
    let now = 1_000;
    return new EventLog({ file: join(dir, 'logs', 'events.jsonl'), now: () => now++, capacity: 3 });
  };
  const lines = (log: EventLog) => readFileSync(log.file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('writes one JSON object per line with seq, t, source, window and type first', () => {
    const log = newLog();
    log.record('w1', 'refresh.failed', { classification: 'rate-limited', retryAfterMs: 5000 });
    log.record('main', 'token.cleared');
    expect(lines(log)).toEqual([
      { level: 'info', seq: 1, t: 1000, source: 'client', window: 'w1', type: 'refresh.failed', classification: 'rate-limited', retryAfterMs: 5000 },
      { level: 'info', seq: 2, t: 1001, source: 'client', window: 'main', type: 'token.cleared' },
    ]);
  });

  it('never writes a value under a sensitive name, at any depth, and keeps fingerprints', () => {
    const log = newLog();
    const secret = 'rt_the-refresh-token-value';
    const event = log.record('w1', 'refresh.started', { refreshToken: secret, nested: { authorization: `Bearer ${secret}`, list: [{ access_token: secret }] }, presentedFp: 'fp:abcdefabcdef', code: 'oauth-code' });
    const text = readFileSync(log.file, 'utf8');
    expect(text).not.toContain(secret);
    expect(text).not.toContain('oauth-code');
    expect(text).toContain('fp:abcdefabcdef');
    expect(JSON.stringify(event)).not.toContain(secret);
  });

  it('cannot be made to lie about who or what an event is', () => {
    const log = newLog();
    log.record('w2', 'api.result', { window: 'main', type: 'token.stored', seq: 99 });
    expect(lines(log)[0]).toMatchObject({ seq: 1, window: 'w2', type: 'api.result' });
  });

  it('keeps the newest events for a newly opened window and tells subscribers', () => {
    const log = newLog();
    const seen: string[] = [];
    log.subscribe((event) => seen.push(event.type));
    for (const type of ['a', 'b', 'c', 'd']) log.record('main', type);
    expect(log.recent().map((event) => event.type)).toEqual(['b', 'c', 'd']);
    expect(seen).toEqual(['a', 'b', 'c', 'd']);
  });

  it('scrub leaves other values alone', () => {
    expect(scrub({ status: 401, errorCode: 'SESSION_EXPIRED', password: 'x' })).toEqual({ status: 401, errorCode: 'SESSION_EXPIRED', password: '[redacted]' });
  });
});
