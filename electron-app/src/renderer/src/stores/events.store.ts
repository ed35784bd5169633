/** The event panel's feed (the same events main writes to events.jsonl) and the window's connectivity. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ClientEvent } from '../../../shared/ipc-contract.ts';
import { api, unwrap } from '../services/bridge.ts';
import { logEvent } from '../services/client-log.ts';

const CAPACITY = 150;
/**
 * The panel shows what arrived at most this often. A burst brings dozens of
 * events within a few hundred ms; drawing the list again for each one kept
 * the window painting (a sixth of its CPU in a scenario run) for nothing a
 * person could read. The first event after a quiet spell shows at once.
 */
const PANEL_FRAME_MS = 200;

/** `shown` and `more` in order of `seq`, each event once, the newest CAPACITY. */
function merged(shown: ClientEvent[], more: ClientEvent[]): ClientEvent[] {
  const seen = new Set(shown.map((event) => event.seq));
  return [...shown, ...more.filter((event) => !seen.has(event.seq))].sort((a, b) => a.seq - b.seq).slice(-CAPACITY);
}

export const useEventsStore = defineStore('events', () => {
  const events = ref<ClientEvent[]>([]);
  const online = ref(navigator.onLine);
  const arriving: ClientEvent[] = [];
  let showTimer: number | undefined;
  let lastShown = -Infinity;

  function showArrived(): void {
    showTimer = undefined;
    lastShown = performance.now();
    events.value = merged(events.value, arriving.splice(0));
  }

  async function start(): Promise<void> {
    api().app.onEvent((event) => {
      arriving.push(event);
      showTimer ??= window.setTimeout(showArrived, Math.max(0, lastShown + PANEL_FRAME_MS - performance.now()));
    });
    const recent = unwrap(await api().app.recentEvents());
    events.value = merged(events.value, recent);
    window.addEventListener('online', () => setOnline(true));
    window.addEventListener('offline', () => setOnline(false));
  }

  function setOnline(value: boolean): void {
    online.value = value;
    logEvent(value ? 'online' : 'offline');
  }

  function clear(): void {
    events.value = [];
  }

  return { events, online, start, clear };
});
