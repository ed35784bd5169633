/**
 * Bounds a Map or Set that grows at the back (newest last, as they keep
 * insertion order) by forgetting its oldest entries past a capacity.
 *
 * Why not `collection.keys().next()` to find the oldest entry each time: V8
 * leaves a deleted entry as a hole that iteration steps over until the table
 * is next rebuilt, and a collection filled at the back and emptied at the
 * front keeps its holes at the front. Each lookup of "the oldest" then cost one
 * step per entry forgotten since the last rebuild — up to ~100,000 for the
 * token stores — and a mock IdP under steady refresh load fell from ~9,000 to
 * ~2,500 refreshes/s once it was full, slower every second. One live iterator
 * (ECMAScript iterators of a Map or Set go on across deletions and see what is
 * added after them) passes each hole once, so forgetting costs O(1).
 *
 * But an iterator that does not move holds on to the table it was made on,
 * and V8 links to it every table the collection outgrows or compacts since:
 * they all stay in memory, each with the entries it held then, deleted ones
 * included. Made when the IdP started and moved only past the capacity, it
 * kept every family forgotten and every token a reset cleared. So the
 * iterator is made only when there is something to forget, and let go once
 * `enforce()` has been called an eighth of the capacity times (16 at least)
 * without forgetting: a collection compacts at most about once in that many
 * additions, so it holds at most one old table, and the walk of the next
 * iterator over holes is paid once in as many additions.
 */
export interface CapacityBoundOptions<K, V> {
  /** An entry that must not be forgotten yet goes to the back of the line instead (it is newest from then on). */
  keep?: (key: K, value: V) => boolean;
  /** Told of each entry forgotten, after it is gone. */
  onForget?: (key: K, value: V) => void;
  /** Entries looked at per `enforce()` before giving up for now (kept ones cost a look each); default: every entry once. */
  probes?: number;
}

export interface CapacityBound {
  /** Forgets the oldest entries while the collection holds more than its capacity; call after each addition. */
  enforce(): void;
}

export function capacityBound<K, V>(collection: Map<K, V>, capacity: number, options?: CapacityBoundOptions<K, V>): CapacityBound;
export function capacityBound<K>(collection: Set<K>, capacity: number, options?: CapacityBoundOptions<K, K>): CapacityBound;
export function capacityBound<K, V>(collection: Map<K, V> | Set<K>, capacity: number, options: CapacityBoundOptions<K, V> = {}): CapacityBound {
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`a capacity must be a whole number of at least 1, not ${capacity}`);
  const { keep, onForget, probes = Infinity } = options;
  const isMap = collection instanceof Map;
  const valueOf = (key: K) => (isMap ? (collection as Map<K, V>).get(key) : key) as V;
  const idleLimit = Math.max(16, Math.ceil(capacity / 8));
  let cursor: IterableIterator<K> | undefined;
  let idle = 0;

  /** The oldest entry's key: every key before the cursor was forgotten or moved to the back. */
  function oldest(): IteratorResult<K> {
    const step = cursor?.next();
    if (step && !step.done) return step;
    // None yet, or one that reached the end and stays there (as every iterator does): start another.
    cursor = collection.keys();
    return cursor.next();
  }

  return {
    enforce() {
      if (collection.size <= capacity) {
        if (cursor && ++idle >= idleLimit) cursor = undefined;
        return;
      }
      idle = 0;
      // Looking at as many entries as there are means every one was kept: nothing more to forget now.
      const limit = Math.min(probes, collection.size);
      for (let looked = 0; looked < limit && collection.size > capacity; looked += 1) {
        const step = oldest();
        if (step.done) return;
        const key = step.value;
        const value = valueOf(key);
        collection.delete(key);
        if (!keep?.(key, value)) onForget?.(key, value);
        else if (isMap) (collection as Map<K, V>).set(key, value);
        else (collection as Set<K>).add(key);
      }
    },
  };
}
