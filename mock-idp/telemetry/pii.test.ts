import { describe, expect, it } from 'vitest';
import { MAX_PII_DEPTH, REDACTED, screenPii } from './pii.ts';

const rules = { fields: ['email', 'userId'], detectEmails: true };

describe('screenPii', () => {
  it('finds PII fields by name at any depth, case-insensitively, and email-shaped values anywhere', () => {
    const props = { screen: 'settings', user: { EMAIL: 'x' }, list: [{ note: 'mail me at ada@example.test' }], userid: 7 };
    expect(screenPii(props, 'props', rules, false)).toEqual(['props.user.EMAIL', 'props.list[0].note', 'props.userid']);
    expect(props.user.EMAIL).toBe('x');
  });

  it('redacts in place when asked, leaving other values alone', () => {
    const props = { screen: 'settings', email: 'ada@example.test', nested: { value: 3 } };
    expect(screenPii(props, 'props', rules, true)).toEqual(['props.email']);
    expect(props).toEqual({ screen: 'settings', email: REDACTED, nested: { value: 3 } });
  });

  it(`screens ${MAX_PII_DEPTH} levels deep and refuses deeper data, naming the path and the limit, rather than pass it unscreened`, () => {
    const nest = (levels: number, leaf: unknown): unknown => (levels === 0 ? leaf : { n: nest(levels - 1, leaf) });
    expect(screenPii(nest(MAX_PII_DEPTH, { email: 'x' }), 'props', rules, false)).toEqual([`props${'.n'.repeat(MAX_PII_DEPTH)}.email`]);
    for (const redact of [false, true]) {
      expect(() => screenPii(nest(MAX_PII_DEPTH + 1, { email: 'x' }), 'props', rules, redact)).toThrow(
        expect.objectContaining({ code: 'INVALID_REQUEST', message: expect.stringContaining(`props${'.n'.repeat(MAX_PII_DEPTH + 1)}: nested more than ${MAX_PII_DEPTH} levels deep`) }),
      );
    }
  });

  it('does not flag values when email detection is off', () => {
    expect(screenPii({ note: 'ada@example.test' }, 'props', { fields: [], detectEmails: false }, false)).toEqual([]);
  });
});
