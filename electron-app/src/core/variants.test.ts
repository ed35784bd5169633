import { describe, expect, it } from 'vitest';
import { BUGGY_PRESET_NAMES, disabledCorrections, getPreset, PRESETS, REFERENCE_SWITCHES, SWITCH_NAMES } from './variants.ts';

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
