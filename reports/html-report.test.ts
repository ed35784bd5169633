import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeMarkup } from './escape-markup.ts';
import { LANE_MIN_PX, renderHtmlReport } from './html-report.ts';
import type { ReportedRun } from './reported-run.ts';
import { FAILING_EVENTS, PLANTED_JWT, PLANTED_REFRESH, sampleRuns } from './report-test-support.ts';
import type { HistoryEvent } from '../harness/history/types.ts';
import { variantDescription } from './teaching-text.ts';
import { CHROMIUM_ARGS, chromiumExecutable } from '../harness/drivers/chromium/shared-browser.ts';
import { INVARIANTS } from '../harness/invariants/registry.ts';

const SCREENSHOT = join(dirname(fileURLToPath(import.meta.url)), 'out', 'report-sample.png');
const SIDE_BY_SIDE_SCREENSHOT = join(dirname(fileURLToPath(import.meta.url)), 'out', 'report-side-by-side.png');

describe('renderHtmlReport in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  let fileUrl: string;
  const consoleErrors: string[] = [];
  const blocked: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tokenstorm-report-'));
    const file = join(dir, 'index.html');
    writeFileSync(file, renderHtmlReport({ title: 'tokenstorm — sample suite', createdAt: '2025-06-01T12:00:00Z', driver: 'chromium', runs: sampleRuns() }));
    fileUrl = pathToFileURL(file).href;
    browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    await page.route('**/*', (route) => {
      if (route.request().url() === fileUrl) return route.continue();
      blocked.push(route.request().url());
      return route.abort();
    });
    await page.goto(fileUrl);
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('renders without console errors and asks the network for nothing', () => {
    expect(consoleErrors).toEqual([]);
    expect(blocked).toEqual([]);
  });

  it('shows the totals and both verdicts in the matrix, each linking to its run', async () => {
    await expect(page.getByTestId('totals').innerText()).resolves.toMatch(/1 passed · 1 failed/);
    const matrix = page.getByTestId('matrix');
    await expect(matrix.locator('tbody tr').count()).resolves.toBe(2);
    const passed = matrix.locator('[data-verdict="passed"]');
    const failed = matrix.locator('[data-verdict="failed"]');
    await expect(passed.innerText()).resolves.toBe('✓');
    await expect(failed.innerText()).resolves.toBe('✗');
    await expect(matrix.locator('tr', { has: page.locator('[data-verdict="failed"]') }).locator('th').innerText()).resolves.toBe('two-windows-refresh');
    await failed.click();
    await expect(page.evaluate(() => location.hash)).resolves.toBe('#run-2');
  });

  it('shows the failing run\'s events in time order, one lane per actor, with the violated ones in red and named', async () => {
    const run = page.locator('#run-2');
    await expect(run.locator('thead th.lane').allInnerTexts()).resolves.toEqual(['harness', 'main', 'w1', 'w2', 'IdP']);
    const rows = run.getByTestId('event');
    await expect(rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-key')))).resolves.toEqual([
      'harness:1', 'client:1', 'harness:2', 'client:2', 'client:3', 'idp:3', 'idp:4', 'client:4', 'idp:5',
    ]);
    await expect(run.locator('[data-key="idp:3"] [data-testid="label"]').innerText()).resolves.toBe('POST /oauth/token → 200 rotated');
    await expect(run.locator('[data-key="idp:4"] [data-testid="label"]').innerText()).resolves.toContain('fault:delay (slow-token)');
    await expect(run.locator('[data-key="idp:4"] td.time').innerText()).resolves.toBe('+142 ms');
    await expect(run.locator('[data-key="client:3"]').getAttribute('data-lane')).resolves.toBe('w2');

    const violated = run.locator('tr.violated');
    await expect(violated.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-key')))).resolves.toEqual(['idp:3', 'idp:4']);
    await expect(violated.getByTestId('violated-by').allInnerTexts()).resolves.toEqual(['single-flight', 'single-flight']);
    const red = await violated.first().locator('[data-testid="label"]').evaluate((element) => getComputedStyle(element).color);
    expect(red).toBe('rgb(198, 40, 40)');
    await expect(run.getByTestId('violations').innerText()).resolves.toContain('single-flight Single-flight refresh two refreshes presented fp:r1a2b3');
    await expect(page.locator('#run-1 tr.violated').count()).resolves.toBe(0);
  });

  it('never prints a token and escapes what it prints', async () => {
    const text = await page.locator('body').innerText();
    const html = await page.content();
    for (const token of [PLANTED_JWT, PLANTED_REFRESH, PLANTED_JWT.slice(0, 40)]) {
      expect(text).not.toContain(token);
      expect(html).not.toContain(token);
    }
    await expect(page.locator('script').count()).resolves.toBe(0);
    expect(text).toContain('reason=<script>alert(1)</script>');
  });

  it('lays out only the runs near the screen in a long report, and a violation link still brings its event into view', async () => {
    const many = Array.from({ length: 40 }, () => sampleRuns()).flat();
    const file = join(dir, 'many.html');
    writeFileSync(file, renderHtmlReport({ title: 'tokenstorm — many runs', createdAt: '2025-06-01T12:00:00Z', driver: 'chromium', runs: many }));
    const long = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await long.goto(pathToFileURL(file).href);
      const lastRow = long.locator('section.run').last().locator('tr[data-testid="event"]').first();
      // Far below the screen, the last run's rows are skipped: not laid out or painted until they come near.
      await expect(lastRow.evaluate((row) => row.checkVisibility({ contentVisibilityAuto: true }))).resolves.toBe(false);
      const link = long.locator('ul.violations a').last();
      const target = (await link.getAttribute('href'))!;
      await link.click();
      await expect(long.evaluate(() => location.hash)).resolves.toBe(target);
      await expect(long.locator(target).evaluate((row) => row.checkVisibility({ contentVisibilityAuto: true }))).resolves.toBe(true);
      const box = (await long.locator(target).boundingBox())!;
      expect(box.y).toBeGreaterThan(-2);
      expect(box.y).toBeLessThan(900);
    } finally {
      await long.close();
    }
  });

  it('saves a screenshot for a person to look at', async () => {
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await page.goto(fileUrl);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });
});

