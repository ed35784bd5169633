import { describe, expect, it } from 'vitest';
import { renderJunitReport } from './junit-report.ts';
import { PLANTED_JWT, sampleRuns } from './report-test-support.ts';
import type { ReportedRun } from './reported-run.ts';
import { unfinishedRun } from './unfinished-run.ts';

const [passing, failing]: ReportedRun[] = sampleRuns();
if (!passing || !failing) throw new TypeError('sampleRuns() holds a passing and a failing run');
const failingReference: ReportedRun = { ...failing, scenario: 'restart-after-days', variant: 'reference' };
const timedOutVariant = unfinishedRun(
  { title: 'slow-refresh-timeout [no-deadline]', repeatEachIndex: 0, annotations: [] },
  { status: 'timedOut', duration: 90_000, annotations: [], error: { message: 'Test timeout of 90000ms exceeded.' } },
  { driver: 'chromium', seed: 7, timeScale: 1 },
);

const render = (mode: 'run' | 'matrix', runs: readonly ReportedRun[]) => renderJunitReport({ mode, createdAt: '2025-06-01T12:00:00.000Z', runs });
const testcases = (xml: string) => xml.match(/<testcase [\s\S]*?<\/testcase>/g) ?? [];
const failed = (xml: string) => testcases(xml).filter((testcase) => testcase.includes('<failure ')).map((testcase) => /name="([^"]*)"/.exec(testcase)![1]);

