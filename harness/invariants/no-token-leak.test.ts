import { describe, expect, it } from 'vitest';
import { client, historyOf } from './history-builder.ts';
import { noTokenLeak } from './no-token-leak.ts';
import { DEFAULT_INVARIANT_OPTIONS } from './types.ts';

const token = 'rt_VGhpc0lzQVJlZnJlc2hUb2tlbkZvclRlc3Rpbmc';

describe('no-token-leak (in the history)', () => {
  it('holds when events carry fingerprints only', () => {
    expect(noTokenLeak.check(historyOf([client(1, 'main', 'token.stored', { key: 'refreshToken', fp: 'fp:abcdefabcdef' })], [token]), DEFAULT_INVARIANT_OPTIONS)).toEqual([]);
  });

  it('names the event that logged a raw token, without repeating it', () => {
    const leaky = client(1, 'w1', 'debug', { body: `{"refreshToken":"${token}"}` });
    const violations = noTokenLeak.check(historyOf([leaky], [token]), DEFAULT_INVARIANT_OPTIONS);
    expect(violations).toMatchObject([{ invariant: 'no-token-leak', events: [leaky] }]);
    expect(violations[0]!.message).not.toContain(token);
  });
});
