/**
 * Plain (unencrypted) settings: the cached user shown at startup before the
 * session is validated, and how the stored session was obtained. Nothing here
 * is a secret (recipe, "Cached user for optimistic restore"); tokens live only
 * in the secure storage service.
 */
import ElectronStoreImport from 'electron-store';
import type { CachedUser } from '../core/index.ts';
import { ClientError } from '../shared/client-errors.ts';
import type { SessionKind } from '../shared/ipc-contract.ts';

const ElectronStore = (ElectronStoreImport as unknown as { default?: typeof ElectronStoreImport }).default ?? ElectronStoreImport;

interface Settings {
  cachedUser?: CachedUser;
  sessionKind?: SessionKind;
}

export class SettingsStore {
  private readonly store: ElectronStoreImport<Settings>;

  constructor(options: { cwd?: string } = {}) {
    this.store = new ElectronStore<Settings>({ name: 'settings', clearInvalidConfig: true, ...(options.cwd === undefined ? {} : { cwd: options.cwd }) });
  }

  loadUser(): CachedUser | null {
    return this.store.get('cachedUser') ?? null;
  }

  saveUser(user: unknown): void {
    this.store.set('cachedUser', parseCachedUser(user));
  }

  clearUser(): void {
    this.store.delete('cachedUser');
  }

  sessionKind(): SessionKind | null {
    return this.store.get('sessionKind') ?? null;
  }

  setSessionKind(kind: SessionKind | null): void {
    if (kind === null) this.store.delete('sessionKind');
    else this.store.set('sessionKind', kind);
  }
}

export function parseCachedUser(value: unknown): CachedUser {
  const candidate = (value ?? {}) as Record<string, unknown>;
  const field = (name: 'id' | 'email' | 'name'): string => {
    const v = candidate[name];
    if (typeof v !== 'string' || v.length > 320) throw new ClientError('INVALID_IPC_ARGUMENT', `user.${name}: expected a string of at most 320 characters`);
    return v;
  };
  return { id: field('id'), email: field('email'), name: field('name') };
}
