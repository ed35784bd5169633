import { describe, expect, it } from 'vitest';
import { getProperty, PROPERTIES } from './catalog.ts';

describe('getProperty', () => {
  it('finds each of the nine by number', () => {
    for (const entry of PROPERTIES) expect(getProperty(entry.id)).toBe(entry);
  });

  it('says a number 1..9 was expected, and that a string such as "1" is not one', () => {
    expect(() => getProperty('1' as never)).toThrow(new TypeError('getProperty: expected a property number 1..9, got the string "1"'));
    expect(() => getProperty(10 as never)).toThrow('getProperty: expected a property number 1..9, got 10');
    expect(() => getProperty(Number.NaN as never)).toThrow('getProperty: expected a property number 1..9, got NaN');
  });
});
