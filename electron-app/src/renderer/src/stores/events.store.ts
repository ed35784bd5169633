/** The event panel's feed (the same events main writes to events.jsonl) and the window's connectivity. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ClientEvent } from '../../../shared/ipc-contract.ts';
import { api, unwrap } from '../services/bridge.ts';
import { logEvent } from '../services/client-log.ts';

const CAPACITY = 150;

export const useEventsStore = defineStore('events', () => {
  const events = ref<ClientEvent[]>([]);
  const online = ref(navigator.onLine);

  async function start(): Promise<void> {
    api().app.onEvent((event) => {
      events.value = [...events.value.slice(-(CAPACITY - 1)), event];
    });
    const recent = unwrap(await api().app.recentEvents());
    const seen = new Set(events.value.map((event) => event.seq));
    events.value = [...recent.filter((event) => !seen.has(event.seq)), ...events.value].sort((a, b) => a.seq - b.seq).slice(-CAPACITY);
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
