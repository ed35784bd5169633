/** Adapts tokenstorm's own client core (any preset or set of switches) to the kit's ClientUnderTest. */
import { createAuthApp } from '../../electron-app/src/core/auth-client.ts';
import { hasAuthErrorCode } from '../../electron-app/src/core/errors.ts';
import { DEFAULT_RETRY_POLICY, validateRetryPolicy, type RetryPolicy } from '../../electron-app/src/core/retry-policy.ts';
import { getPreset, validateSwitches, type ClientSwitches, type PresetName } from '../../electron-app/src/core/variants.ts';
import type { AuthClient } from '../../electron-app/src/core/auth-client.ts';
import type { RequestInitLike, ResponseLike } from '../../electron-app/src/core/ports.ts';
import type { ClientUnderTest, SessionStatusName, WindowUnderTest } from './types.ts';

class CoreWindow implements WindowUnderTest {
  constructor(private readonly client: AuthClient) {}
  authenticatedFetch(path: string, init?: RequestInitLike): Promise<ResponseLike> {
    return this.client.authenticatedFetch(path, init);
  }
  initialize(): Promise<unknown> {
    return this.client.initialize();
  }
  signOut(): Promise<unknown> {
    return this.client.signOut();
  }
  status(): SessionStatusName {
    return this.client.state().status;
  }
}

export function coreClientUnderTest(variant: PresetName | { name: string; switches: Readonly<ClientSwitches> }, policy: Readonly<RetryPolicy> = DEFAULT_RETRY_POLICY): ClientUnderTest {
  const { name, switches } = typeof variant === 'string' ? getPreset(variant) : variant;
  // Refused here, once, rather than in every run as a property failure.
  validateSwitches(switches);
  validateRetryPolicy(policy);
  return {
    name,
    start(env, windows) {
      const app = createAuthApp({ baseUrl: env.baseUrl, fetch: env.fetch, store: env.store, clock: env.clock, random: env.random, switches, policy,
        // The simulated network holds no sockets; AbortController would cost more than the rest of a request.
        abortOnDeadline: false,
      });
      return Array.from({ length: windows }, () => new CoreWindow(app.openWindow()));
    },
    isSessionExpiredError: (error) => hasAuthErrorCode(error, 'SESSION_EXPIRED'),
  };
}
