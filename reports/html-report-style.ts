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
main { padding: 16px 24px 48px; max-width: 1400px; }
section { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin-bottom: 18px; }
/* A matrix report holds hundreds of runs and their timelines: the browser lays out and paints only those near the screen. */
section.run { content-visibility: auto; contain-intrinsic-size: auto 1600px; }
.side-by-side { display: grid; gap: 1rem; align-items: start; }
.side-by-side.cols-2 { grid-template-columns: repeat(2, minmax(0, 1fr)); }
.side-by-side.cols-3 { grid-template-columns: repeat(3, minmax(0, 1fr)); }
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
dl.facts { display: grid; grid-template-columns: repeat(5, auto); grid-auto-flow: column; grid-template-rows: auto auto; justify-content: start; column-gap: 28px; margin: 0; }
dl.facts dt { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
dl.facts dd { margin: 0; font-weight: 600; }
ul.failures, ul.violations { margin: 0; padding-left: 20px; }
ul.failures li, ul.violations li { margin: 3px 0; }
ul.violations a { font-size: 12px; color: var(--fail); }
.inv { display: inline-block; background: var(--fail); color: #fff; border-radius: 4px; padding: 0 6px; font-size: 12px; margin-right: 4px; }
.timeline-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; }
table.timeline { width: 100%; table-layout: fixed; }
table.timeline thead th { position: sticky; top: 0; background: var(--shade); border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: center; font-size: 13px; }
table.timeline col.time, table.timeline th.time, table.timeline td.time { width: 90px; text-align: right; color: var(--muted); padding: 4px 10px 4px 6px; white-space: nowrap; font-size: 12px; vertical-align: top; }
table.timeline td { padding: 3px 6px; vertical-align: top; }
table.timeline tbody tr:nth-child(even) { background: #fbfcfd; }
td.rail { background: linear-gradient(var(--rail), var(--rail)) center / 2px 100% no-repeat; }
td.event { background: linear-gradient(var(--rail), var(--rail)) center / 2px 100% no-repeat; }
td.event > div { position: relative; }
td.event .label, td.event .detail { background: var(--paper); border: 1px solid var(--line); border-radius: 5px; padding: 2px 8px; overflow-wrap: anywhere; }
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
`;
