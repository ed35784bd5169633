import { describe, expect, it } from 'vitest';
import { client, historyOf, step } from './history-builder.ts';
import { tokensKeptOnTransientFailure } from './tokens-kept-on-transient-failure.ts';
import { DEFAULT_INVARIANT_OPTIONS } from './types.ts';

const check = (events: Parameters<typeof historyOf>[0]) => tokensKeptOnTransientFailure.check(historyOf(events), DEFAULT_INVARIANT_OPTIONS);
const failed = (t: number, classification: string, status?: number) => client(t, 'main', 'refresh.failed', { classification, ...(status ? { status } : {}) });

describe('tokens-kept-on-transient', () => {
  it('holds when tokens are cleared only after a definitive 401 or a sign-out', () => {
    expect(check([failed(1_000, 'rate-limited', 429), failed(3_000, 'rejected', 401), client(3_010, 'main', 'token.cleared')])).toEqual([]);
    expect(check([failed(1_000, 'network'), step(2_000, 'sign-out'), client(2_100, 'main', 'token.cleared')])).toEqual([]);
  });

  it('names the transient failures and the clear that followed them', () => {
    const limited = failed(1_000, 'rate-limited', 429);
    const offline = failed(2_000, 'network');
    const cleared = client(2_010, 'main', 'token.cleared');
    expect(check([client(500, 'main', 'token.stored', { key: 'refreshToken' }), limited, offline, cleared])).toMatchObject([
      { invariant: 'tokens-kept-on-transient', events: [limited, offline, cleared] },
    ]);
  });
});
