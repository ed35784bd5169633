/**
 * Finds PII in telemetry properties — by field name (case-insensitive, at any
 * depth up to MAX_PII_DEPTH) and, optionally, by value (anything shaped like an
 * email address) — and redacts it in place when asked. Returns the paths it
 * found. Data nested deeper is refused, never passed on unscreened.
 */
import { IdpError } from '../errors.ts';

export interface PiiRules {
  fields: readonly string[];
  detectEmails: boolean;
}

export const REDACTED = '[redacted]';
const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/;
/** How many levels of objects and arrays may sit below the screened value: enough for any real event, and a bound on the walk. */
export const MAX_PII_DEPTH = 16;

export function looksLikeEmail(value: string): boolean {
  return EMAIL.test(value);
}

export function screenPii(value: unknown, path: string, rules: PiiRules, redact: boolean): string[] {
  const fields = new Set(rules.fields.map((field) => field.toLowerCase()));
  const found: string[] = [];
  const visit = (node: unknown, at: string, depth: number): void => {
    if (node === null || typeof node !== 'object') return;
    if (depth > MAX_PII_DEPTH) {
      const message = `nested more than ${MAX_PII_DEPTH} levels deep: telemetry is screened for PII to that depth, so deeper data is not accepted`;
      throw new IdpError('INVALID_REQUEST', `${at}: ${message}`, { issues: [{ path: at, message }] });
    }
    const entries: Array<[string | number, unknown]> = Array.isArray(node) ? node.map((item, index) => [index, item]) : Object.entries(node);
    for (const [key, child] of entries) {
      const childPath = typeof key === 'number' ? `${at}[${key}]` : `${at}.${key}`;
      const byName = typeof key === 'string' && fields.has(key.toLowerCase());
      const byValue = rules.detectEmails && typeof child === 'string' && looksLikeEmail(child);
      if (byName || byValue) {
        found.push(childPath);
        if (redact) (node as Record<string | number, unknown>)[key] = REDACTED;
      } else {
        visit(child, childPath, depth + 1);
      }
    }
  };
  visit(value, path, 0);
  return found;
}
