/**
 * Login transactions: between the login page being shown and its form being
 * posted, the validated authorization request waits here under an opaque id
 * (the form's hidden `txn`), so the POST needs no re-validation and cannot
 * smuggle in other parameters. Expire on the virtual clock; bounded.
 */
import type { Clock } from '../../clock/virtual-clock.ts';
import { opaqueToken } from '../../tokens/fingerprint.ts';
import type { AuthorizationRequest } from './authorization-request.ts';

const CAPACITY = 10_000;

export interface LoginTransactions {
  open(request: AuthorizationRequest, ttlMs: number): string;
  get(id: string): AuthorizationRequest | undefined;
  close(id: string): void;
  clear(): void;
}

export function createLoginTransactions(options: { clock: Clock }): LoginTransactions {
  const open = new Map<string, { request: AuthorizationRequest; expiresAt: number }>();
  return {
    open(request, ttlMs) {
      const id = opaqueToken('txn');
      open.set(id, { request, expiresAt: options.clock.now() + ttlMs });
      if (open.size > CAPACITY) open.delete(open.keys().next().value!);
      return id;
    },
    get(id) {
      const entry = open.get(id);
      if (!entry) return undefined;
      if (options.clock.now() > entry.expiresAt) {
        open.delete(id);
        return undefined;
      }
      return entry.request;
    },
    close: (id) => void open.delete(id),
    clear: () => open.clear(),
  };
}
