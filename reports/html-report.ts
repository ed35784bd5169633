/**
 * The page a person reads after a suite run: totals, the scenario × variant
 * matrix, and per run its verdict, what failed and a timeline of the merged
 * history with the events that broke an invariant in red. One self-contained
 * file: inline CSS, no script, no network, viewable from file://.
 */
import { escapeMarkup } from './escape-markup.ts';
import { redactText } from './redact.ts';
import { runIdentity, type ReportedRun } from './reported-run.ts';
import { invariantText, variantDescription } from './teaching-text.ts';
import { buildTimeline, sectionsByStep, type Timeline, type TimelineRow } from './timeline.ts';
import { REPORT_CSS } from './html-report-style.ts';

export interface HtmlReportInput {
  title: string;
  createdAt: string;
  driver: string;
  runs: readonly ReportedRun[];
}

export function renderHtmlReport(input: HtmlReportInput): string {
  const passed = input.runs.filter((run) => run.passed).length;
  const failed = input.runs.length - passed;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${text(input.title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header class="summary">
  <h1>${text(input.title)}</h1>
  <p class="totals">
    <span class="pill ${failed ? 'fail' : 'pass'}" data-testid="overall">${failed ? 'FAILED' : 'PASSED'}</span>
    <span data-testid="totals"><b>${passed}</b> passed · <b>${failed}</b> failed · ${input.runs.length} runs</span>
    <span>driver <b>${text(input.driver)}</b></span>
    <span>created <time datetime="${attr(input.createdAt)}">${text(input.createdAt)}</time></span>
  </p>
</header>
<main>
${renderMatrix(input.runs)}
${renderRunsByScenario(input.runs)}
</main>
</body>
</html>
`;
}

function runId(index: number): string {
  return `run-${index + 1}`;
}

function renderMatrix(runs: readonly ReportedRun[]): string {
  const scenarios = unique(runs.map((run) => run.scenario));
  const variants = unique(runs.map((run) => run.variant));
  const head = variants.map((variant) => `<th scope="col">${text(variant)}</th>`).join('');
  const body = scenarios.map((scenario) => {
    const cells = variants.map((variant) => {
      const marks = runs.flatMap((run, index) => (run.scenario === scenario && run.variant === variant ? [mark(run, index)] : []));
      return `<td>${marks.length ? marks.join(' ') : '<span class="none" title="not run">—</span>'}</td>`;
    });
    return `<tr><th scope="row">${text(scenario)}</th>${cells.join('')}</tr>`;
  });
  return `<section class="matrix">
<h2>Matrix <small>scenario × client variant</small></h2>
<table data-testid="matrix"><thead><tr><th scope="col">scenario</th>${head}</tr></thead>
<tbody>${body.join('\n')}</tbody></table>
</section>`;
}

/** The most runs of one scenario set next to each other; more (a whole matrix row) are stacked. */
const SIDE_BY_SIDE_MAX = 3;

/**
 * Each scenario's runs together, in the order scenarios first ran, under what
 * the scenario teaches. A scenario run against two or three variants — a
 * correct client and one with a classic bug, say — gets them side by side,
 * their timelines next to each other, each under what its variant does.
 */
function renderRunsByScenario(runs: readonly ReportedRun[]): string {
  const indexed = runs.map((run, index) => ({ run, index }));
  return unique(runs.map((run) => run.scenario))
    .map((scenario) => {
      const group = indexed.filter(({ run }) => run.scenario === scenario);
      const variants = unique(group.map(({ run }) => run.variant));
      // One variant is described once, above its runs; several, each under its own run's heading.
      const intro = renderScenarioIntro(scenario, group.map(({ run }) => run), variants.length === 1 ? variants[0] : undefined);
      if (variants.length < 2 || group.length > SIDE_BY_SIDE_MAX) return `${intro}${group.map(({ run, index }) => renderRun(run, index, variants.length > 1)).join('\n')}`;
      // Side by side, the runs' timelines line up step by step: each step starts at the same height in every column.
      const timelines = group.map(({ run }) => buildTimeline(run.history.events, run.violations));
      const steps = Math.max(0, ...timelines.map((timeline) => timeline.rows.filter((row) => row.step !== undefined).length));
      const sections = group.map(({ run, index }, at) => renderRun(run, index, true, { timeline: timelines[at]!, steps })).join('\n');
      return `${intro}<div class="side-by-side cols-${group.length}" data-testid="side-by-side" aria-label="${attr(`${scenario}: ${variants.join(' next to ')}`)}">\n${sections}\n</div>`;
    })
    .join('\n');
}

/** The scenario's title and what it teaches (runs from a results.json written before they were recorded have neither), and the one variant its runs played. */
function renderScenarioIntro(scenario: string, runs: readonly ReportedRun[], variant: string | undefined): string {
  const title = runs.find((run) => run.title)?.title;
  const teaches = runs.find((run) => run.teaches)?.teaches;
  const about = variant === undefined ? undefined : variantDescription(variant);
  if (!title && !teaches && !about) return '';
  return `<header class="scenario-intro" data-testid="scenario-intro" data-scenario="${attr(scenario)}">
<h2>${title ? `${text(redactText(title))} <small>· ${text(scenario)}</small>` : text(scenario)}</h2>
${teaches ? `<p data-testid="teaches"><span class="what">What it teaches</span> ${text(redactText(teaches))}</p>` : ''}
${about ? variantParagraph(variant!, about) : ''}
</header>
`;
}

function variantParagraph(variant: string, description: string): string {
  return `<p class="variant-about" data-testid="variant-description"><span class="what">Client variant <code>${text(variant)}</code></span> ${text(description)}</p>`;
}

function mark(run: ReportedRun, index: number): string {
  const verdict = run.passed ? 'passed' : 'failed';
  // The run a written scenario file replays is ringed: among a chaos search's runs, the one to read first.
  const replayed = run.replay ? ' data-replayed="true" style="outline: 2px solid var(--fault)"' : '';
  return `<a class="mark ${run.passed ? 'pass' : 'fail'}" href="#${runId(index)}" data-verdict="${verdict}"${replayed} title="${attr(`${runIdentity(run)}: ${verdict}`)}">${run.passed ? '✓' : '✗'}</a>`;
}

/** A run set next to others of its scenario: its timeline, and how many steps the longest of them ran. */
interface Alignment {
  timeline: Timeline;
  steps: number;
}

function renderRun(run: ReportedRun, index: number, describeVariant: boolean, aligned?: Alignment): string {
  const id = runId(index);
  const timeline = aligned?.timeline ?? buildTimeline(run.history.events, run.violations);
  const failures = [...(run.error ? [`error in ${run.error}`] : []), ...run.failures];
  const about = describeVariant ? variantDescription(run.variant) : undefined;
  // Aligned, the run is a subgrid of the group's rows: its head in the first, then one row per step.
  const layout = aligned ? ` aligned" style="grid-row: span ${aligned.steps + 2}` : '';
  return `<section class="run ${run.passed ? 'pass' : 'fail'}${layout}" id="${id}" data-testid="run" data-verdict="${run.passed ? 'passed' : 'failed'}">
${aligned ? '<div class="run-head">' : ''}<h2><span class="pill ${run.passed ? 'pass' : 'fail'}">${run.passed ? '✓ passed' : '✗ failed'}</span> ${text(run.scenario)} <small>× ${text(run.variant)}</small>${run.repeat ? ` <small data-testid="run-repeat">· repeat ${run.repeat + 1}, seed ${run.seed}</small>` : ''}${run.label ? ` <small data-testid="run-label">· ${text(run.label)}</small>` : ''}</h2>
${about ? variantParagraph(run.variant, about) : ''}
${run.replay ? `<p data-testid="replay"><span class="fault">minimal failing schedule</span> the scenario file replays it: <code>${text(run.replay)}</code></p>` : ''}
${run.schedule ? `<p data-testid="schedule"><small>schedule</small> ${text(run.schedule)}</p>` : ''}
<dl class="facts">
  ${fact('duration', formatMs(run.durationMs))}
  ${fact('seed', String(run.seed))}
  ${fact('steps run', String(run.stepsRun))}
  ${fact('driver', run.driver)}
  ${fact('events', String(run.history.events.length))}
</dl>
${run.traces?.length ? renderTraces(run.traces) : ''}
${failures.length ? `<h3>Failed expectations</h3><ul class="failures">${failures.map((failure) => `<li>${text(failure)}</li>`).join('')}</ul>` : ''}
${run.violations.length ? `<h3>Violated invariants</h3><ul class="violations" data-testid="violations">${run.violations.map((violation) => renderViolation(id, violation)).join('')}</ul>` : ''}
${aligned ? renderAlignedTimeline(id, timeline, run.timeScale, aligned.steps) : renderTimeline(id, timeline, run.timeScale)}
</section>`;
}

/** The client's Playwright traces, one per launch: links to the zips and the command that opens one. */
function renderTraces(traces: NonNullable<ReportedRun['traces']>): string {
  const items = traces.map((trace, index) => {
    const name = `launch ${index + 1}`;
    if (trace.removed) return `<li>${text(name)}: removed, ${text(trace.removed)}</li>`;
    const note = trace.redacted ? ' <small>(the tokens the client showed its windows are replaced by their fingerprints, and its screenshots removed)</small>' : '';
    return `<li><a href="${attr(trace.path)}" download>${text(name)}</a> <code>npx playwright show-trace ${text(trace.path)}</code>${note}</li>`;
  });
  return `<details class="traces" data-testid="traces"><summary>Playwright traces of the client (${traces.length}; paths from this report's folder)</summary><ul>${items.join('')}</ul></details>`;
}

function fact(term: string, value: string): string {
  return `<div><dt>${text(term)}</dt><dd>${text(value)}</dd></div>`;
}

/** A violation with the rule it broke in words: its title, and what a correct client does behind a disclosure. */
function renderViolation(id: string, violation: ReportedRun['violations'][number]): string {
  const rule = invariantText(violation.invariant);
  const links = violation.events.map((event) => `<a href="#${id}-${attr(event.source)}-${event.seq}">${text(event.source)}#${event.seq}</a>`).join(' ');
  return `<li><code class="inv">${text(violation.invariant)}</code>${rule ? ` <b class="inv-title" data-testid="invariant-title">${text(rule.title)}</b>` : ''} ${text(violation.message)} ${links}${
    rule ? `<details class="inv-about" data-testid="invariant-description"><summary>What a correct client does</summary><p>${text(rule.description)}</p></details>` : ''
  }</li>`;
}

/** The runner puts events on the client's clock (harness/history/types.ts): real time × the run's time scale. */
function clockNote(timeScale: number | undefined): string {
  return timeScale === undefined || timeScale === 1 ? 'real time' : `the client's clock (${timeScale}× real time)`;
}

function timelineHeading(timeline: Timeline, timeScale: number | undefined, byStep = false): string {
  return `<h3>Timeline <small>${timeline.rows.length} events, ${clockNote(timeScale)} from the run's first event${byStep ? ', lined up step by step with the runs beside it' : ''}</small></h3>`;
}

function renderTimeline(id: string, timeline: Timeline, timeScale: number | undefined): string {
  if (!timeline.rows.length) return '<p class="empty">No events recorded.</p>';
  return `${timelineHeading(timeline, timeScale)}
${timelineTable(id, timeline.lanes, timeline.rows)}`;
}

/**
 * The run's head closes, then one block per step (0: the launch, before the first), each the rows from that
 * step to the next under the run's lanes; a step the run never reached is said to be so, at its height.
 */
function renderAlignedTimeline(id: string, timeline: Timeline, timeScale: number | undefined, steps: number): string {
  if (!timeline.rows.length) return `<p class="empty">No events recorded.</p></div>${'<div class="step-block"></div>'.repeat(steps + 1)}`;
  const sections = sectionsByStep(timeline);
  const reached = sections.at(-1)!.step;
  const blocks = Array.from({ length: steps + 1 }, (_, step) => {
    const section = sections.find((candidate) => candidate.step === step);
    if (section?.rows.length) return `<div class="step-block" data-step="${step}">${timelineTable(id, timeline.lanes, section.rows)}</div>`;
    if (step > reached) return `<div class="step-block" data-step="${step}"><p class="empty not-reached" data-testid="not-reached">step ${step} not reached: the run ${reached ? `stopped at step ${reached}` : 'stopped before its first step'}</p></div>`;
    return `<div class="step-block" data-step="${step}"></div>`;
  });
  return `${timelineHeading(timeline, timeScale, true)}</div>
${blocks.join('\n')}`;
}

function timelineTable(id: string, lanes: string[], rows: readonly TimelineRow[]): string {
  const head = lanes.map((lane) => `<th scope="col" class="lane">${text(lane)}</th>`).join('');
  const body = rows.map((row) => {
    const cells = lanes.map((lane) => {
      if (lane !== row.lane) return '<td class="rail"></td>';
      const badges = row.violated.map((invariant) => {
        const rule = invariantText(invariant);
        return `<span class="inv" data-testid="violated-by"${rule ? ` title="${attr(rule.title)}"` : ''}>${text(invariant)}</span>`;
      }).join('');
      return `<td class="event ${row.source}${row.fault ? ' faulted' : ''}"${row.violated.length ? ` title="${attr(`violates ${row.violated.join(', ')}`)}"` : ''}>
<div class="label" data-testid="label">${breakable(row.label)}${row.fault ? ` <span class="fault">${text(row.fault)}</span>` : ''}</div>${row.detail ? `<div class="detail">${text(row.detail)}</div>` : ''}${badges ? `<div>${badges}</div>` : ''}</td>`;
    });
    return `<tr id="${id}-${attr(row.source)}-${row.seq}" data-testid="event" data-key="${attr(row.key)}" data-lane="${attr(row.lane)}"${row.violated.length ? ` class="violated" data-violated="${attr(row.violated.join(' '))}"` : ''}><td class="time">+${row.atMs} ms</td>${cells.join('')}</tr>`;
  });
  return `<div class="timeline-wrap"><table class="timeline" data-testid="timeline" style="min-width: ${timelineMinWidth(lanes)}px">${laneColumns(lanes)}<thead><tr><th scope="col" class="time">time</th>${head}</tr></thead>
<tbody>${body.join('\n')}</tbody></table></div>`;
}

/** The IdP's labels (method, path, status, outcome) are the longest: give its lane twice the room. */
function laneWeight(lane: string): number {
  return lane === 'IdP' ? 2 : 1;
}

function laneColumns(lanes: string[]): string {
  const total = lanes.reduce((sum, lane) => sum + laneWeight(lane), 0);
  return `<colgroup><col class="time">${lanes.map((lane) => `<col style="width: ${((100 * laneWeight(lane)) / total).toFixed(2)}%">`).join('')}</colgroup>`;
}

/** Below this a lane's words break a character or two to a line: a narrow column (three runs side by side) scrolls its timeline sideways instead. */
export const LANE_MIN_PX = 96;
const TIME_COLUMN_PX = 78;

function timelineMinWidth(lanes: string[]): number {
  return TIME_COLUMN_PX + lanes.reduce((sum, lane) => sum + laneWeight(lane) * LANE_MIN_PX, 0);
}

/** A label in a narrow lane breaks after a dot or a hyphen ("refresh." / "failed"), not a letter or two from its end. */
function breakable(label: string): string {
  return text(label).replace(/([.-])(?=\w)/g, '$1<wbr>');
}

function formatMs(ms: number): string {
  return ms >= 1_000 ? `${(ms / 1_000).toFixed(2)} s` : `${ms} ms`;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

const text = escapeMarkup;
const attr = escapeMarkup;
