/**
 * Reads a client's structured event log (`<profile>/logs/events.jsonl`, one
 * JSON object per line, written by the client with pino), whichever driver ran it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ClientLogEvent {
  seq: number;
  /** Real time, epoch ms. */
  t: number;
  source: 'client';
  /** Window id (`w1`, `w2`, …) or `main`. */
  window: string;
  type: string;
  [field: string]: unknown;
}

export function clientEventLogPath(profileDir: string): string {
  return join(profileDir, 'logs', 'events.jsonl');
}

/** The events logged so far; a line cut short by a write in progress is skipped. */
export async function readClientEventLog(profileDir: string): Promise<ClientLogEvent[]> {
  let text: string;
  try {
    text = await readFile(clientEventLogPath(profileDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const events: ClientLogEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      events.push(JSON.parse(line) as ClientLogEvent);
    } catch {
      // the last line may still be being written
    }
  }
  return events;
}