describe('renderHtmlReport, the timeline heading', () => {
  it("names the clock its times are on: real time, or the client's clock for a run played faster", () => {
    const [run] = sampleRuns();
    const heading = (timeScale: number) => /<h3>Timeline <small>([^<]*)<\/small>/.exec(renderHtmlReport({ title: 't', createdAt: '2025-06-01T12:00:00Z', driver: 'chromium', runs: [{ ...run!, timeScale }] }))?.[1];
    expect(heading(1)).toBe(`${run!.history.events.length} events, real time from the run's first event`);
    expect(heading(5)).toBe(`${run!.history.events.length} events, the client's clock (5× real time) from the run's first event`);
  });
});

describe('renderHtmlReport, one scenario against several variants', () => {
  const [passing, failing] = sampleRuns();
  const render = (runs: typeof passing[]) => renderHtmlReport({ title: 't', createdAt: '2025-06-01T12:00:00Z', driver: 'chromium', runs: runs as NonNullable<typeof passing>[] });
  const groups = (html: string) => [...html.matchAll(/<div class="side-by-side cols-(\d)" data-testid="side-by-side" aria-label="([^"]*)">([\s\S]*?)\n<\/div>/g)];

  it('sets a scenario run against two variants side by side, each run keeping its anchor', () => {
    const correct = { ...passing!, scenario: 'burst', variant: 'reference' };
    const buggy = { ...failing!, scenario: 'burst', variant: 'recipe-as-written' };
    const other = { ...passing!, scenario: 'other', variant: 'reference' };
    const html = render([correct, other, buggy]);
    const [group, ...rest] = groups(html);
    expect(rest).toEqual([]);
    expect(group![1]).toBe('2');
    expect(group![2]).toBe('burst: reference next to recipe-as-written');
    // Together, in the order they ran, linked from the matrix by their index.
    expect([...group![3]!.matchAll(/<section class="run (?:pass|fail)[^"]*"(?: style="[^"]*")? id="(run-\d)"/g)].map((match) => match[1])).toEqual(['run-1', 'run-3']);
    expect(html.indexOf('id="run-3"')).toBeLessThan(html.indexOf('id="run-2"'));
  });

  it('cuts each timeline beside another at the same steps, and says which steps a run that stopped never reached', () => {
    const correct = { ...passing!, scenario: 'burst', variant: 'reference' };
    const stopped = { ...failing!, scenario: 'burst', variant: 'recipe-as-written' };
    const html = render([correct, stopped]);
    const blocks = (id: string) => [...new RegExp(`<section [^>]*id="${id}"[\\s\\S]*?</section>`).exec(html)![0].matchAll(/<div class="step-block" data-step="(\d)">([\s\S]*?)<\/div>\n?(?=<div class="step-block"|\n?<\/section>)/g)];
    // The failing run played two steps, the passing one only its first: both get a block per step, 0 (the launch) to 2.
    expect(blocks('run-2').map((block) => block[1])).toEqual(['0', '1', '2']);
    expect(blocks('run-1').map((block) => block[1])).toEqual(['0', '1', '2']);
    expect(blocks('run-1')[2]![2]).toContain('step 2 not reached: the run stopped at step 1');
    // Step 2 of the failing run starts with its harness row and holds what followed it.
    expect([...blocks('run-2')[2]![2]!.matchAll(/data-key="([^"]+)"/g)].map((match) => match[1])).toEqual(['harness:2', 'client:2', 'client:3', 'idp:3', 'idp:4', 'client:4', 'idp:5']);
    expect(html).toContain(`<section class="run pass aligned" style="grid-row: span 4" id="run-1"`);
  });

  it('stacks a scenario run against one variant, or against more than three (a matrix row)', () => {
    expect(groups(render([passing!, { ...passing!, seed: 2 }]))).toEqual([]);
    const row = ['a', 'b', 'c', 'd'].map((variant) => ({ ...passing!, variant }));
    expect(groups(render(row))).toEqual([]);
  });
});