describe('renderJunitReport', () => {
  it('writes one <testsuites> holding one suite, with the totals and the summed time on both', () => {
    const xml = render('run', [passing, failing]);
    const totals = 'tests="2" failures="1" errors="0" skipped="0" time="2.370"';
    expect(xml).toMatch(new RegExp(`^<\\?xml version="1.0" encoding="UTF-8"\\?>\\n<testsuites name="tokenstorm scenarios" ${totals}>\\n<testsuite name="tokenstorm scenarios" timestamp="2025-06-01T12:00:00.000Z" ${totals}>\\n`));
    expect(xml.match(/<testsuite /g)).toHaveLength(1);
    expect(xml.endsWith('</testsuite>\n</testsuites>\n')).toBe(true);
  });

  it('writes a testcase per run, named scenario [variant], with the driver, seed and time scale', () => {
    const [first] = testcases(render('run', [passing]));
    expect(first).toBe(
      [
        '<testcase name="expiry-mid-request [reference]" classname="expiry-mid-request" time="0.840">',
        '<properties><property name="driver" value="chromium (test)"/><property name="seed" value="7"/><property name="timeScale" value="1"/></properties>',
        '</testcase>',
      ].join('\n'),
    );
  });

  it('names the repeats of one scenario apart, so a JUnit consumer does not merge them', () => {
    const names = testcases(render('run', [{ ...passing!, repeat: 0 }, { ...passing!, repeat: 1 }])).map((testcase) => /name="([^"]*)"/.exec(testcase)![1]);
    expect(names).toEqual([`${passing!.scenario} [${passing!.variant}]`, `${passing!.scenario} [${passing!.variant}] (repeat 2)`]);
  });

  it('names the runs of one scenario apart by their label (chaos mode\'s), with the schedule and the replay as properties', () => {
    const schedule = '1 window(s), strict rotation: 1. 503 on refresh ×1; access token expires; 1 call(s) from window 1';
    const chaos = (label: string, more: Partial<ReportedRun> = {}): ReportedRun => ({ ...failing!, scenario: 'chaos-x-seed-7', label, schedule, ...more });
    const replay = "tokenstorm run 'out/a b/chaos-x-seed-7.yaml' --variant no-single-flight --seed 7 --time-scale 5";
    const xml = render('run', [chaos('schedule 1'), chaos('shrink step 1'), chaos('shrink step 2, minimal: replayed by chaos-x-seed-7.yaml', { replay }), chaos('schedule 1', { repeat: 1 })]);
    expect(testcases(xml).map((testcase) => /name="([^"]*)"/.exec(testcase)![1])).toEqual([
      'chaos-x-seed-7 [no-single-flight] (schedule 1)',
      'chaos-x-seed-7 [no-single-flight] (shrink step 1)',
      'chaos-x-seed-7 [no-single-flight] (shrink step 2, minimal: replayed by chaos-x-seed-7.yaml)',
      'chaos-x-seed-7 [no-single-flight] (repeat 2, schedule 1)',
    ]);
    expect(testcases(xml)[2]).toContain(`<property name="schedule" value="${schedule}"/><property name="replay" value="tokenstorm run &#39;out/a b/chaos-x-seed-7.yaml&#39; --variant no-single-flight --seed 7 --time-scale 5"/>`);
    expect(testcases(xml)[0]).not.toContain('name="replay"');
  });

  it('counts a chaos search\'s failure once with its minimal form, its shrink steps skipped rather than failed', () => {
    const chaos = (label: string, more: Partial<ReportedRun> = {}): ReportedRun => ({ ...failing!, scenario: 'chaos-x-seed-7', label, ...more });
    const xml = render('run', [chaos('schedule 1'), chaos('shrink step 1', { shrinkStep: true }), chaos('shrink step 2', { shrinkStep: true, passed: true, violations: [], failures: [] }), chaos('shrink step 3, minimal: replayed by x.yaml')]);
    expect(xml).toMatch(/<testsuites [^>]*tests="4" failures="2" errors="0" skipped="2"/);
    const [found, step1, step2, minimal] = testcases(xml);
    expect(found).toContain('<failure ');
    expect(minimal).toContain('<failure ');
    expect(step1).toContain('<skipped message="a step of shrinking a failing schedule to its minimal form (failed); the minimal schedule is a testcase of its own"/>');
    expect(step2).toContain('(passed)');
    expect(step1).not.toContain('<failure');
  });

  it('gives a failed run a <failure> with its first reason as the message and every reason as the text', () => {
    const [testcase] = testcases(render('run', [failing]));
    // The violated invariant leads: what the client did wrong, then what that led to.
    expect(testcase).toContain('<failure message="single-flight: two refreshes presented fp:r1a2b3 within 12 ms">single-flight: two refreshes presented fp:r1a2b3 within 12 ms\nwindow 2: expected state signed-in, found session-expired</failure>');
  });

  it('escapes <, &, quotes and apostrophes in names and messages, drops characters XML forbids, and never writes a token', () => {
    const odd: ReportedRun = { ...failing, scenario: 'a<b>&"c"', violations: [], error: `step 2 (signIn): expected <form name="x"> & 'sign in'\u001b[31m ${PLANTED_JWT}` };
    const xml = render('run', [odd]);
    expect(xml).toContain('<testcase name="a&lt;b&gt;&amp;&quot;c&quot; [no-single-flight]" classname="a&lt;b&gt;&amp;&quot;c&quot;"');
    expect(xml).toContain('<failure message="step 2 (signIn): expected &lt;form name=&quot;x&quot;&gt; &amp; &#39;sign in&#39;[31m [redacted]">step 2 (signIn): expected &lt;form name=&quot;x&quot;&gt; &amp; &#39;sign in&#39;[31m [redacted]\n');
    expect(xml).not.toContain('\u001b');
    expect(xml).not.toContain(PLANTED_JWT.slice(0, 40));
  });

  describe('in a matrix, as scenarios.spec.ts asserts', () => {
    const xml = render('matrix', [passing, failing, failingReference, timedOutVariant]);

    it('does not fail a buggy variant that failed its scenario: that is the catch being measured', () => {
      expect(failed(xml)).not.toContain('two-windows-refresh [no-single-flight]');
    });

    it('fails the reference failing, and a test that ended before its run did, whatever its variant', () => {
      expect(failed(xml)).toEqual(['restart-after-days [reference]', 'slow-refresh-timeout [no-deadline]']);
      expect(xml).toContain('<failure message="test timedOut: Test timeout of 90000ms exceeded.">test timedOut: Test timeout of 90000ms exceeded.</failure>');
      expect(xml).toMatch(/<testsuites [^>]*tests="4" failures="2" errors="0" skipped="0" time="93\.900">/);
    });
  });

  it('fails every failed run in a run', () => {
    expect(failed(render('run', [passing, failing, failingReference, timedOutVariant]))).toEqual(['two-windows-refresh [no-single-flight]', 'restart-after-days [reference]', 'slow-refresh-timeout [no-deadline]']);
  });

  it('writes an empty suite when nothing ran', () => {
    expect(render('run', [])).toContain('<testsuite name="tokenstorm scenarios" timestamp="2025-06-01T12:00:00.000Z" tests="0" failures="0" errors="0" skipped="0" time="0.000">\n</testsuite>');
  });
});
