/** Medians for the benchmarks: the middle item (the upper one of two for an even count). */
export function medianBy<T>(items: readonly T[], key: (item: T) => number): T | undefined {
  return [...items].sort((a, b) => key(a) - key(b))[Math.floor(items.length / 2)];
}

export function median(values: readonly number[]): number {
  return medianBy(values, (value) => value) ?? 0;
}