describe('renderHtmlReport, the runs of a chaos search', () => {
  const [, failing] = sampleRuns();
  const schedule = '1 window(s), strict rotation: 1. 429 Retry-After 1s on refresh ×1; access token expires; 1 call(s) from window 1';
  const replay = "tokenstorm run 'out/a b/chaos-x.yaml' --variant no-single-flight --seed 7 --time-scale 5";
  const runs = [
    { ...failing!, scenario: 'chaos-x', label: 'schedule 1', schedule: `${schedule} / 2. no fault` },
    { ...failing!, scenario: 'chaos-x', label: 'shrink step 1, minimal: replayed by chaos-x.yaml', schedule, replay },
  ];
  const html = renderHtmlReport({ title: 't', createdAt: '2025-06-01T12:00:00Z', driver: 'chromium', runs });
  const section = (id: string) => new RegExp(`<section [^>]*id="${id}"[\\s\\S]*?</section>`).exec(html)![0];

  it('heads each run with its label and shows its schedule', () => {
    expect(section('run-1')).toContain('<small data-testid="run-label">· schedule 1</small>');
    expect(section('run-1')).toContain(`<p data-testid="schedule"><small>schedule</small> ${schedule} / 2. no fault</p>`);
    expect(section('run-2')).toContain('<small data-testid="run-label">· shrink step 1, minimal: replayed by chaos-x.yaml</small>');
  });

  it('marks the run the scenario file replays, with the command, here and in the matrix', () => {
    expect(section('run-1')).not.toContain('data-testid="replay"');
    expect(section('run-2')).toContain('the scenario file replays it: <code>tokenstorm run &#39;out/a b/chaos-x.yaml&#39; --variant no-single-flight --seed 7 --time-scale 5</code>');
    expect(html.match(/<a class="mark [^>]*>/g)).toEqual([
      '<a class="mark fail" href="#run-1" data-verdict="failed" title="chaos-x × no-single-flight (seed 7, schedule 1): failed">',
      '<a class="mark fail" href="#run-2" data-verdict="failed" data-replayed="true" style="outline: 2px solid var(--fault)" title="chaos-x × no-single-flight (seed 7, shrink step 1, minimal: replayed by chaos-x.yaml): failed">',
    ]);
  });
});

