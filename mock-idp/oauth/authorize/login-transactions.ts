/**
 * Login transactions: between the login page being shown and its form being
 * posted, the validated authorization request waits here under an opaque id
 * (the form's hidden `txn`), so the POST needs no re-validation and cannot
 * smuggle in other parameters. Expire on the virtual clock; bounded.
 */
import { capacityBound } from '../../capacity-bound.ts';
import type { Clock } from '../../clock/virtual-clock.ts';
import { opaqueToken } from '../../tokens/fingerprint.ts';
import type { AuthorizationRequest } from './authorization-request.ts';

const CAPACITY = 10_000;

export interface LoginTransactions {
  open(request: AuthorizationRequest, ttlMs: number): string;
  /**
   * Takes a live transaction for one submission of its page, synchronously: until it is
   * released or closed, another submission of the same page finds it gone (a page is usable once).
   */
  claim(id: string): AuthorizationRequest | undefined;
  /** Gives a claimed transaction back, e.g. after a wrong password: the same page may be submitted again. */
  release(id: string): void;
  close(id: string): void;
  clear(): void;
}

export function createLoginTransactions(options: { clock: Clock }): LoginTransactions {
  const open = new Map<string, { request: AuthorizationRequest; expiresAt: number; claimed: boolean }>();
  const bound = capacityBound(open, CAPACITY);
  return {
    open(request, ttlMs) {
      const id = opaqueToken('txn');
      open.set(id, { request, expiresAt: options.clock.now() + ttlMs, claimed: false });
      bound.enforce();
      return id;
    },
    claim(id) {
      const entry = open.get(id);
      if (!entry || entry.claimed) return undefined;
      if (options.clock.now() > entry.expiresAt) {
        open.delete(id);
        return undefined;
      }
      entry.claimed = true;
      return entry.request;
    },
    release(id) {
      const entry = open.get(id);
      if (entry) entry.claimed = false;
    },
    close: (id) => void open.delete(id),
    clear: () => open.clear(),
  };
}
