/**
 * Last line of defence against printing a credential in a report. Histories
 * carry fingerprints (`fp:…`), never tokens; this catches a token that slipped
 * into a free-form field anyway.
 */

const JWT = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g;
const REFRESH_TOKEN = /rt_[\w-]{16,}/g;
const LONG_OPAQUE = /[^\s]{121,}/g;

/** True for a string that is, or contains, something shaped like a JWT, an `rt_…` token or a long opaque blob. */
export function looksLikeToken(text: string): boolean {
  return [JWT, REFRESH_TOKEN, LONG_OPAQUE].some((pattern) => {
    pattern.lastIndex = 0;
    return pattern.test(text);
  });
}

/** The text with every token-shaped part replaced by `[redacted]`. */
export function redactText(text: string): string {
  return text.replace(JWT, '[redacted]').replace(REFRESH_TOKEN, '[redacted]').replace(LONG_OPAQUE, '[redacted]');
}

/** A deep copy of a JSON-like value with token-shaped strings redacted. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redactText(value) as T;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactDeep(item)])) as T;
  }
  return value;
}