describe('renderHtmlReport, what a scenario, a variant and an invariant teach', () => {
  const [passing, failing] = sampleRuns();
  const render = (runs: ReportedRun[]) => renderHtmlReport({ title: 't', createdAt: '2025-06-01T12:00:00Z', driver: 'chromium', runs });
  const intros = (html: string) => [...html.matchAll(/<header class="scenario-intro" data-testid="scenario-intro" data-scenario="([^"]*)">([\s\S]*?)<\/header>/g)];
  const section = (html: string, id: string) => new RegExp(`<section [^>]*id="${id}"[\\s\\S]*?</section>`).exec(html)![0];
  const described = (variant: string) => `<p class="variant-about" data-testid="variant-description"><span class="what">Client variant <code>${variant}</code></span> ${escapeMarkup(variantDescription(variant)!)}</p>`;
  const race = (variant: string, run = failing!): ReportedRun => ({ ...run, scenario: 'race', title: 'Two windows race one rotation', teaches: 'Refresh must be coordinated across windows: <b>one</b> refresh, whatever the number of windows.', variant });

  it("heads a scenario's runs with its title and what it teaches, once, above the runs side by side", () => {
    const html = render([race('reference', passing!), race('per-renderer-mutex')]);
    const [intro, ...rest] = intros(html);
    expect(rest).toEqual([]);
    expect(intro![1]).toBe('race');
    expect(intro![2]).toContain('<h2>Two windows race one rotation <small>· race</small></h2>');
    expect(intro![2]).toContain('<p data-testid="teaches"><span class="what">What it teaches</span> Refresh must be coordinated across windows: &lt;b&gt;one&lt;/b&gt; refresh, whatever the number of windows.</p>');
    expect(html.indexOf('data-testid="scenario-intro"')).toBeLessThan(html.indexOf('data-testid="side-by-side"'));
  });

  it('heads a single run the same way', () => {
    const [intro] = intros(render([passing!]));
    expect(intro![2]).toContain('<h2>The access token expires mid-request <small>· expiry-mid-request</small></h2>');
    expect(intro![2]).toContain(`What it teaches</span> ${passing!.teaches}</p>`);
  });

  it("describes each variant under its own column's heading, and the one variant of a scenario once, above its runs", () => {
    const html = render([race('reference', passing!), race('per-renderer-mutex'), { ...passing!, variant: 'reference', seed: 2 }, passing!]);
    expect(section(html, 'run-1')).toContain(described('reference'));
    expect(section(html, 'run-2')).toContain(described('per-renderer-mutex'));
    expect(intros(html)[0]![2]).not.toContain('variant-description');
    // expiry-mid-request ran twice, both against the reference: described once, in its heading.
    expect(intros(html)[1]![2]).toContain(described('reference'));
    expect(section(html, 'run-3')).not.toContain('variant-description');
    expect(html.match(/data-testid="variant-description"/g)).toHaveLength(3);
  });

  it("does without what it does not know: a variant of someone else's, a run from a results.json written before runs carried their scenario's text", () => {
    const { title: _title, teaches: _teaches, ...old } = failing!;
    expect(intros(render([{ ...old, variant: 'my-own-client' }]))).toEqual([]);
    const [intro] = intros(render([old]));
    expect(intro![2]).toContain('<h2>two-windows-refresh</h2>');
    expect(intro![2]).not.toContain('data-testid="teaches"');
    expect(intro![2]).toContain(described('no-single-flight'));
    const html = render([race('my-own-client', passing!), race('reference')]);
    expect(html.match(/data-testid="variant-description"/g)).toHaveLength(1);
  });

  it('names the rule each violation broke, with what a correct client does behind a disclosure', () => {
    const rule = INVARIANTS.find((invariant) => invariant.id === 'single-flight')!;
    const html = render([{ ...failing!, violations: [...failing!.violations, { invariant: 'made-up', message: 'something odd', events: [] }] }]);
    const [known, unknown] = /<ul class="violations" data-testid="violations">([\s\S]*?)<\/ul>/.exec(html)![1]!.split('</li>');
    expect(known).toContain(`<code class="inv">single-flight</code> <b class="inv-title" data-testid="invariant-title">${rule.title}</b> two refreshes presented fp:r1a2b3 within 12 ms`);
    expect(known).toContain(`<details class="inv-about" data-testid="invariant-description"><summary>What a correct client does</summary><p>${escapeMarkup(rule.description)}</p></details>`);
    expect(unknown).toBe('<li><code class="inv">made-up</code> something odd ');
    expect(html).toContain(`<span class="inv" data-testid="violated-by" title="${rule.title}">single-flight</span>`);
  });

  it("never prints a token that found its way into a scenario's text", () => {
    const html = render([{ ...passing!, title: `Leaky ${PLANTED_REFRESH}`, teaches: `The token ${PLANTED_JWT} must not show.` }]);
    expect(html).not.toContain(PLANTED_JWT);
    expect(html).not.toContain(PLANTED_REFRESH);
    expect(intros(html)[0]![2]).toContain('The token [redacted] must not show.');
  });
});

