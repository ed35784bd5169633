/** Whether a rule's `match` selects a request. An empty match selects every request. */
import type { FaultMatch, RequestFacts } from './types.ts';

export function matchesRequest(match: FaultMatch, facts: RequestFacts): boolean {
  if (match.group !== undefined && !toList<string>(match.group).includes(facts.group)) return false;
  if (match.path !== undefined && !matchesPath(match.path, stripQuery(facts.path))) return false;
  if (match.method !== undefined) {
    const method = facts.method.toUpperCase();
    if (!toList(match.method).some((candidate) => candidate.toUpperCase() === method)) return false;
  }
  if (match.client !== undefined && match.client !== facts.clientId) return false;
  return true;
}

/** `/api/notes*` is a prefix (it also selects `/api/notes` itself); anything else is exact. */
function matchesPath(pattern: string, path: string): boolean {
  return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern;
}

function stripQuery(path: string): string {
  const query = path.indexOf('?');
  return query === -1 ? path : path.slice(0, query);
}

function toList<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}
