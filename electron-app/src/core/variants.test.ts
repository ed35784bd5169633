import { describe, expect, it } from 'vitest';
import { createAuthApp, createAuthClient } from './auth-client.ts';
import { manualClock, memoryStore, response, scriptedFetch } from './test-doubles.ts';
import { BUGGY_PRESET_NAMES, disabledCorrections, getPreset, PRESETS, REFERENCE_SWITCHES, SWITCH_NAMES, validateSwitches, type ClientSwitches } from './variants.ts';

describe('client variants', () => {
  it('the reference turns every correction on', () => {
    expect(disabledCorrections(REFERENCE_SWITCHES)).toEqual([]);
    expect(getPreset('reference').switches).toEqual(REFERENCE_SWITCHES);
  });

  it('each classic-bug preset turns exactly one correction off, and no two presets demonstrate the same bug', () => {
    const single = PRESETS.filter((p) => p.name !== 'reference' && p.name !== 'recipe-as-written');
    const disabled = single.map((p) => disabledCorrections(p.switches));
    for (const list of disabled) expect(list).toHaveLength(1);
    expect(new Set(disabled.map((d) => d[0])).size).toBe(single.length);
    expect(single).toHaveLength(SWITCH_NAMES.length);
  });

  it('recipe-as-written has the recipe’s bugs: per-renderer mutex, clears on any failure, no backoff, no deadlines', () => {
    expect(disabledCorrections(getPreset('recipe-as-written').switches).sort()).toEqual(
      ['coordinateInMain', 'staleTokenRetry', 'keepTokensOnTransientFailure', 'backoff', 'refreshFirstStartup', 'guardLateRefresh', 'expireOnce', 'timeoutRequests'].sort(),
    );
  });

  it('recipe-as-written keeps what the recipe gets right: a per-renderer mutex and storing the rotated token', () => {
    const { switches } = getPreset('recipe-as-written');
    expect(switches.singleFlight).toBe(true);
    expect(switches.persistRotatedRefreshToken).toBe(true);
  });

  it('has the presets the issue asks for, each with a paragraph for educators', () => {
    for (const name of ['no-single-flight', 'clears-on-transient', 'stale-401-refresh', 'no-backoff', 'drops-rotated-refresh', 'access-first-startup', 'late-refresh-resurrects'] as const) {
      expect(BUGGY_PRESET_NAMES).toContain(name);
    }
    for (const preset of PRESETS) expect(preset.description.length).toBeGreaterThan(150);
  });

  it('presets are frozen so a test cannot mutate another test’s variant', () => {
    expect(Object.isFrozen(getPreset('no-backoff').switches)).toBe(true);
  });

  it('an unknown preset name is a caller mistake (TypeError listing the names)', () => {
    expect(() => getPreset('nope' as never)).toThrow(/expected one of reference/);
  });
});

describe('switches: a complete set of booleans, or refused', () => {
  const SPREAD_FIRST = 'to change some switches only, spread REFERENCE_SWITCHES (or getPreset(name).switches) first';
  const { timeoutRequests: _dropped, ...withoutTimeout } = REFERENCE_SWITCHES;

  it('refuses a partial set, naming the first missing switch (it would silently turn every other correction off)', () => {
    expect(() => validateSwitches({ singleFlight: false } as never)).toThrow(new TypeError(`switches coordinateInMain is missing; ${SPREAD_FIRST}`));
    expect(() => validateSwitches(withoutTimeout as never)).toThrow(`switches timeoutRequests is missing; ${SPREAD_FIRST}`);
  });

  it('refuses a preset name, an unknown switch and a switch that is not a boolean', () => {
    expect(() => validateSwitches('reference' as never)).toThrow('switches: expected an object like REFERENCE_SWITCHES (or getPreset(name).switches), got "reference"');
    expect(() => validateSwitches({ ...REFERENCE_SWITCHES, singleFlite: false } as never)).toThrow(`switches has no switch singleFlite; its switches are ${SWITCH_NAMES.join(', ')}`);
    expect(() => validateSwitches({ ...REFERENCE_SWITCHES, backoff: 'off' } as never)).toThrow('switches backoff must be true or false, got "off"');
  });

  it('createAuthClient, createAuthApp and disabledCorrections refuse them too; a spread set is fine', () => {
    const options = { baseUrl: 'http://idp.test', fetch: scriptedFetch(() => response(200)), store: memoryStore(), clock: manualClock() };
    expect(() => createAuthClient({ ...options, switches: { singleFlight: false } as ClientSwitches })).toThrow(`switches coordinateInMain is missing; ${SPREAD_FIRST}`);
    expect(() => createAuthApp({ ...options, switches: withoutTimeout as ClientSwitches })).toThrow(`switches timeoutRequests is missing; ${SPREAD_FIRST}`);
    expect(() => disabledCorrections('reference' as never)).toThrow(TypeError);
    expect(disabledCorrections({ ...REFERENCE_SWITCHES, singleFlight: false })).toEqual(['singleFlight']);
  });
});
