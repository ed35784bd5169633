import { describe, expect, it } from 'vitest';
import { decimalOption, integerOption } from './number-options.ts';

describe('number options', () => {
  it('take decimal integers only, not what Number() also reads', () => {
    expect([integerOption('42'), integerOption('-7'), integerOption('0'), integerOption('007')]).toEqual([42, -7, 0, 7]);
    for (const text of [undefined, '', ' 1', '1 ', '0x50', '1e3', '1.5', '+1', 'Infinity', '9'.repeat(400)]) expect(integerOption(text), String(text)).toBeUndefined();
  });

  it('take decimal numbers, with or without a fraction', () => {
    expect([decimalOption('5'), decimalOption('2.5'), decimalOption('.5'), decimalOption('5.')]).toEqual([5, 2.5, 0.5, 5]);
    for (const text of [undefined, '', '0x10', '1e3', 'NaN', '.', '1.2.3']) expect(decimalOption(text), String(text)).toBeUndefined();
  });
});
