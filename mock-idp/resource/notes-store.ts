/** In-memory notes per user: the protected resource a client under test reads and writes. */
export interface Note {
  id: string;
  text: string;
  createdAt: number;
}

export function createNotesStore(options: { clock: { now(): number }; maxPerUser?: number }) {
  const notes = new Map<string, Note[]>();
  const maxPerUser = options.maxPerUser ?? 1000;
  let nextId = 1;
  return {
    list: (userId: string): Note[] => notes.get(userId) ?? [],
    add(userId: string, text: string): Note {
      const note = { id: `note_${nextId++}`, text, createdAt: options.clock.now() };
      const list = notes.get(userId) ?? [];
      list.push(note);
      // Bounded: a burst scenario must not grow the IdP without limit.
      if (list.length > maxPerUser) list.shift();
      notes.set(userId, list);
      return note;
    },
    clear(): void {
      notes.clear();
      nextId = 1;
    },
  };
}

export type NotesStore = ReturnType<typeof createNotesStore>;
