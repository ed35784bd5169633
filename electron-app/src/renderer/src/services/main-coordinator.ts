/**
 * The auth core's RefreshCoordinator, implemented by the one coordinator in
 * the main process (variants with `coordinateInMain`): refreshes go over IPC,
 * session events come back from main to every window, and `isExpired()` is
 * main's answer as of the last event.
 */
import { AuthError, isAuthErrorCode, scaledClock, type RefreshCoordinator, type SessionEvent } from '../../../core/index.ts';
import type { AppConfig } from '../../../shared/ipc-contract.ts';
import { api } from './bridge.ts';

export function createMainCoordinator(config: AppConfig): RefreshCoordinator & { dispose(): void } {
  const listeners = new Set<(event: SessionEvent) => void>();
  let expired = false;
  const unsubscribe = api().session.onEvent((message) => {
    expired = message.expired;
    for (const listener of listeners) listener(message.event);
  });
  return {
    switches: config.switches,
    policy: config.policy,
    // Requests this window sends itself (API calls, sign-in) still get their deadline here; IPC cannot abort, so no AbortController.
    deadline: { clock: scaledClock(config.timeScale), ms: config.switches.timeoutRequests ? config.policy.requestTimeoutMs : null, abort: false },
    async refresh(reason) {
      const result = await api().session.refresh(reason);
      if (result.success) return { ok: true, accessToken: result.data.accessToken };
      const code = isAuthErrorCode(result.code) ? result.code : 'INTERNAL';
      return { ok: false, error: new AuthError(code, result.error, result.retryAfterMs === undefined ? {} : { retryAfterMs: result.retryAfterMs }) };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    // Delivered to this window too, by main's broadcast.
    publish: (event) => api().session.publish(event),
    isExpired: () => expired,
    sessionStarted() {
      expired = false;
      api().session.started();
    },
    sessionEnded() {
      expired = false;
      api().session.ended();
    },
    dispose: unsubscribe,
  };
}
