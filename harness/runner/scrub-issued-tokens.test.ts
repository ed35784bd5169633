/**
 * A client that logs a token is what no-token-leak exists to catch; the report
 * that says so must not copy the token to disk again (results.json, the HTML
 * timeline, junit.xml), whatever the token looks like.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { opaqueToken } from '../../mock-idp/tokens/fingerprint.ts';
import { toReportedRun } from '../../reports/reported-run.ts';
import { writeReport } from '../../reports/write-report.ts';
import { mergeHistory, type History } from '../history/types.ts';
import { checkInvariants, tokenFingerprint } from '../invariants/index.ts';
import { scrubIssuedTokens, type ScenarioRun } from './run-scenario.ts';

const out = mkdtempSync(join(tmpdir(), 'tokenstorm-scrub-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('scrubIssuedTokens', () => {
  it('takes a leaked token out of the events, the violations and the messages of a run, so no report file holds it', () => {
    // better-auth's session tokens look like its user ids: no shape-based redaction knows them.
    const sessionToken = 'NgWD0YSpui6jXOaoJxeo0yK5MFTmoUO0';
    const refreshToken = opaqueToken('rt');
    const base64Refresh = Buffer.from(refreshToken).toString('base64');
    const clientLog = [
      { seq: 1, t: 1_000, source: 'client' as const, window: 'w1', type: 'signed-in', session: sessionToken },
      { seq: 2, t: 1_001, source: 'client' as const, window: 'main', type: 'refresh-stored', stored: base64Refresh },
    ];
    const history: History = { events: mergeHistory([], clientLog, []), issuedTokens: [sessionToken, refreshToken] };
    const { violations } = checkInvariants(history, { only: ['no-token-leak'] });
    expect(violations.map((violation) => violation.message)).toEqual([
      `token ${tokenFingerprint(sessionToken)} found in client#1 w1 signed-in (the event's own fields)`,
      `token ${tokenFingerprint(refreshToken)} found base64 in client#2 main refresh-stored (the event's own fields)`,
    ]);

    const run: ScenarioRun = { scenario: 'leaky-client', variant: 'reference', driver: 'chromium', seed: 1, timeScale: 1, passed: false, failures: [`final: saw ${sessionToken}`], violations, error: `step 2 (burst): ${refreshToken}`, stepsRun: 1, durationMs: 1, history };
    scrubIssuedTokens(run);
    expect(run.history.events[0]).toMatchObject({ session: `[token ${tokenFingerprint(sessionToken)}]` });
    expect(run.violations[1]!.events[0]).toMatchObject({ stored: `[token ${tokenFingerprint(refreshToken)} base64]` });
    expect(run.failures).toEqual([`final: saw [token ${tokenFingerprint(sessionToken)}]`]);

    writeReport(out, { mode: 'run', createdAt: new Date(0).toISOString(), runs: [toReportedRun(run)] });
    for (const file of ['results.json', 'index.html', 'junit.xml']) {
      const text = readFileSync(join(out, file), 'utf8');
      for (const secret of [sessionToken, refreshToken, base64Refresh.replace(/=+$/, '')]) expect(text, file).not.toContain(secret);
    }
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toContain(tokenFingerprint(sessionToken));
  });
});
