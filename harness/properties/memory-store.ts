/**
 * An in-memory TokenStore that records what happened to it: every clear and
 * write, in order. Operations take effect when issued (like IPC to one main
 * process) and resolve on a microtask.
 */
import type { TokenKey, TokenPair, TokenStore } from '../../electron-app/src/core/ports.ts';

export type StoreOperation = { op: 'set'; pair: TokenPair; seq: number } | { op: 'clear'; seq: number };

export interface RecordingStore extends TokenStore {
  readonly operations: readonly StoreOperation[];
  snapshot(): { accessToken: string | null; refreshToken: string | null };
  clearCount(): number;
  /** Writes without recording (test setup, e.g. a session persisted before the app starts). */
  seed(pair: TokenPair): void;
}

export function createRecordingStore(sequence?: () => number): RecordingStore {
  return new MemoryTokenStore(sequence);
}

class MemoryTokenStore implements RecordingStore {
  readonly operations: StoreOperation[] = [];
  private accessToken: string | null = null;
  private refreshToken: string | null = null;
  private ownSequence = 0;

  constructor(private readonly sequence?: () => number) {}

  get(key: TokenKey): Promise<string | null> {
    return Promise.resolve(key === 'accessToken' ? this.accessToken : this.refreshToken);
  }

  set(pair: TokenPair): Promise<void> {
    if (typeof pair?.accessToken !== 'string' || typeof pair.refreshToken !== 'string') {
      return Promise.reject(new TypeError('store.set expects { accessToken: string, refreshToken: string }'));
    }
    this.accessToken = pair.accessToken;
    this.refreshToken = pair.refreshToken;
    this.operations.push({ op: 'set', pair: { accessToken: pair.accessToken, refreshToken: pair.refreshToken }, seq: this.next() });
    return Promise.resolve();
  }

  clear(): Promise<void> {
    this.accessToken = null;
    this.refreshToken = null;
    this.operations.push({ op: 'clear', seq: this.next() });
    return Promise.resolve();
  }

  snapshot(): { accessToken: string | null; refreshToken: string | null } {
    return { accessToken: this.accessToken, refreshToken: this.refreshToken };
  }

  clearCount(): number {
    let count = 0;
    for (const operation of this.operations) if (operation.op === 'clear') count++;
    return count;
  }

  seed(pair: TokenPair): void {
    this.accessToken = pair.accessToken;
    this.refreshToken = pair.refreshToken;
  }

  private next(): number {
    return this.sequence ? this.sequence() : ++this.ownSequence;
  }
}
