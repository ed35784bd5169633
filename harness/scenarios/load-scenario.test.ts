import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS_DIR, loadScenario, loadScenarios, parseScenario, resolveScenarioArgument } from './load-scenario.ts';
import { ScenarioError, isScenarioError } from './scenario-error.ts';

const VALID = `name: tiny
title: A tiny scenario
teaches: >
  Enough words to count as a paragraph for educators, which the schema asks for so that every
  scenario explains itself.
client: { windows: 2 }
steps:
  - signIn: {}
  - advanceClock: { by: 16m }
  - burst: { window: all, requests: 5 }
expect:
  final: { state: signed-in, tokensStored: true }
`;

/** Replaces one line of VALID (matched by its start) and returns the error the loader throws. */
function errorFor(text: string, file = 'bad.yaml'): ScenarioError {
  try {
    parseScenario(text, file);
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error('expected the scenario to be refused');
}

describe('parseScenario', () => {
  it('parses a valid file into steps discriminated on kind, with durations in ms and defaults filled', () => {
    const scenario = parseScenario(VALID, 'tiny.yaml');
    expect(scenario.steps).toEqual([
      { kind: 'signIn', method: 'password' },
      { kind: 'advanceClock', by: 960_000 },
      { kind: 'burst', window: 'all', requests: 5, path: '/api/notes', wait: true },
    ]);
    expect(scenario.client).toEqual({ variant: 'reference', windows: 2, safeStorage: 'available' });
    expect(scenario.expect.invariants).toHaveLength(10);
  });

  it('accepts a step without options written as a bare key (`- restart:`)', () => {
    const scenario = parseScenario(VALID.replace('  - signIn: {}', '  - signIn:\n  - restart:'), 'tiny.yaml');
    expect(scenario.steps[1]).toEqual({ kind: 'restart' });
  });

  it.each([
    ['a wrong step name', VALID.replace('advanceClock: { by: 16m }', 'advanceClok: { by: 16m }'), 'steps[1].advanceClok', /unknown step; expected one of signIn, advanceClock/, 9],
    ['a bad duration', VALID.replace('by: 16m', 'by: 16 minutes'), 'steps[1].advanceClock.by', /expected a duration such as .*got "16 minutes"/, 9],
    ['an infinite duration', VALID.replace('by: 16m', 'by: .inf'), 'steps[1].advanceClock.by', /expected a duration such as .*got Infinity$/, 9],
    ['an unknown invariant', VALID.replace('expect:\n', 'expect:\n  invariants: [single-flight, no-refresh-strom]\n'), 'expect.invariants[1]', /expected one of "single-flight".*got "no-refresh-strom"/, 12],
    ['an unknown rotation preset', VALID.replace('client:', 'idp:\n  rotation: { preset: google }\nclient:'), 'idp.rotation.preset', /expected a preset: strict \| auth0 \| okta \| hydra \| keycloak \| custom, got "google"/, 7],
    ['a bad fault rule', VALID.replace('client:', 'idp:\n  faults:\n    - match: { group: refresh }\n      action: { type: status, status: 700 }\nclient:'), 'idp.faults[0].action.status', /expected a number between 200 and 599, got 700/, 9],
    ['a bad fault rule in addFault', VALID.replace('  - signIn: {}', '  - signIn: {}\n  - addFault: { rule: { action: { type: teleport } } }'), 'steps[1].addFault.rule.action.type', /expected one of "status", "delay"/, 9],
    ['two steps in one item', VALID.replace('  - signIn: {}', '  - signIn: {}\n    restart: {}'), 'steps[0]', /expected exactly one step per list item, got signIn, restart/, 8],
    ['a window the client does not have', VALID.replace('{ window: all, requests: 5 }', '{ window: 3, requests: 5 }'), 'steps[2].burst.window', /expected a window between 1 and 2 \(client.windows\), got 3/, 10],
    ['an unknown client variant', VALID.replace('client: { windows: 2 }', 'client: { windows: 2, variant: buggy }'), 'client.variant', /expected one of "reference", "recipe-as-written",.*got "buggy"/, 6],
    ['too many requests in a burst', VALID.replace('requests: 5', 'requests: 500'), 'steps[2].burst.requests', /expected an integer between 1 and 100, got 500/, 10],
    ['removing a fault never added', VALID.replace('  - signIn: {}', '  - signIn: {}\n  - removeFault: { id: ghost }'), 'steps[1].removeFault.id', /expected the id of a fault added earlier/, 9],
    ['two IdP faults with one id', VALID.replace('client:', 'idp:\n  faults:\n    - { id: x, action: { type: reset } }\n    - { id: x, action: { type: blackhole } }\nclient:'), 'idp.faults[1].id', /expected a fault id not in force, "x" is still in force from idp.faults\[0\]/, 9],
    ['adding a fault whose id is in force', VALID.replace('  - signIn: {}', '  - signIn: {}\n  - addFault: { rule: { id: x, action: { type: reset } } }\n  - addFault: { rule: { id: x, action: { type: reset } } }'), 'steps[2].addFault.rule.id', /"x" is still in force from steps\[1\]/, 10],
    ['a fault with the id the offline step uses', VALID.replace('  - signIn: {}', '  - signIn: {}\n  - addFault: { rule: { id: tokenstorm-offline, action: { type: reset } } }'), 'steps[1].addFault.rule.id', /expected a fault id other than "tokenstorm-offline"/, 9],
    ['a fault on a route group the IdP does not have', VALID.replace('  - signIn: {}', '  - signIn: {}\n  - addFault: { rule: { match: { group: refesh }, action: { type: reset } } }'), 'steps[1].addFault.rule.match.group', /expected a route group \(auth, refresh,.*got "refesh"/, 9],
    ['two users with one email', VALID.replace('client:', 'idp:\n  users:\n    - { email: a@b.test, password: password1, name: A }\n    - { email: A@b.test, password: password2, name: B }\nclient:'), 'idp.users[1].email', /expected a unique email \(case does not count\), "A@b.test" is already users\[0\]'s/, 9],
    ['a setClock with neither to nor offset', VALID.replace('  - signIn: {}', '  - signIn: {}\n  - setClock: {}'), 'steps[1].setClock', /expected exactly one of "to" .* or "offset"/, 9],
    ['one final state per window, but too few', VALID.replace('state: signed-in,', 'state: [signed-in],'), 'expect.final.state', /expected one state per window \(2\), got 1/, 12],
    ['a kept draft that was never typed', VALID.replace('tokensStored: true', 'tokensStored: true, draftKept: true'), 'expect.final.draftKept', /expected a typeDraft step before it/, 12],
    ['a name that is not kebab-case', VALID.replace('name: tiny', 'name: Tiny Scenario'), 'name', /expected a kebab-case id/, 1],
    ['a missing expectation', VALID.replace(/expect:[\s\S]*$/, ''), 'expect', /missing; expected expectations/, 1],
  ])('names the file, the path and the line for %s', (_what, text, path, message, line) => {
    const error = errorFor(text);
    expect(error.code).toBe('INVALID_SCENARIO');
    const issue = error.issues.find((candidate) => candidate.path === path);
    expect(issue, `issues: ${JSON.stringify(error.issues)}`).toBeDefined();
    expect(issue!.message).toMatch(message);
    expect(issue!.line).toBe(line);
    expect(error.message).toContain(`bad.yaml:${line}:`);
    expect(error.message).toContain(`${path}: `);
  });

  it('says once what is wrong with a number too big to be an integer', () => {
    const error = errorFor(VALID.replace('  - signIn: {}', '  - signIn: {}\n  - addFault: { rule: { after: 1e300, action: { type: reset } } }'));
    expect(error.issues.map((issue) => `${issue.path}: ${issue.message}`)).toEqual(['steps[1].addFault.rule.after: expected a non-negative integer, got 1e+300']);
  });

  it('lets a fault id be used again once its rule was removed or the faults cleared', () => {
    const again = VALID.replace('  - signIn: {}', ['  - signIn: {}', '  - addFault: { rule: { id: x, action: { type: reset } } }', '  - removeFault: { id: x }', '  - addFault: { rule: { id: x, action: { type: reset } } }', '  - clearFaults: {}', '  - addFault: { rule: { id: x, action: { type: reset } } }'].join('\n'));
    expect(parseScenario(again, 'again.yaml').steps.filter((step) => step.kind === 'addFault')).toHaveLength(3);
  });

  it('names fault rules that have no id with ids no rule of the file names, so a file that validates adds them all', () => {
    const faults = VALID.replace('client: { windows: 2 }', 'client: { windows: 2 }\nidp:\n  faults:\n    - { action: { type: reset } }').replace(
      '  - signIn: {}',
      ['  - signIn: {}', '  - addFault: { rule: { id: f1, action: { type: reset } } }', '  - addFault: { rule: { action: { type: reset } } }', '  - addFault: { rule: { id: f3, action: { type: reset } } }'].join('\n'),
    );
    const scenario = parseScenario(faults, 'faults.yaml');
    const added = scenario.steps.flatMap((step) => (step.kind === 'addFault' ? [step.rule.id] : []));
    expect([scenario.idp.faults?.[0]?.id, ...added]).toEqual(['f2', 'f1', 'f4', 'f3']);
  });

  it('refuses a YAML syntax error with the line and column', () => {
    const error = errorFor(VALID.replace('title: A tiny scenario', 'title: Oops: a colon'));
    expect(error.code).toBe('INVALID_SCENARIO');
    expect(error.issues[0]).toMatchObject({ line: 2, message: expect.stringMatching(/^YAML syntax error/) });
    expect(error.message).toMatch(/^bad\.yaml:2:\d+: YAML syntax error/);
  });

  it('refuses duplicate keys as a YAML error naming the key', () => {
    expect(errorFor(`${VALID}name: again\n`).message).toMatch(/bad\.yaml:\d+:\d+: YAML syntax error: .*unique.* \(the key "name" is given twice\)$/i);
  });

  it('lists the problems in the order of the file, not of the schema', () => {
    // `expect` written above `steps` (zod checks steps first), each with a mistake.
    const [head, rest] = VALID.split('steps:\n');
    const [steps, expectation] = rest!.split('expect:\n');
    const text = `${head}expect:\n${expectation!.replace('signed-in', 'nope')}steps:\n${steps!.replace('16m', 'soon')}`;
    const lines = errorFor(text).message.split('\n').map((line) => Number(/^bad\.yaml:(\d+):/.exec(line)?.[1]));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBeLessThan(lines[1]!);
  });

  it('refuses aliases that expand without bound (a "billion laughs" file) with the file named, not a crash', () => {
    const levels = Array.from({ length: 9 }, (_, level) => `x${level + 1}: &a${level + 1} [${Array(9).fill(`*a${level}`).join(',')}]`);
    const bomb = VALID.replace('steps:', ['x0: &a0 [1,1,1,1,1,1,1,1,1]', ...levels, 'steps:'].join('\n'));
    expect(errorFor(bomb, 'laughs.yaml').message).toMatch(/^laughs\.yaml: YAML could not be read: Excessive alias count/);
  });

  it('refuses a document that is not a mapping', () => {
    expect(errorFor('- just\n- a list\n').message).toMatch(/^bad\.yaml:1:1: expected a scenario/);
  });

  it('is recognised by code, not only by class', () => {
    expect(isScenarioError(errorFor('[]'))).toBe(true);
    expect(isScenarioError(new Error('other'))).toBe(false);
  });
});

describe('built-in scenarios', () => {
  it('all validate, at least 15 of them, sorted by name', async () => {
    const loaded = await loadScenarios();
    expect(loaded.length).toBeGreaterThanOrEqual(15);
    const names = loaded.map((entry) => entry.scenario.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  });

  it('cover every failure mode of the seeds', async () => {
    const names = new Set((await loadScenarios()).map((entry) => entry.scenario.name));
    for (const name of [
      'access-expiry-burst', 'refresh-429-retry-after', 'server-error-storm', 'two-window-rotation-race',
      'reuse-detection-strict', 'reuse-detection-auth0', 'reuse-detection-okta', 'reuse-detection-hydra', 'reuse-detection-keycloak',
      'revocation-while-online', 'revocation-while-offline', 'offline-startup-cached-user', 'network-loss-mid-refresh',
      'slow-refresh-timeout', 'keychain-unavailable', 'sign-out-during-refresh', 'rotated-token-lost-on-restart',
      'clock-skew', 'token-endpoint-quota', 'restart-after-days',
    ]) expect(names, name).toContain(name);
  });

  it('each use the preset their name promises', async () => {
    const loaded = await loadScenarios();
    for (const preset of ['strict', 'auth0', 'okta', 'hydra', 'keycloak']) {
      const entry = loaded.find((candidate) => candidate.scenario.name === `reuse-detection-${preset}`);
      expect(entry?.scenario.idp.rotation?.preset).toBe(preset);
    }
  });

  it('each target the reference client and start by signing in', async () => {
    for (const { scenario } of await loadScenarios()) {
      expect(scenario.client.variant, scenario.name).toBe('reference');
      expect(scenario.steps[0]?.kind, scenario.name).toBe('signIn');
    }
  });
});

describe('loadScenarios', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tokenstorm-scenarios-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses two files with the same scenario name', async () => {
    await writeFile(join(dir, 'tiny.yaml'), VALID);
    await writeFile(join(dir, 'tiny.yml'), VALID);
    await expect(loadScenarios(dir)).rejects.toMatchObject({ code: 'DUPLICATE_SCENARIO', message: expect.stringMatching(/name: expected a unique name, "tiny" is already used by/) });
  });

  it('refuses a scenario whose name differs from its file name', async () => {
    await writeFile(join(dir, 'other.yaml'), VALID);
    await expect(loadScenarios(dir)).rejects.toMatchObject({ code: 'INVALID_SCENARIO', message: expect.stringContaining('other.yaml: name: expected "other"') });
  });

  it('stops at the first bad file, so nothing runs from a half-valid suite', async () => {
    await writeFile(join(dir, 'tiny.yaml'), VALID);
    await writeFile(join(dir, 'broken.yaml'), VALID.replace('name: tiny', 'name: broken').replace('16m', 'soon'));
    await expect(loadScenarios(dir)).rejects.toThrow(/broken\.yaml:9:\d+: steps\[1\]\.advanceClock\.by/);
  });

  it('names a file it cannot read', async () => {
    await expect(loadScenario(join(dir, 'missing.yaml'))).rejects.toThrow(/missing\.yaml: cannot read the file \(ENOENT\)/);
  });

  it('names a directory it cannot read, or that is not one', async () => {
    await expect(loadScenarios(join(dir, 'missing'))).rejects.toMatchObject({ code: 'INVALID_SCENARIO', message: expect.stringMatching(/missing: cannot read the scenario directory \(ENOENT\)/) });
    await writeFile(join(dir, 'tiny.yaml'), VALID);
    await expect(loadScenarios(join(dir, 'tiny.yaml'))).rejects.toThrow(/tiny\.yaml: cannot read the scenario directory \(ENOTDIR\)/);
  });

  it('reads the built-in directory by default', async () => {
    const [first] = await loadScenarios();
    expect(first!.file.startsWith(BUILTIN_SCENARIOS_DIR)).toBe(true);
    expect(await readFile(first!.file, 'utf8')).toContain(`name: ${first!.scenario.name}`);
  });
});

describe('resolveScenarioArgument', () => {
  const present = (...paths: string[]) => (path: string) => paths.includes(path);

  it('takes an existing file as it is, resolved', () => {
    expect(resolveScenarioArgument('mine.yaml', present('mine.yaml'))).toBe(join(process.cwd(), 'mine.yaml'));
  });

  it('takes a bare name that is no file for the built-in scenario of that name', () => {
    expect(resolveScenarioArgument('access-expiry-burst')).toBe(join(BUILTIN_SCENARIOS_DIR, 'access-expiry-burst.yaml'));
  });

  it('prefers a file in the working directory over a built-in scenario of the same name', () => {
    expect(resolveScenarioArgument('clock-skew', present('clock-skew', join(BUILTIN_SCENARIOS_DIR, 'clock-skew.yaml')))).toBe(join(process.cwd(), 'clock-skew'));
  });

  it('takes a bare name for the built-in scenario when a directory has that name (a --report left behind)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tokenstorm-resolve-'));
    const cwd = process.cwd();
    try {
      await mkdir(join(dir, 'access-expiry-burst'));
      process.chdir(dir);
      expect(resolveScenarioArgument('access-expiry-burst')).toBe(join(BUILTIN_SCENARIOS_DIR, 'access-expiry-burst.yaml'));
    } finally {
      process.chdir(cwd);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says a directory is not a scenario file', async () => {
    await expect(loadScenario(BUILTIN_SCENARIOS_DIR)).rejects.toThrow(/expected a scenario file, got a directory/);
  });

  it('leaves a missing path to the loader and has no answer for an unknown name', () => {
    expect(resolveScenarioArgument('dir/missing.yaml', present())).toBe(join(process.cwd(), 'dir/missing.yaml'));
    expect(resolveScenarioArgument('missing', present())).toBeUndefined();
  });
});
