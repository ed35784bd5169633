/**
 * A virtual clock with timers for property runs: time only moves when the
 * runner fires the next due timer, so a 15-minute expiry costs nothing and
 * every run is reproducible.
 */
import type { Clock } from '../../electron-app/src/core/ports.ts';

export interface TimerClock extends Clock {
  /** Number of timers not yet fired or cleared. */
  pendingTimers(): number;
  /** Advances to the earliest due timer and fires it (and any due at the same instant); false when none is pending. */
  fireNext(): boolean;
  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void;
  /** Observers of time moving (e.g. to advance a real IdP's clock by the same amount). */
  onAdvance(listener: (deltaMs: number, nowMs: number) => void): void;
}

interface Timer {
  id: number;
  at: number;
  callback: () => void;
}

export const DEFAULT_START_MS = Date.UTC(2026, 0, 1);

export function createTimerClock(startMs = DEFAULT_START_MS): TimerClock {
  return new VirtualTimerClock(startMs);
}

// A class rather than a closure bag: one is built per property run, and methods cost nothing per instance.
class VirtualTimerClock implements TimerClock {
  private current: number;
  private nextId = 1;
  /** Sorted by (at, id); runs hold few timers, so insertion sort beats a heap here. */
  private readonly timers: Timer[] = [];
  private readonly listeners: Array<(deltaMs: number, nowMs: number) => void> = [];

  constructor(startMs: number) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): number {
    const timer: Timer = { id: this.nextId++, at: this.current + Math.max(0, Number.isFinite(ms) ? ms : 0), callback };
    const { timers } = this;
    let index = timers.length;
    while (index > 0 && (timers[index - 1] as Timer).at > timer.at) index--;
    timers.splice(index, 0, timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    const index = this.timers.findIndex((t) => t.id === handle);
    if (index !== -1) this.timers.splice(index, 1);
  }

  pendingTimers(): number {
    return this.timers.length;
  }

  fireNext(): boolean {
    const first = this.timers[0];
    if (first === undefined) return false;
    this.moveTo(first.at);
    while (this.timers.length > 0 && (this.timers[0] as Timer).at <= this.current) (this.timers.shift() as Timer).callback();
    return true;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new TypeError(`advance expects a finite ms >= 0, got ${ms}`);
    const target = this.current + ms;
    while (this.timers.length > 0 && (this.timers[0] as Timer).at <= target) {
      const timer = this.timers.shift() as Timer;
      this.moveTo(timer.at);
      timer.callback();
    }
    this.moveTo(target);
  }

  onAdvance(listener: (deltaMs: number, nowMs: number) => void): void {
    this.listeners.push(listener);
  }

  private moveTo(target: number): void {
    if (target <= this.current) return;
    const delta = target - this.current;
    this.current = target;
    for (const listener of this.listeners) listener(delta, target);
  }
}
