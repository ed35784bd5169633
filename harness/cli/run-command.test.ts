import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenstorm } from './cli-test-support.ts';
import { unbuiltClient } from './run-command.ts';
import { findElectronBinary } from '../drivers/electron/find-electron.ts';

// Named at import (the tables below use it), made only when the tests run: an import alone leaves nothing behind.
const scratch = join(tmpdir(), `tokenstorm-cli-run-${process.pid}`);
const aFile = join(scratch, 'a-file');
beforeAll(() => {
  mkdirSync(scratch, { recursive: true });
  writeFileSync(aFile, '');
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('tokenstorm run / matrix: bad options stop the run before anything starts', () => {
  it.each([
    [['run', '--shard', '3/2'], '--shard: expected i/n with 1 <= i <= n, such as 1/3, got "3/2"'],
    [['matrix', '--shard', '0/2'], '--shard: expected i/n with 1 <= i <= n, such as 1/3, got "0/2"'],
    [['run', '--shard', 'half'], '--shard: expected i/n'],
    [['run', '--workers', '0'], '--workers: expected a positive integer or a percentage of the cores such as 50%, got "0"'],
    [['run', '--workers', 'two'], '--workers: expected a positive integer or a percentage of the cores such as 50%, got "two"'],
    [['run', '--seed', 'abc'], '--seed: expected an integer, got "abc"'],
    [['run', '--seed', ''], '--seed: expected an integer, got ""'],
    [['run', '--seed', '0x50'], '--seed: expected an integer, got "0x50"'],
    [['run', '--seed', '1e300'], '--seed: expected an integer, got "1e300"'],
    [['run', '--time-scale', '0x10'], '--time-scale: expected a number above 0 and at most 1000 (1 is real time), got "0x10"'],
    [['run', '--trace', 'on-first-retry'], '--trace: expected off, on or retain-on-failure, got "on-first-retry"'],
    [['matrix', '--trace='], '--trace: expected off, on or retain-on-failure, got ""'],
    [['run', '--chaos', '2', '--trace', 'on'], '--chaos generates its own scenarios and runs them one at a time; it does not take --trace'],
    [['run', '--chaos', ''], '--chaos: expected a positive number of schedules, got ""'],
    [['run', '--repeat', '0'], '--repeat: expected a positive integer, got "0"'],
    [['run', 'keychain-unavailable', '--shrink-runs', '5'], '--shrink-runs: shrinking is part of chaos mode; give it with --chaos N'],
    [['matrix', '--variant', 'reference'], '--variant: a matrix runs every variant, each scenario once; use "tokenstorm run" for one variant or repeats'],
    [['matrix', '--repeat=3'], '--repeat: a matrix runs every variant, each scenario once'],
    [['run', '--variant', 'nope'], '--variant: unknown variant "nope"; expected one of reference,'],
    [['run', '--variant', 'reference', '--variant', 'recipe-as-written', '--variant', 'reference'], '--variant: "reference" is given twice; give each variant once, and --repeat N to run it again'],
    [['run', '--chaos', '2', '--variant', 'reference', '--variant', 'recipe-as-written'], '--chaos generates its own scenarios and runs them one at a time; it does not take more than one --variant'],
    [['run', '--report', aFile], `--report: cannot write the report to ${aFile}: it, or a directory above it, is a file`],
    [['matrix', '--report', join(aFile, 'out')], `--report: cannot write the report to ${join(aFile, 'out')}: it, or a directory above it, is a file`],
    [['run', '--report', '/proc/tokenstorm-report'], '--report: cannot write the report to /proc/tokenstorm-report: it is in a kernel file system'],
    [['run', '--chaos', '1', '--report', aFile], `--report: cannot write the report to ${aFile}`],
    [['run', 'keychain-unavailable', 'keychain-unavailable'], 'scenario "keychain-unavailable" would run twice (scenarios/keychain-unavailable.yaml is given twice); give each scenario once, and --repeat N to run it again'],
    [['run', 'no-such-scenario'], 'no-such-scenario: no such file, and no built-in scenario is named "no-such-scenario" (tokenstorm list names them)'],
  ])('%j', (args, message) => {
    const result = tokenstorm(...args);
    // 2: the command line is wrong; 1: a directory it names cannot be used.
    expect(result.code).toBe(message.startsWith('--report') ? 1 : 2);
    expect(result.stderr).toContain(message);
    // Nothing ran: Playwright prints its own lines and a summary only once it has started.
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

const electronInstalled = (() => {
  try {
    findElectronBinary();
    return true;
  } catch {
    return false;
  }
})();

describe('tokenstorm run --driver electron where no Electron is installed', () => {
  it.skipIf(electronInstalled)('says so before anything starts, with how to install it, and exits 1', () => {
    const result = tokenstorm('run', 'access-expiry-burst', '--driver', 'electron');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^tokenstorm run: --driver electron: The "electron" package has no downloaded binary: its install script did not run\.\n/);
    expect(result.stderr).toContain('--driver chromium');
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('tokenstorm run / matrix without a built client', () => {
  it('are refused before anything starts, saying how to build it', () => {
    expect(unbuiltClient('/nowhere/out/main/index.js')).toMatch(/^the reference client is not built \(\S*nowhere\/out\/main\/index\.js is missing\): run "npm run build:app" first/);
    expect(unbuiltClient()).toBeUndefined();
  });
});
