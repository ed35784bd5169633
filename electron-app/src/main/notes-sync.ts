/**
 * A per-user notes sync done by main with its own authenticated fetch (the
 * recipe's "main process also needs to make authenticated API requests", e.g.
 * sync). Its cache is state that depends on the signed-in user, so signing out
 * after a sync asks for a restart (recipe, "awaitingRestart").
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuthError, type AuthenticatedFetch, type CachedUser } from '../core/index.ts';
import { ClientError } from '../shared/client-errors.ts';
import type { NotesSyncResult } from '../shared/ipc-contract.ts';

export interface NotesSyncOptions {
  dir: string;
  fetch: AuthenticatedFetch;
  currentUser(): CachedUser | null;
  now?: () => number;
}

export class NotesSync {
  private syncedUserId: string | null = null;

  constructor(private readonly options: NotesSyncOptions) {}

  async sync(): Promise<NotesSyncResult> {
    const user = this.options.currentUser();
    if (user === null) throw new AuthError('NO_SESSION', 'sign in before syncing');
    const response = await this.options.fetch('/api/notes', { method: 'GET' });
    if (response.status !== 200) throw new ClientError('API_ERROR', `GET /api/notes answered ${response.status}`);
    const body = (await response.json()) as { notes?: unknown };
    const notes = Array.isArray(body.notes) ? body.notes : [];
    const syncedAt = (this.options.now ?? Date.now)();
    mkdirSync(this.options.dir, { recursive: true });
    writeFileSync(this.fileFor(user.id), JSON.stringify({ userId: user.id, syncedAt, notes }, null, 2));
    this.syncedUserId = user.id;
    return { userId: user.id, count: notes.length, syncedAt };
  }

  hasDependentState(): boolean {
    return this.syncedUserId !== null;
  }

  /** Drops the signed-out user's cache; the in-memory state is only clean again after a restart. */
  discard(): void {
    if (this.syncedUserId !== null) rmSync(this.fileFor(this.syncedUserId), { force: true });
  }

  private fileFor(userId: string): string {
    return join(this.options.dir, `notes-${userId.replace(/[^A-Za-z0-9_-]/g, '_') || 'anonymous'}.json`);
  }
}
