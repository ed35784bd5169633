import { describe, expect, it } from 'vitest';
import { REDACTED, screenPii } from './pii.ts';

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

  it('does not flag values when email detection is off', () => {
    expect(screenPii({ note: 'ada@example.test' }, 'props', { fields: [], detectEmails: false }, false)).toEqual([]);
  });
});
