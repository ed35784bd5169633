import { describe, expect, test } from 'vitest';
import { createPrng } from './prng.ts';

const draw = (prng: { next(): number }, count: number) => Array.from({ length: count }, () => prng.next());

describe('createPrng', () => {
  test('the same seed yields the same sequence', () => {
    expect(draw(createPrng(42), 100)).toEqual(draw(createPrng(42), 100));
  });

  test('neighbouring seeds yield different sequences', () => {
    expect(draw(createPrng(1), 10)).not.toEqual(draw(createPrng(2), 10));
    expect(draw(createPrng(0), 10)).not.toEqual(draw(createPrng(2 ** 32), 10));
  });

  test('numbers lie in [0, 1) and spread over the interval', () => {
    const values = draw(createPrng(7), 10_000);
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });

  test('a fork depends on the seed and label, not on how much the parent drew', () => {
    const fresh = createPrng(9);
    const used = createPrng(9);
    draw(used, 50);
    expect(draw(fresh.fork('f1'), 20)).toEqual(draw(used.fork('f1'), 20));
    expect(draw(fresh.fork('f1'), 20)).not.toEqual(draw(fresh.fork('f2'), 20));
    expect(draw(fresh.fork('f1'), 20)).not.toEqual(draw(createPrng(9), 20));
  });

  test('rejects a seed that is not a safe integer with a TypeError', () => {
    expect(() => createPrng(1.5)).toThrow(TypeError);
    expect(() => createPrng(Number.NaN)).toThrow(TypeError);
  });
});
