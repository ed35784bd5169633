import { setTimeout as turn } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { capacityBound } from './capacity-bound.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** How many of `refs` a full collection leaves alive (a WeakRef holds its target until the job that read it ends). */
async function alive(refs: Array<WeakRef<object>>): Promise<number> {
  await turn(0);
  gc();
  return refs.filter((ref) => ref.deref() !== undefined).length;
}

describe('capacityBound', () => {
  it('forgets the oldest entries of a Map past its capacity, telling each one forgotten', () => {
    const map = new Map<string, number>();
    const forgotten: Array<[string, number]> = [];
    const bound = capacityBound(map, 3, { onForget: (key, value) => forgotten.push([key, value]) });
    for (let i = 1; i <= 6; i += 1) {
      map.set(`k${i}`, i);
      bound.enforce();
    }
    expect([...map.keys()]).toEqual(['k4', 'k5', 'k6']);
    expect(forgotten).toEqual([['k1', 1], ['k2', 2], ['k3', 3]]);
  });

  it('bounds a Set the same way', () => {
    const set = new Set<number>();
    const bound = capacityBound(set, 2);
    for (let i = 1; i <= 5; i += 1) {
      set.add(i);
      bound.enforce();
    }
    expect([...set]).toEqual([4, 5]);
  });

  it('goes on forgetting the oldest entry still there after entries are deleted, re-added or cleared in between', () => {
    const map = new Map<string, number>();
    const bound = capacityBound(map, 2);
    const add = (key: string) => {
      map.set(key, 0);
      bound.enforce();
    };
    add('a');
    add('b');
    add('c'); // forgets a
    map.delete('b');
    add('d');
    add('e'); // forgets c (b was deleted)
    expect([...map.keys()]).toEqual(['d', 'e']);
    map.delete('d');
    map.set('d', 1); // re-added: now the newest
    add('f'); // forgets e
    expect([...map.keys()]).toEqual(['d', 'f']);
    map.clear();
    for (const key of ['g', 'h', 'i']) add(key);
    expect([...map.keys()]).toEqual(['h', 'i']);
  });

  it('sends an entry it must keep to the back of the line, looking at no more than `probes` entries at a time', () => {
    const map = new Map<string, { pinned: boolean }>();
    const bound = capacityBound(map, 2, { keep: (_, value) => value.pinned, probes: 2 });
    map.set('pinned', { pinned: true });
    map.set('a', { pinned: false });
    map.set('b', { pinned: false });
    bound.enforce(); // pinned goes to the back, a is forgotten
    expect([...map.keys()]).toEqual(['b', 'pinned']);
    map.set('p2', { pinned: true });
    map.set('p3', { pinned: true });
    bound.enforce(); // looks at b (forgotten) and pinned (kept), then stops
    expect([...map.keys()]).toEqual(['p2', 'p3', 'pinned']);
  });

  it('stops when every entry must be kept, rather than going round for ever', () => {
    const set = new Set(['a', 'b', 'c']);
    capacityBound(set, 1, { keep: () => true }).enforce();
    expect(set.size).toBe(3);
  });

  it('keeps nothing alive that the collection no longer holds, before its first eviction or after a clear', async () => {
    const map = new Map<string, object>();
    const bound = capacityBound(map, 100);
    const refs: Array<WeakRef<object>> = [];
    const churn = (from: number, to: number) => {
      // Under the capacity, deleted as they come after a while (a family forgotten, a code redeemed): V8 compacts the table now and then.
      for (let i = from; i < to; i += 1) {
        const value = { i };
        refs.push(new WeakRef(value));
        map.set(`k${i}`, value);
        bound.enforce();
        if (i - from >= 50) map.delete(`k${i - 50}`);
      }
    };
    churn(0, 1_000);
    expect(map.size).toBe(50);
    expect(await alive(refs)).toBe(50);
    // Past the capacity once, then cleared (an admin reset) and used under it again.
    for (let i = 1_000; i < 1_200; i += 1) {
      map.set(`k${i}`, { i });
      bound.enforce();
    }
    expect(map.size).toBe(100);
    map.clear();
    refs.length = 0;
    churn(2_000, 3_000);
    expect(await alive(refs)).toBe(50);
  });

  it('refuses a capacity below 1', () => {
    expect(() => capacityBound(new Map(), 0)).toThrow(/at least 1, not 0/);
  });
});
