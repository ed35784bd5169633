/**
 * Merges the JUnit files of sharded runs: every shard's <testsuite> elements,
 * copied verbatim in the order given, under one <testsuites> whose totals are
 * recounted from the test cases. Written the way Playwright's JUnit reporter
 * writes its own file.
 */
import { ReportError } from './report-error.ts';
import { escapeXmlAttribute, scanXml, type XmlElement } from './xml-scan.ts';

export interface JunitFile {
  file: string;
  xml: string;
}

export interface JunitTotals {
  tests: number;
  failures: number;
  skipped: number;
  errors: number;
}

export interface MergedJunit {
  xml: string;
  totals: JunitTotals;
}

export function mergeJunit(files: readonly JunitFile[]): MergedJunit {
  const totals: JunitTotals = { tests: 0, failures: 0, skipped: 0, errors: 0 };
  let seconds = 0;
  let rootAttributes: Record<string, string> | undefined;
  const suites: string[] = [];
  for (const { file, xml } of files) {
    const root = parse(file, xml);
    const fileSuites = root.name === 'testsuites' ? root.children.filter((child) => child.name === 'testsuite') : [root];
    rootAttributes ??= root.name === 'testsuites' ? root.attributes : {};
    for (const suite of fileSuites) {
      for (const testcase of descendants(suite, 'testcase')) count(totals, testcase);
      suites.push(xml.slice(suite.start, suite.end));
    }
    // A shard's own <testsuites time> is its wall time; without one, the sum of its suites' times.
    const ownTime = root.name === 'testsuites' ? Number(root.attributes.time) : NaN;
    seconds += Number.isFinite(ownTime) ? ownTime : fileSuites.reduce((sum, suite) => sum + (Number(suite.attributes.time) || 0), 0);
  }
  const attributes = {
    id: rootAttributes?.id ?? '',
    name: rootAttributes?.name ?? '',
    ...totals,
    time: Number(seconds.toFixed(6)),
  };
  const open = `<testsuites ${Object.entries(attributes).map(([name, value]) => `${name}="${escapeXmlAttribute(String(value))}"`).join(' ')}>`;
  return { xml: [open, ...suites, '</testsuites>'].join('\n'), totals };
}

function parse(file: string, xml: string): XmlElement {
  let root: XmlElement;
  try {
    root = scanXml(xml);
  } catch (error) {
    throw new ReportError('JUNIT_INVALID', `${file}:${(error as Error).message}`);
  }
  if (root.name !== 'testsuites' && root.name !== 'testsuite') {
    throw new ReportError('JUNIT_INVALID', `${file}: expected a <testsuites> or <testsuite> root element, found <${root.name}>`);
  }
  return root;
}

function* descendants(element: XmlElement, name: string): Generator<XmlElement> {
  for (const child of element.children) {
    if (child.name === name) yield child;
    else yield* descendants(child, name);
  }
}

/** One test case counts once: an error before a failure before a skip, as Playwright classifies them. */
function count(totals: JunitTotals, testcase: XmlElement): void {
  const outcomes = new Set(testcase.children.map((child) => child.name));
  totals.tests += 1;
  if (outcomes.has('error')) totals.errors += 1;
  else if (outcomes.has('failure')) totals.failures += 1;
  else if (outcomes.has('skipped')) totals.skipped += 1;
}