describe('renderHtmlReport in Chromium, three variants side by side on a wide screen and on paper', () => {
  const [passing, failing] = sampleRuns();
  // The driver as a real run names it: the longest of a run's facts.
  const column = (variant: string, run: ReportedRun): ReportedRun => ({ ...run, scenario: 'race', variant, driver: 'chromium (asked for; browser /usr/bin/chromium-headless-shell)' });
  // Three columns of five lanes each, then enough stacked runs that the last are far below the screen.
  // The first column's client says more in step 1 than the others do: its step 2 would start lower on its own clock.
  const chatty: ReportedRun = { ...failing!, history: { ...failing!.history, events: [...FAILING_EVENTS.slice(0, 2), ...Array.from({ length: 8 }, (_, at): HistoryEvent => ({ source: 'client', seq: 20 + at, t: 1_760_000_000_050 + at, window: 'main', type: 'retry-scheduled' })), ...FAILING_EVENTS.slice(2)] } };
  const runs = [column('reference', chatty), column('per-renderer-mutex', failing!), column('recipe-as-written', failing!), ...Array.from({ length: 30 }, (_, at) => ({ ...passing!, scenario: `stacked-${at}` }))];
  let browser: Browser;
  let page: Page;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tokenstorm-report-wide-'));
    const file = join(dir, 'index.html');
    writeFileSync(file, renderHtmlReport({ title: 'tokenstorm — three variants', createdAt: '2025-06-01T12:00:00Z', driver: 'chromium', runs }));
    browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(pathToFileURL(file).href);
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('gives the runs side by side the whole width of a 1920 px screen; text and single runs keep a bounded width', async () => {
    const group = (await page.getByTestId('side-by-side').boundingBox())!;
    expect(group.width).toBeGreaterThan(1920 - 2 * 24 - 20);
    expect((await page.locator('section.matrix').boundingBox())!.width).toBeLessThanOrEqual(1400);
    expect((await page.locator('section.run').last().boundingBox())!.width).toBeLessThanOrEqual(1400);
  });

  it('keeps every lane of a column readable: no lane narrower than its minimum, no heading cut off, no fact spilling out of its run', async () => {
    const lanes = await page.locator('[data-testid="side-by-side"] th.lane').evaluateAll((cells) => cells.map((cell) => ({ text: cell.textContent, width: cell.getBoundingClientRect().width, clipped: cell.scrollWidth > cell.clientWidth })));
    // Five lanes over each step's block of each of the three columns.
    expect(lanes).toHaveLength(5 * (await page.locator('[data-testid="side-by-side"] table.timeline').count()));
    expect(lanes.length).toBeGreaterThanOrEqual(15);
    for (const lane of lanes) {
      expect(lane.clipped, lane.text!).toBe(false);
      expect(lane.width, lane.text!).toBeGreaterThanOrEqual(LANE_MIN_PX - 1);
    }
    const spilled = await page.locator('[data-testid="side-by-side"] section.run').evaluateAll((sections) =>
      sections.flatMap((section) => [...section.querySelectorAll('dl.facts dt, dl.facts dd, h2')].filter((element) => element.getBoundingClientRect().right > section.getBoundingClientRect().right).map((element) => element.textContent)),
    );
    expect(spilled).toEqual([]);
  });

  it('lines the columns up step by step: each step starts at the same height in every column', async () => {
    const tops = await page.locator('[data-testid="side-by-side"] section.run').evaluateAll((sections) =>
      sections.map((section) => [...section.querySelectorAll('.step-block')].map((block) => Math.round(block.getBoundingClientRect().top))));
    expect(tops).toHaveLength(3);
    expect(tops[0]).toHaveLength(3);
    expect(tops[1]).toEqual(tops[0]);
    expect(tops[2]).toEqual(tops[0]);
    // Lined up by step, not by row: the chatty column's step 1 has ten rows against two, and the others leave the room.
    const rowsIn = (column: number) => page.locator('[data-testid="side-by-side"] section.run').nth(column).locator('[data-step="1"] tr[data-testid="event"]').count();
    await expect(rowsIn(0)).resolves.toBe(10);
    await expect(rowsIn(1)).resolves.toBe(2);
  });

  it('lays out every run and every column when printed, timelines whole and the rules spelled out', async () => {
    const visible = (selector: string) => page.locator(selector).evaluateAll((elements) => elements.map((element) => element.checkVisibility({ contentVisibilityAuto: true })));
    await expect(visible('section.run:last-of-type tr[data-testid="event"]')).resolves.toContain(false);
    await page.emulateMedia({ media: 'print' });
    try {
      await expect(page.locator('section.run').evaluateAll((sections) => sections.map((section) => getComputedStyle(section).contentVisibility))).resolves.toEqual(runs.map(() => 'visible'));
      for (const selector of ['section.run tr[data-testid="event"]', '[data-testid="invariant-description"] p']) {
        const seen = await visible(selector);
        expect(seen.length, selector).toBeGreaterThan(0);
        expect(seen.every(Boolean), selector).toBe(true);
      }
      // On paper there is no scroll box: a timeline is as wide as the page allows, every lane on it.
      const wraps = await page.locator('.timeline-wrap').evaluateAll((elements) => elements.map((element) => ({ overflow: getComputedStyle(element).overflowX, cut: element.scrollWidth > element.clientWidth + 1 })));
      expect(wraps.filter(({ overflow, cut }) => overflow !== 'visible' || cut)).toEqual([]);
      expect(await page.pdf({ format: 'A4', landscape: true })).toBeInstanceOf(Buffer);
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });

  it('saves a screenshot for a person to look at', async () => {
    mkdirSync(dirname(SIDE_BY_SIDE_SCREENSHOT), { recursive: true });
    await page.getByTestId('scenario-intro').first().evaluate((intro) => intro.scrollIntoView());
    await page.screenshot({ path: SIDE_BY_SIDE_SCREENSHOT });
  });
});
