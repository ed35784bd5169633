/**
 * Last line of defence against printing a credential in a report. Histories
 * carry fingerprints (`fp:…`), never tokens; this catches a token that slipped
 * into a free-form field anyway.
 */

import { OPAQUE_TOKEN_PREFIXES, fingerprint } from '../mock-idp/tokens/fingerprint.ts';

const JWT = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g;
/** The IdP's opaque tokens: `rt_…`, `ac_…`, `tt_…` and the rest, each 43 characters after the prefix. */
const OPAQUE_TOKEN = new RegExp(`\\b(?:${OPAQUE_TOKEN_PREFIXES.join('|')})_[\\w-]{16,}`, 'g');
const LONG_OPAQUE = /[^\s]{121,}/g;

/** True for a string that is, or contains, something shaped like a JWT, one of the IdP's opaque tokens or a long opaque blob. */
export function looksLikeToken(text: string): boolean {
  return [JWT, OPAQUE_TOKEN, LONG_OPAQUE].some((pattern) => {
    pattern.lastIndex = 0;
    return pattern.test(text);
  });
}

/** The text with every token-shaped part replaced by `[redacted]`. */
export function redactText(text: string): string {
  return text.replace(JWT, '[redacted]').replace(OPAQUE_TOKEN, '[redacted]').replace(LONG_OPAQUE, '[redacted]');
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

/**
 * The text with every one of `tokens` (the strings the IdP issued in a run) replaced by its fingerprint: this
 * catches what no shape can, such as better-auth's session tokens, which look like its user ids.
 */
export function redactIssued(text: string, tokens: readonly string[]): string {
  let redacted = text;
  for (const token of tokens) if (token.length >= 16 && redacted.includes(token)) redacted = redacted.replaceAll(token, `[token ${fingerprint(token)}]`);
  return redacted;
}
