import { describe, expect, it } from 'vitest';
import { assertCloneable, evaluateResult } from './cloneable.ts';

describe("evaluateResult: Playwright's ElectronApplication.evaluate contract", () => {
  it('resolves a function, or an object structured clone cannot copy, to undefined', () => {
    expect(evaluateResult(() => 1)).toBeUndefined();
    class WindowLike {
      listeners = { closed: [() => undefined] };
    }
    expect(evaluateResult(new WindowLike())).toBeUndefined();
  });

  it('drops functions inside arrays and plain objects and keeps the rest, cycles included', () => {
    const value: Record<string, unknown> = { n: 1, list: [1, () => 2], when: new Date(0), nested: { f: () => 3, s: 'x' } };
    value.self = value;
    const result = evaluateResult(value) as Record<string, unknown>;
    expect(result).toMatchObject({ n: 1, list: [1, undefined], when: new Date(0), nested: { s: 'x' } });
    expect(result.self).toBe(result);
  });

  it('passes values structured clone copies as they are', () => {
    expect(evaluateResult({ map: new Map([[1, 'a']]), bytes: new Uint8Array([1]) })).toEqual({ map: new Map([[1, 'a']]), bytes: new Uint8Array([1]) });
  });
});

describe('assertCloneable', () => {
  it("throws Electron's message for an ipcMain.handle result that cannot be cloned", () => {
    expect(() => assertCloneable({ f: () => 1 })).toThrow(new Error('An object could not be cloned.'));
    expect(() => assertCloneable({ ok: true })).not.toThrow();
  });
});
