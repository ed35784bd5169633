/** The report's inline stylesheet: system fonts only, so the page needs nothing from the network. */
export const REPORT_CSS = `
:root { --pass: #1a7f37; --pass-bg: #dafbe1; --fail: #c62828; --fail-bg: #ffebee; --fault: #9a6700; --fault-bg: #fff8c5;
  --ink: #1f2328; --muted: #59636e; --line: #d0d7de; --rail: #c8d1da; --paper: #ffffff; --shade: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: var(--shade); }
code, .time, .detail, .inv, .fault { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; }
header.summary { background: var(--paper); border-bottom: 1px solid var(--line); padding: 16px 24px; }
h1 { margin: 0 0 6px; font-size: 22px; }
h2 { font-size: 18px; margin: 0 0 10px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
small { color: var(--muted); font-weight: normal; font-size: 0.85em; }
.totals { display: flex; flex-wrap: wrap; gap: 18px; align-items: center; margin: 0; color: var(--muted); }
.totals b { color: var(--ink); }
main { padding: 16px 24px 48px; }
/* Text and single runs read best at a bounded width; runs side by side take the whole screen. */
main > :not(.side-by-side) { max-width: 1400px; }
section { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin-bottom: 18px; }
/* A matrix report holds hundreds of runs and their timelines: the browser lays out and paints only those near the screen. */
section.run { content-visibility: auto; contain-intrinsic-size: auto 1600px; }
.scenario-intro { background: var(--paper); border: 1px solid var(--line); border-left: 5px solid #0969da; border-radius: 8px; padding: 14px 20px; margin: 28px 0 12px; }
.scenario-intro h2 { margin-bottom: 6px; }
.scenario-intro p, p.variant-about { margin: 6px 0; max-width: 110ch; }
p.variant-about { color: var(--muted); }
.what { display: block; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.what code { text-transform: none; letter-spacing: 0; color: var(--ink); }
/* Columns never narrower than a readable run: a narrow screen scrolls the group sideways. */
.side-by-side { display: grid; gap: 1rem; align-items: start; overflow-x: auto; }
.side-by-side.cols-2 { grid-template-columns: repeat(2, minmax(440px, 1fr)); }
.side-by-side.cols-3 { grid-template-columns: repeat(3, minmax(440px, 1fr)); }
.side-by-side > section.run { margin-bottom: 0; min-width: 0; }
/*
 * Runs lined up step by step: each run is a subgrid of the group's rows (its head, then one row per scenario step),
 * so a step starts at the same height in every column. Two or three runs are always laid out whole.
 */
.side-by-side > section.run.aligned { display: grid; grid-template-rows: subgrid; row-gap: 6px; align-self: stretch; content-visibility: visible; contain-intrinsic-size: none; }
.run-head, .step-block { min-width: 0; }
/* The timeline's heading sits just above its first step, however long the head above it. */
.run-head { display: flex; flex-direction: column; }
.run-head > h3:last-child { margin-top: auto; padding-top: 16px; }
.step-block .timeline-wrap { border-radius: 0; }
.step-block + .step-block .timeline-wrap { border-top-width: 3px; }
p.not-reached { margin: 0; padding: 8px 10px; border: 1px dashed var(--line); border-radius: 6px; font-style: italic; }
section.run.fail { border-left: 5px solid var(--fail); }
section.run.pass { border-left: 5px solid var(--pass); }
.pill { display: inline-block; padding: 1px 10px; border-radius: 999px; font-weight: 600; font-size: 13px; }
.pill.pass { background: var(--pass-bg); color: var(--pass); }
.pill.fail { background: var(--fail-bg); color: var(--fail); }
table { border-collapse: collapse; }
.matrix th, .matrix td { border: 1px solid var(--line); padding: 6px 14px; text-align: center; }
.matrix th[scope=row] { text-align: left; font-weight: 500; }
.matrix thead th { background: var(--shade); }
.mark { display: inline-block; min-width: 26px; font-size: 17px; font-weight: 700; text-decoration: none; border-radius: 4px; }
.mark.pass { color: var(--pass); background: var(--pass-bg); }
.mark.fail { color: var(--fail); background: var(--fail-bg); }
.none { color: var(--muted); }
dl.facts { display: flex; flex-wrap: wrap; gap: 6px 28px; margin: 0; }
dl.facts dt { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; white-space: nowrap; }
dl.facts dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
ul.failures, ul.violations { margin: 0; padding-left: 20px; }
ul.failures li, ul.violations li { margin: 3px 0; }
ul.violations a { font-size: 12px; color: var(--fail); }
.inv-title { font-weight: 600; }
details.inv-about { margin: 2px 0 6px; color: var(--muted); }
details.inv-about summary { cursor: pointer; font-size: 12.5px; }
details.inv-about p { margin: 4px 0 0; max-width: 110ch; }
.inv { display: inline-block; background: var(--fail); color: #fff; border-radius: 4px; padding: 0 6px; font-size: 12px; margin-right: 4px; }
.timeline-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; }
table.timeline { width: 100%; table-layout: fixed; }
table.timeline thead th { position: sticky; top: 0; background: var(--shade); border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: center; font-size: 13px; overflow-wrap: anywhere; }
table.timeline col.time, table.timeline th.time, table.timeline td.time { width: 78px; text-align: right; color: var(--muted); padding: 4px 6px 4px 4px; white-space: nowrap; font-size: 12px; vertical-align: top; }
table.timeline td { padding: 3px 4px; vertical-align: top; }
table.timeline tbody tr:nth-child(even) { background: #fbfcfd; }
td.rail { background: linear-gradient(var(--rail), var(--rail)) center / 2px 100% no-repeat; }
td.event { background: linear-gradient(var(--rail), var(--rail)) center / 2px 100% no-repeat; }
td.event > div { position: relative; }
td.event .label, td.event .detail { background: var(--paper); border: 1px solid var(--line); border-radius: 5px; padding: 2px 6px; overflow-wrap: anywhere; }
td.event .label { overflow-wrap: break-word; }
td.event .detail { border-top: 0; border-radius: 0 0 5px 5px; color: var(--muted); font-size: 11.5px; margin-top: -1px; }
td.event.idp .label { border-left: 4px solid #0969da; }
td.event.client .label { border-left: 4px solid #8250df; }
td.event.harness .label { border-left: 4px solid #6e7781; color: var(--muted); }
.fault { display: inline-block; background: var(--fault-bg); color: var(--fault); border: 1px solid #d4a72c; border-radius: 4px; padding: 0 5px; font-size: 12px; font-weight: 600; }
td.event.faulted .label { border-color: #d4a72c; }
tr.violated td.time { color: var(--fail); font-weight: 700; }
tr.violated { background: var(--fail-bg) !important; }
tr.violated td.event .label, tr.violated td.event .detail { border-color: var(--fail); background: var(--fail-bg); color: var(--fail); }
tr.violated td.event .label { border-width: 2px; font-weight: 600; }
tr.violated td.event .inv { margin-top: 3px; }
tr:target { outline: 2px solid #0969da; outline-offset: -2px; }
.empty { color: var(--muted); }
/*
 * Printed handouts (and a PDF): every run laid out, not only those near the screen; runs one under another at the
 * paper's width, timelines whole rather than in a scroll box; the colours of verdicts and violations kept.
 */
@media print {
  @page { size: landscape; margin: 12mm; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  body { background: var(--paper); font-size: 12px; }
  header.summary { border: 0; padding: 0 0 8px; }
  main { padding: 0; }
  main > :not(.side-by-side) { max-width: none; }
  section.run { content-visibility: visible; contain-intrinsic-size: none; }
  .side-by-side { display: block; overflow: visible; }
  .side-by-side > section.run { margin-bottom: 18px; }
  .side-by-side > section.run.aligned { display: block; }
  .step-block:empty { display: none; }
  .timeline-wrap { overflow: visible; }
  table.timeline { min-width: 0 !important; }
  table.timeline thead th { position: static; }
  tr, li, dl.facts, .scenario-intro { break-inside: avoid; }
  h2, h3, .what { break-after: avoid; }
  details.inv-about summary { list-style: none; }
  details.inv-about::details-content { content-visibility: visible; display: block; }
  tr:target { outline: 0; }
}
`;
