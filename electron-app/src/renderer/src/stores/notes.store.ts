/**
 * The protected notes API through the core's authenticatedFetch: load, save
 * (the draft survives a session expiry: it is only cleared once saved), a burst
 * of N parallel requests to one of the API's read routes, and a sync done by
 * main's own authenticated fetch.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { BurstPath } from '../../../shared/burst-paths.ts';
import type { NotesSyncResult } from '../../../shared/ipc-contract.ts';
import { api, errorCode, errorMessage, unwrap } from '../services/bridge.ts';
import { authenticatedFetch } from '../services/api-client.ts';
import { logEvent } from '../services/client-log.ts';

export interface Note {
  id: string;
  text: string;
  createdAt: string | number;
}

export interface BurstSummary {
  /** 1, 2, 3… in the order the bursts were fired. */
  id: number;
  size: number;
  path: BurstPath;
  /** Null while the burst runs. */
  ms: number | null;
  /** Outcome label (`200`, `401`, `SESSION_EXPIRED`, …) → count. */
  outcomes: Record<string, number>;
}

/** How many bursts the screen lists, newest first, when none is running: a running burst is never dropped. */
const BURSTS_SHOWN = 4;

/** A new list of bursts, newest first: every one still running, then the newest finished ones, BURSTS_SHOWN in all where running ones leave room. */
function listedBursts(entries: BurstSummary[]): BurstSummary[] {
  let room = BURSTS_SHOWN - entries.filter((entry) => entry.ms === null).length;
  return entries.filter((entry) => entry.ms === null || room-- > 0);
}

export const useNotesStore = defineStore('notes', () => {
  const notes = ref<Note[]>([]);
  const draft = ref('');
  const loading = ref(false);
  const saving = ref(false);
  const error = ref<string | null>(null);
  const burstSize = ref(10);
  const burstPath = ref<BurstPath>('/api/notes');
  // Bursts may overlap (a burst to /api/me while one to /api/notes is held): each is listed under its own id.
  const bursts = ref<BurstSummary[]>([]);
  const nextBurstId = ref(1);
  const lastSync = ref<NotesSyncResult | null>(null);
  const syncError = ref<string | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      const response = await authenticatedFetch('/api/notes', { method: 'GET' });
      if (response.status !== 200) throw new Error(`GET /api/notes answered ${response.status}`);
      const body = (await response.json()) as { notes?: Note[] };
      notes.value = [...(body.notes ?? [])].reverse();
    } catch (caught) {
      error.value = describe(caught);
    } finally {
      loading.value = false;
    }
  }

  async function save(): Promise<void> {
    const text = draft.value.trim();
    if (text === '') return;
    saving.value = true;
    error.value = null;
    try {
      const response = await authenticatedFetch('/api/notes', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text }) });
      if (response.status !== 201 && response.status !== 200) throw new Error(`POST /api/notes answered ${response.status}`);
      const body = (await response.json()) as { note?: Note };
      if (body.note) notes.value = [body.note, ...notes.value];
      draft.value = '';
    } catch (caught) {
      // The draft stays: after signing in again the user saves it with one click.
      error.value = describe(caught);
    } finally {
      saving.value = false;
    }
  }

  async function burst(): Promise<void> {
    const size = Math.max(1, Math.min(100, Math.round(burstSize.value)));
    const path = burstPath.value;
    const id = nextBurstId.value++;
    bursts.value = listedBursts([{ id, size, path, ms: null, outcomes: {} }, ...bursts.value]);
    logEvent('burst.started', { size, path });
    const started = performance.now();
    const outcomes: Record<string, number> = {};
    await Promise.all(
      Array.from({ length: size }, async () => {
        let label: string;
        try {
          label = String((await authenticatedFetch(path, { method: 'GET' })).status);
        } catch (caught) {
          label = errorCode(caught);
        }
        outcomes[label] = (outcomes[label] ?? 0) + 1;
      }),
    );
    const ms = Math.round(performance.now() - started);
    bursts.value = bursts.value.map((entry) => (entry.id === id ? { ...entry, ms, outcomes } : entry));
    logEvent('burst.finished', { size, path, ms, ok: outcomes['200'] ?? 0, outcomes: JSON.stringify(outcomes) });
  }

  async function syncViaMain(): Promise<void> {
    syncError.value = null;
    try {
      lastSync.value = unwrap(await api().sync.notes());
    } catch (caught) {
      syncError.value = describe(caught);
    }
  }

  function reset(): void {
    notes.value = [];
    draft.value = '';
    syncError.value = null;
    bursts.value = [];
    lastSync.value = null;
    error.value = null;
  }

  return { notes, draft, loading, saving, error, burstSize, burstPath, bursts, nextBurstId, lastSync, syncError, load, save, burst, syncViaMain, reset };
});

function describe(error: unknown): string {
  switch (errorCode(error)) {
    case 'SESSION_EXPIRED':
      return 'Your session has expired. Sign in again — your unsaved note is kept.';
    case 'NO_SESSION':
      return 'You are not signed in.';
    case 'NETWORK':
    case 'TIMEOUT':
      return 'The server could not be reached. Your note is kept; try again when you are back online.';
    case 'REFRESH_RATE_LIMITED':
    case 'REFRESH_SERVER_ERROR':
      return 'The sign-in service is busy. Your session is kept; try again shortly.';
    default:
      return errorMessage(error);
  }
}
