import { describe, expect, it } from 'vitest';
import { mergeJunit } from './junit-merge.ts';
import { junitFor, sampleRuns } from './report-test-support.ts';
import { scanXml } from './xml-scan.ts';

const [passing, failing] = sampleRuns();

describe('mergeJunit', () => {
  const shard1 = { file: 'shard-1/junit.xml', xml: junitFor([passing!], 'run') };
  const shard2 = { file: 'shard-2/junit.xml', xml: junitFor([failing!, { ...passing!, scenario: 'restart' }], 'run') };
  const merged = mergeJunit([shard1, shard2]);

  it('puts every shard\'s <testsuite> under one <testsuites>, verbatim and in order', () => {
    const root = scanXml(merged.xml);
    expect(root.name).toBe('testsuites');
    expect(root.children.map((suite) => suite.name)).toEqual(['testsuite', 'testsuite']);
    const suiteOf = (xml: string) => xml.slice(xml.indexOf('<testsuite '), xml.lastIndexOf('</testsuites>') - 1);
    expect(merged.xml).toContain(suiteOf(shard1.xml));
    expect(merged.xml).toContain(suiteOf(shard2.xml));
    expect(merged.xml.indexOf(suiteOf(shard1.xml))).toBeLessThan(merged.xml.indexOf(suiteOf(shard2.xml)));
  });

  it('recounts the totals from the test cases, not from markup inside CDATA', () => {
    expect(merged.totals).toEqual({ tests: 3, failures: 1, skipped: 0, errors: 0 });
    expect(scanXml(merged.xml).attributes).toMatchObject({ id: '', name: '', tests: '3', failures: '1', skipped: '0', errors: '0' });
  });

  it('sums the shards\' times', () => {
    const seconds = (xml: string) => Number(scanXml(xml).attributes.time);
    expect(seconds(merged.xml)).toBeCloseTo(seconds(shard1.xml) + seconds(shard2.xml), 6);
  });

  it('counts errors and skips as Playwright classifies them, and takes a lone <testsuite> root', () => {
    const xml = `<?xml version="1.0"?>
<!-- another tool -->
<testsuite name="other" tests="3">
<testcase name="a"><error message="boom"/></testcase>
<testcase name="b"><skipped/></testcase>
<testcase name='c' time='0.5'/>
</testsuite>`;
    expect(mergeJunit([{ file: 'x/junit.xml', xml }]).totals).toEqual({ tests: 3, failures: 0, skipped: 1, errors: 1 });
  });

  it('writes an empty <testsuites> for shards that ran nothing', () => {
    const empty = mergeJunit([{ file: 'shard-3/junit.xml', xml: '<testsuites id="" name="" tests="0" failures="0" skipped="0" errors="0" time="0.1">\n</testsuites>' }]);
    expect(empty.totals.tests).toBe(0);
    expect(scanXml(empty.xml).children).toEqual([]);
  });

  it('refuses a file that is not well-formed, naming it with the line and column', () => {
    const broken = { file: 'shard-2/junit.xml', xml: '<testsuites>\n<testsuite name="x">\n<testcase name="y">\n</testsuite>\n</testsuites>' };
    expect(() => mergeJunit([shard1, broken])).toThrow(expect.objectContaining({ code: 'JUNIT_INVALID', message: 'shard-2/junit.xml:4:3: expected </testcase>, found </testsuite>' }));
    expect(() => mergeJunit([{ file: 'cut/junit.xml', xml: shard1.xml.slice(0, 200) }])).toThrow(/^cut\/junit\.xml:\d+:\d+: /);
    expect(() => mergeJunit([{ file: 'html/junit.xml', xml: '<html></html>' }])).toThrow('html/junit.xml: expected a <testsuites> or <testsuite> root element, found <html>');
  });
});

describe('scanXml', () => {
  it('decodes entities in attribute values and keeps each element\'s place in the text', () => {
    const text = '<a x="1 &amp; &lt;2&gt; &#65;&#x42;"><b/><c>text</c></a>';
    const root = scanXml(text);
    expect(root.attributes.x).toBe('1 & <2> AB');
    expect(root.children.map((child) => text.slice(child.start, child.end))).toEqual(['<b/>', '<c>text</c>']);
  });

  it('refuses text or a second element after the root', () => {
    expect(() => scanXml('<a/><b/>')).toThrow('1:5: a second root element');
    expect(() => scanXml('<a/>trailing')).toThrow('1:5: text outside the root element');
  });
});
